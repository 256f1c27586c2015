import { randomHex32 } from '../lib/hash.js';
import { hashPassword } from '../lib/password.js';
import type { SecretBox } from '../lib/secret-box.js';
import { newSn } from '../lib/sn.js';
import { randomToken } from '../lib/token.js';
import { accountRepository } from '../repositories/account.repository.js';
import { callingHoursRepository } from '../repositories/calling-hours.repository.js';
import { orgRepository } from '../repositories/org-and-skill.repository.js';
import { roleRepository } from '../repositories/role.repository.js';
import type { Store, Tx } from '../repositories/store.js';
import { teamRepository } from '../repositories/team.repository.js';
import { DEFAULT_CALL_TIME } from './calling-hours/windows.js';
import type { TenantContext } from './tenant-context.js';

/** Runs inside the new tenant's transaction: each area seeds what a new tenant starts with. */
export type TenantSeeder = (trx: Tx, ctx: TenantContext) => Promise<void>;

export interface NewTenantInput {
  name: string;
  userName?: string;
  password?: string;
  aiCount?: number;
  timezone?: string;
  /** Keep existing credentials (a customer moving from another platform); generated when absent. */
  accessId?: string;
  accessSecret?: string;
}

export interface TenantCredentials {
  user_name: string;
  password: string;
  user_sn: string;
  team_sn: string;
  api_access_id: string;
  api_access_secret: string;
}

/** Creates tenants (a team with its main account) and everything a new tenant starts with. */
export class TenantService {
  readonly #seeders: TenantSeeder[] = [];

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
  ) {}

  /** Registers seeding for new tenants (sample scripts, the sandbox line …); wired in app/. */
  addSeeder(seeder: TenantSeeder): void {
    this.#seeders.push(seeder);
  }

  async create(input: NewTenantInput): Promise<TenantCredentials> {
    const userName = input.userName ?? `admin${randomToken(6).toLowerCase()}`;
    const password = input.password ?? randomToken(12);
    const accessId = input.accessId ?? randomHex32();
    const accessSecret = input.accessSecret ?? randomHex32();
    const passwordHash = await hashPassword(password);
    const teamSn = `SON|${Date.now().toString().slice(-10)}${randomToken(4)}`;
    const team = await teamRepository.insert(this.store.system, {
      sn: teamSn,
      name: input.name,
      ai_count: input.aiCount ?? 10,
      timezone: input.timezone ?? 'Asia/Shanghai',
    });
    try {
      return await this.store.tenant(team.id, async (trx) => {
        const org = await orgRepository.insertOrganization(trx, input.name);
        const adminRole = await roleRepository.insert(trx, {
          name: '管理员',
          display_name: '管理员',
          description: '主账号角色,拥有全部权限',
        });
        const catalogue = await roleRepository.catalogue(trx);
        await roleRepository.setPermissions(
          trx,
          adminRole.id,
          catalogue.map((p) => p.id),
        );
        const agentRole = await roleRepository.insert(trx, {
          name: '坐席',
          display_name: '坐席',
          description: '子账号默认角色',
        });
        await roleRepository.setPermissions(
          trx,
          agentRole.id,
          catalogue.filter((p) => /^(task|record|script|dnd)\./.test(p.name)).map((p) => p.id),
        );
        const account = await accountRepository.insert(trx, {
          team_id: team.id,
          sn: newSn('user'),
          user_name: userName,
          password_hash: passwordHash,
          contact: input.name,
          parent_id: null,
          role_id: adminRole.id,
          organization_id: org.id,
          job: '管理员',
          max_call_count: team.ai_count,
          api_access_id: accessId,
          api_access_secret_enc: this.secrets.seal(accessSecret),
        });
        await callingHoursRepository.save(trx, DEFAULT_CALL_TIME);
        const ctx: TenantContext = {
          teamId: team.id,
          teamSn: team.sn,
          timezone: team.timezone,
          accountId: account.id,
          accountSn: account.sn,
          userName,
          isMain: true,
          roleId: adminRole.id,
        };
        for (const seed of this.#seeders) await seed(trx, ctx);
        return {
          user_name: userName,
          password,
          user_sn: account.sn,
          team_sn: team.sn,
          api_access_id: accessId,
          api_access_secret: accessSecret,
        };
      });
    } catch (err) {
      // The team row was written outside the tenant transaction: remove it so nothing is left half-created.
      await this.store.system.deleteFrom('teams').where('id', '=', team.id).execute();
      throw err;
    }
  }

  count(): Promise<number> {
    return teamRepository.count(this.store.system);
  }
}
