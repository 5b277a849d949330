import type { ReactNode } from 'react';
import { useAuth } from './context';
import { can, type Action } from './permissions';

/** Renders its children only for users allowed to do `action` (on `owner`'s object). */
export function Can({ action, owner, children }: { action: Action; owner?: string | null; children: ReactNode }) {
  const { user } = useAuth();
  return can(user, action, owner) ? <>{children}</> : null;
}

export function useCan() {
  const { user } = useAuth();
  return (action: Action, owner?: string | null) => can(user, action, owner);
}
