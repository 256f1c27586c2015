// Per-tenant push signing secrets (X-Aicall-Signature, lib/webhook-signature.ts). Stored sealed with the server's
// SecretBox; the first one is created on first use (first push or first look at the settings). A rotation keeps
// the previous secret signing beside the new one for an overlap period, so receivers can switch at leisure.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../lib/secret-box.js';
import { pushSecretRepository } from '../../repositories/push-secret.repository.js';
import type { Executor, Store } from '../../repositories/store.js';

export interface SigningSecretView {
  secret: string;
  created_at: Date;
  /** null = current secret (no expiry); a date = the previous secret, valid until then. */
  expires_at: Date | null;
}

/** Overlap of a rotation when none is given: a day, enough for a receiver to deploy the new secret. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;
export const MAX_ROTATION_OVERLAP_HOURS = 24 * 30;

const newSecret = (): string => randomBytes(32).toString('hex');

/** Reads, creates and rotates a team's signing secrets. */
export class PushSigningSecrets {
  constructor(
    private readonly store: Store,
    private readonly box: SecretBox,
  ) {}

  /**
   * The team's active secrets, newest first, creating the first one if the team has none (workers: system handle).
   * @example const secrets = await signing.forTeam(teamId); buildWebhookHeaders({ …, secrets, … })
   */
  async forTeam(teamId: string): Promise<string[]> {
    const rows = await pushSecretRepository.active(this.store.system, teamId);
    if (rows.length > 0) return rows.map((r) => this.box.open(r.secret_enc));
    const views = await this.store.system.transaction().execute((trx) => this.#ensure(trx, teamId));
    return views.map((v) => v.secret);
  }

  /** The active secrets with their dates, inside a tenant transaction (created on first use). */
  list(trx: Executor, teamId: string): Promise<SigningSecretView[]> {
    return this.#ensure(trx, teamId);
  }

  /**
   * Makes a new current secret; the previous one keeps signing for `overlapHours` (0 = stops at once). A secret
   * still in the overlap of an earlier rotation stops now, so never more than two sign.
   */
  async rotate(trx: Executor, teamId: string, overlapHours: number): Promise<SigningSecretView[]> {
    await pushSecretRepository.lockTeam(trx, teamId);
    await pushSecretRepository.retireActive(trx, teamId, overlapHours * 3_600_000);
    await pushSecretRepository.insert(trx, teamId, this.box.seal(newSecret()));
    return this.#read(trx, teamId);
  }

  async #ensure(trx: Executor, teamId: string): Promise<SigningSecretView[]> {
    await pushSecretRepository.lockTeam(trx, teamId);
    const current = await this.#read(trx, teamId);
    if (current.length > 0) return current;
    await pushSecretRepository.insert(trx, teamId, this.box.seal(newSecret()));
    return this.#read(trx, teamId);
  }

  async #read(trx: Executor, teamId: string): Promise<SigningSecretView[]> {
    const rows = await pushSecretRepository.active(trx, teamId);
    return rows.map((r) => ({
      secret: this.box.open(r.secret_enc),
      created_at: r.created_at,
      expires_at: r.expires_at,
    }));
  }
}
