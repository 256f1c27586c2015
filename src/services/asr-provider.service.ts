// Which speech recogniser a call uses: per line, else the team's default. The configuration is stored in clear
// (it is shown in the console and may be logged); the secrets (API key, access token) are sealed with the
// server's SecretBox and opened only when a call needs them. The configuration's shape is the speech layer's
// (speech/asr/asr-provider-config.ts), validated where the provider is built.
import type { SecretBox } from '../lib/secret-box.js';
import { asrProviderRepository } from '../repositories/asr-provider.repository.js';
import type { Executor, Store } from '../repositories/store.js';

export interface AsrProviderInput {
  name: string;
  config: Record<string, unknown>;
  secrets?: Record<string, string>;
  isDefault?: boolean;
}

export interface ResolvedAsrProvider {
  id: string;
  name: string;
  config: Record<string, unknown>;
  /** Opened secrets; never log this object. */
  secrets: Record<string, string>;
}

export class AsrProviderSettings {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  /** Adds a recogniser for the team (inside the team's transaction); returns its id. */
  add(trx: Executor, teamId: string, input: AsrProviderInput): Promise<string> {
    const secrets = input.secrets && Object.keys(input.secrets).length > 0 ? input.secrets : undefined;
    return asrProviderRepository.insert(trx, {
      teamId,
      name: input.name,
      config: input.config,
      secretsEnc: secrets ? this.box.seal(JSON.stringify(secrets)) : null,
      isDefault: input.isDefault ?? false,
    });
  }

  /** Gives a line its own recogniser (null: back to the team's default). False when the line is not the team's. */
  assignToLine(trx: Executor, teamId: string, lineId: string, providerId: string | null): Promise<boolean> {
    return asrProviderRepository.assignToLine(trx, teamId, lineId, providerId);
  }

  /** The recogniser for a call on `lineId` (system handle: the call runs outside any request). */
  async forLine(teamId: string, lineId: string): Promise<ResolvedAsrProvider | undefined> {
    const row = await asrProviderRepository.forLine(this.store.system, teamId, lineId);
    if (!row) return undefined;
    const secrets = row.secrets_enc
      ? (JSON.parse(this.box.open(row.secrets_enc)) as Record<string, string>)
      : {};
    return { id: row.id, name: row.name, config: row.config, secrets };
  }
}
