/** Who is calling: resolved once per request from `api_key` + `user_sn`, passed to every service method. */
export interface TenantContext {
  /** The team (tenant) id: row-level security scopes every tenant transaction to it. */
  readonly teamId: string;
  readonly teamSn: string;
  readonly timezone: string;
  readonly accountId: string;
  readonly accountSn: string;
  readonly userName: string;
  /** True for the main account (no parent): it holds every permission. */
  readonly isMain: boolean;
  readonly roleId: string | null;
}
