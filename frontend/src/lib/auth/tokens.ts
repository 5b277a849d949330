// Tokens live in memory and in sessionStorage (so a reload keeps the session, a new tab does not).
export interface TokenSet {
  access_token: string;
  refresh_token?: string | null;
  expires_in?: number;
  token_type?: string;
}

interface Stored extends TokenSet {
  expires_at: number;
}

const KEY = 'kc.auth';
let current: Stored | null = null;
let loaded = false;
const listeners = new Set<(t: Stored | null) => void>();

function load(): Stored | null {
  if (!loaded) {
    loaded = true;
    try {
      const raw = sessionStorage.getItem(KEY);
      current = raw ? (JSON.parse(raw) as Stored) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

export function getTokens(): Stored | null {
  return load();
}

export function getAccessToken(): string | null {
  return load()?.access_token ?? null;
}

export function setTokens(t: TokenSet | null): void {
  loaded = true;
  current = t ? { ...t, expires_at: Date.now() + (t.expires_in ?? 900) * 1000 } : null;
  try {
    if (current) sessionStorage.setItem(KEY, JSON.stringify(current));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: memory only */
  }
  listeners.forEach((l) => l(current));
}

export function clearTokens(): void {
  setTokens(null);
}

export function onTokensChange(l: (t: TokenSet | null) => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
