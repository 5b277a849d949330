import { useEffect, useState } from 'react';

export type Loaded<T> = { data?: T; error?: unknown; loading: boolean };

/** Loads `load()` whenever `key` changes; an answer for an older key is dropped. */
export function useFetch<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T> & { key?: string }>({ loading: true });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, loading: false, key }),
      (error: unknown) => live && setState({ error, loading: false, key }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names what `load` reads
  }, [key]);
  return state.key === key ? state : { loading: true };
}
