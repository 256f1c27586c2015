import { createContext, useContext } from 'react';
import { can, type Me } from '../api/session';

export interface Auth {
  readonly me: Me;
  readonly signOut: () => void;
}

export const AuthContext = createContext<Auth | undefined>(undefined);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside the signed-in layout');
  return auth;
}

/** Whether the signed-in account may use a permission (menus and buttons hide what the server would refuse). */
export function useCan(): (permission: string | undefined) => boolean {
  const { me } = useAuth();
  return (permission) => can(me, permission);
}
