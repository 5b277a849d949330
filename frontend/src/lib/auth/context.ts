import { createContext, useContext } from 'react';
import type { ResponseOf } from '@/lib/api/types';

export type Me = ResponseOf<'/api/v1/auth/me'>;

export interface AuthState {
  user: Me | null;
  status: 'anonymous' | 'loading' | 'authenticated' | 'error';
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
