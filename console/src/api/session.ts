// The console's own session (/ext/console/*): sign in, who am I, sign out.
import { call, callRaw } from './client';

export interface Me {
  user_name: string;
  user_sn: string;
  team_sn: string;
  is_main: boolean;
  timezone: string;
  /** null = main account: every permission. */
  permissions: string[] | null;
  idle_minutes: number;
}

export const signIn = (username: string, password: string) =>
  call<Me>('/ext/console/sign-in', { username, password });
export const fetchMe = () => call<Me>('/ext/console/me');
export const signOut = () => callRaw('/ext/console/sign-out');

export function can(me: Me | undefined, permission: string | undefined): boolean {
  if (!permission) return true;
  if (!me) return false;
  return me.permissions === null || me.permissions.includes(permission);
}
