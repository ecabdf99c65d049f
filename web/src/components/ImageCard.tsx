import { useState } from 'react';
import type { FeedItem } from '../api/client';
import { useUserName } from '../names';
import { Link } from '../router';
import { useSession } from '../session';
import { useIsMyPrivateImage } from '../visibility';

/** "21 Nov 2026, 14:05", or the backend's text when it is not a date we can read. */
export function formatWhen(createdAt: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) return createdAt;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function ImageCard({ item, showCreator = true }: { item: FeedItem; showCreator?: boolean }) {
  const { user, names, privacy } = useSession();
  const { name } = useUserName(names, item.creator);
  const [broken, setBroken] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const isPrivate = useIsMyPrivateImage(privacy, item, user?.id === item.creator);
  const who = name ?? 'a Yoctogram user';
  const when = formatWhen(item.created_at);

  return (
    <li className="card" data-image-id={item.id}>
      <figure>
        <div className={`frame${loaded ? ' loaded' : ''}`}>
          {!broken && (
            <img
              src={item.download_url}
              alt={`Image by ${who}, posted ${when}`}
              loading="lazy"
              decoding="async"
              onLoad={() => setLoaded(true)}
              onError={() => setBroken(true)}
            />
          )}
          {broken && (
            <p className="frame-error" role="alert">
              This image could not be loaded.
            </p>
          )}
        </div>
        <figcaption>
          {showCreator && (
            <Link className="creator" to={`/users/${encodeURIComponent(item.creator)}`}>
              {name ?? '…'}
            </Link>
          )}
          <time dateTime={item.created_at}>{when}</time>
          {isPrivate && (
            <span className="badge private" title="Only you can see this image">
              <svg className="lock" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2H13v8H3V7h1.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z" />
              </svg>
              Private
            </span>
          )}
        </figcaption>
      </figure>
    </li>
  );
}
