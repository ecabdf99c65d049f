import { useEffect, useState } from 'react';
import type { ApiClient, Id } from './api/client';

/** Creator ids → usernames, one profile request per id however many images share it. */
export type NameCache = (userId: Id) => Promise<string>;

export function createNameCache(api: Pick<ApiClient, 'profile'>): NameCache {
  const cache = new Map<string, Promise<string>>();
  return (userId) => {
    const key = String(userId);
    let name = cache.get(key);
    if (!name) {
      name = api.profile(key).then((p) => p.username);
      // a failure is not remembered, so the next render asks again
      name.catch(() => cache.delete(key));
      cache.set(key, name);
    }
    return name;
  };
}

/** The username for an id; null while loading or when it cannot be found. */
export function useUserName(names: NameCache, userId: Id): { name: string | null; failed: boolean } {
  const [state, setState] = useState<{ id: Id; name: string | null; failed: boolean }>({
    id: userId,
    name: null,
    failed: false,
  });
  useEffect(() => {
    let live = true;
    names(userId).then(
      (name) => live && setState({ id: userId, name, failed: false }),
      () => live && setState({ id: userId, name: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [names, userId]);
  return state.id === userId ? { name: state.name, failed: state.failed } : { name: null, failed: false };
}
