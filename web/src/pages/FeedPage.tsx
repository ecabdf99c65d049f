import { useCallback } from 'react';
import { ImageList } from '../components/ImageList';
import { useFeed } from '../feed';
import { Link } from '../router';
import { useSession } from '../session';

/** The latest images (logged in; logged out, the front page is the log-in screen). */
export function FeedPage() {
  const { api, user } = useSession();
  // the feed depends on who is asking (own private images), so reload when that changes
  const userId = user?.id;
  const load = useCallback((before?: string) => api.feedLatest(before), [api, userId]);
  const feed = useFeed(load);
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Latest images</h1>
        <Link className="button" to="/upload">
          Upload an image
        </Link>
      </div>
      <ImageList feed={feed} label="Latest images, newest first" empty="No images yet. Be the first to upload one!" />
    </section>
  );
}
