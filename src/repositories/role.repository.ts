import { sql } from 'kysely';
import { escapeLike } from './account.repository.js';
import type { Executor } from './store.js';

/** Roles, their permission sets, and the global permission catalogue. */
export const roleRepository = {
  insert(db: Executor, r: { name: string; display_name: string; description: string }) {
    return db
      .insertInto('roles')
      .values(r)
      .returning(['id', 'name', 'display_name'])
      .executeTakeFirstOrThrow();
  },

  findById(db: Executor, id: string) {
    return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async list(db: Executor, filter: { name?: string; offset: number; limit: number }) {
    let q = db.selectFrom('roles');
    if (filter.name) {
      const like = `%${escapeLike(filter.name)}%`;
      q = q.where((eb) => eb.or([eb('name', 'like', like), eb('display_name', 'like', like)]));
    }
    const total = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('id').offset(filter.offset).limit(filter.limit).execute();
    return { total: Number(total.n), rows };
  },

  update(db: Executor, id: string, patch: { description?: string; display_name?: string; name?: string }) {
    return db
      .updateTable('roles')
      .set({ ...patch, updated_at: sql`now()` })
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async remove(db: Executor, id: string): Promise<boolean> {
    const r = await db.deleteFrom('roles').where('id', '=', id).executeTakeFirst();
    return r.numDeletedRows > 0n;
  },

  async permissionIds(db: Executor, roleId: string): Promise<number[]> {
    const rows = await db
      .selectFrom('role_permissions')
      .select('permission_id')
      .where('role_id', '=', roleId)
      .orderBy('permission_id')
      .execute();
    return rows.map((r) => r.permission_id);
  },

  async setPermissions(db: Executor, roleId: string, requested: number[]): Promise<void> {
    const ids = [...new Set(requested)];
    await db.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
    if (ids.length > 0) {
      await db
        .insertInto('role_permissions')
        .values(ids.map((permission_id) => ({ role_id: roleId, permission_id })))
        .execute();
    }
  },

  catalogue(db: Executor) {
    return db.selectFrom('permissions').selectAll().orderBy('id').execute();
  },

  /** Permission names granted to a role (for the 20007 check). */
  async permissionNames(db: Executor, roleId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('role_permissions')
      .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
      .select('permissions.name')
      .where('role_permissions.role_id', '=', roleId)
      .execute();
    return new Set(rows.map((r) => r.name));
  },
};
