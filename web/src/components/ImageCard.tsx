import { useEffect, useState } from 'react';
import { errorMessage, type FeedItem } from '../api/client';
import { useUserName } from '../names';
import { Link } from '../router';
import { useSession } from '../session';

/** "21 Nov 2026, 14:05", or the backend's text when it is not a date we can read. */
export function formatWhen(createdAt: string): string {
  const date = new Date(createdAt);
  if (Number.isNaN(date.getTime())) return createdAt;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The src for an image. A presigned CloudFront URL is used as it is; a same-origin API URL (the
 * backend serving images itself in development) is fetched with our token, since an <img> cannot
 * send one and private images need it.
 */
function useImageSrc(url: string): { src: string | null; error: string | null } {
  const { api, user } = useSession();
  const viaFetch = Boolean(user) && api.isSameOrigin(url);
  const [state, setState] = useState<{ url: string; src: string | null; error: string | null }>({
    url: '',
    src: null,
    error: null,
  });

  useEffect(() => {
    if (!viaFetch) return;
    const controller = new AbortController();
    let objectUrl: string | null = null;
    api.imageBlobUrl(url, controller.signal).then(
      (blobUrl) => {
        objectUrl = blobUrl;
        setState({ url, src: blobUrl, error: null });
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setState({ url, src: null, error: errorMessage(e) });
      },
    );
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [api, url, viaFetch]);

  if (!viaFetch) return { src: url, error: null };
  return state.url === url ? { src: state.src, error: state.error } : { src: null, error: null };
}

export function ImageCard({ item, showCreator = true }: { item: FeedItem; showCreator?: boolean }) {
  const { user, names } = useSession();
  const { name } = useUserName(names, item.creator);
  const { src, error: fetchError } = useImageSrc(item.download_url);
  const [broken, setBroken] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const own = user?.id === item.creator;
  const isPrivate = own && item.public === false;
  const who = name ?? 'a Yoctogram user';
  const when = formatWhen(item.created_at);

  return (
    <li className="card" data-image-id={item.id}>
      <figure>
        <div className={`frame${loaded ? ' loaded' : ''}`}>
          {src && !broken && (
            <img
              src={src}
              alt={`Image by ${who}, posted ${when}`}
              loading="lazy"
              decoding="async"
              onLoad={() => setLoaded(true)}
              onError={() => setBroken(true)}
            />
          )}
          {(broken || fetchError) && (
            <p className="frame-error" role="alert">
              {fetchError ?? 'This image could not be loaded.'}
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
              <span aria-hidden="true">🔒 </span>Private
            </span>
          )}
        </figcaption>
      </figure>
    </li>
  );
}
