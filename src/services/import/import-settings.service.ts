// The team's import settings (ext endpoint /ext/importSettings): read, and change some keys.
import type { Store } from '../../repositories/store.js';
import { teamRepository } from '../../repositories/team.repository.js';
import type { TenantContext } from '../tenant-context.js';
import { applyImportSettings, resolveImportSettings, type ImportSettings } from './import-settings.js';

export class ImportSettingsService {
  constructor(private readonly store: Store) {}

  get(tenant: TenantContext): Promise<ImportSettings> {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const team = await teamRepository.current(trx, tenant.teamId);
      return resolveImportSettings(team.settings.import);
    });
  }

  /** Validates and stores the given keys (others keep their value); returns the settings now in force. */
  update(tenant: TenantContext, patch: Record<string, unknown>): Promise<ImportSettings> {
    return this.store.tenant(tenant.teamId, async (trx) => {
      const team = await teamRepository.current(trx, tenant.teamId);
      const next = applyImportSettings(resolveImportSettings(team.settings.import), patch);
      await teamRepository.mergeSettings(trx, tenant.teamId, { import: next });
      return next;
    });
  }
}
