import { Center } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can, type Action } from '@/lib/auth/permissions';
import { ErrorState, LoadingState } from './QueryState';
import { ApiError } from '@/lib/api/problem';

export function RequireAuth({ children, action }: { children: ReactNode; action?: Action }) {
  const { status, user } = useAuth();
  const loc = useLocation();
  if (status === 'anonymous' || status === 'error') {
    const next = loc.pathname + loc.search;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  if (status === 'loading' || !user)
    return (
      <Center h="100vh">
        <LoadingState />
      </Center>
    );
  if (action && !can(user, action)) return <ErrorState error={new ApiError(403, { status: 403 })} />;
  return <>{children}</>;
}
