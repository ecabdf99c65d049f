import { useEffect, useState } from 'react';
import { ApiError, type ApiClient, type FeedItem, type Id } from './api/client';

/**
 * Whether one of my images is private. DESIGN §7's feed items carry no visibility, so unless
 * the backend adds `public` to them, ask §7's own question: may an anonymous visitor see it?
 * (GET /images/media/{id} without a token is 404 for a private image.) Asked once per image.
 */
export type PrivacyCheck = (item: FeedItem) => Promise<boolean | null>;

export function createPrivacyCheck(api: Pick<ApiClient, 'media'>): PrivacyCheck {
  const cache = new Map<Id, Promise<boolean | null>>();
  return (item) => {
    if (typeof item.public === 'boolean') return Promise.resolve(!item.public);
    let answer = cache.get(item.id);
    if (!answer) {
      answer = api.media(item.id, 'anonymous').then(
        () => false,
        (e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return true;
          cache.delete(item.id); // unknown this time; ask again next time
          return null;
        },
      );
      cache.set(item.id, answer);
    }
    return answer;
  };
}

/** True when `item` is mine and private; false otherwise or while unknown. */
export function useIsMyPrivateImage(check: PrivacyCheck, item: FeedItem, mine: boolean): boolean {
  const [result, setResult] = useState<{ id: Id; isPrivate: boolean }>({ id: item.id, isPrivate: item.public === false });
  useEffect(() => {
    if (!mine) return;
    let live = true;
    check(item).then((isPrivate) => live && setResult({ id: item.id, isPrivate: isPrivate === true }));
    return () => {
      live = false;
    };
  }, [check, item, mine]);
  return mine && result.id === item.id && result.isPrivate;
}
