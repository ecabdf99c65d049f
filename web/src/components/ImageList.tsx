import type { FeedState } from '../feed';
import { ErrorMessage, Loading } from './Status';
import { ImageCard } from './ImageCard';

export function ImageList({ feed, empty, showCreator = true, label }: { feed: FeedState; empty: string; showCreator?: boolean; label: string }) {
  if (feed.status === 'loading') return <Loading label="Loading images…" />;
  if (feed.status === 'error') return <ErrorMessage message={feed.error} onRetry={feed.reload} />;
  if (feed.items.length === 0) return <p className="empty">{empty}</p>;
  return (
    <>
      <ul className="grid" aria-label={label}>
        {feed.items.map((item) => (
          <ImageCard key={item.id} item={item} showCreator={showCreator} />
        ))}
      </ul>
      <ErrorMessage message={feed.moreError} onRetry={feed.loadMore} />
      {feed.hasMore && (
        <button type="button" className="secondary more" onClick={feed.loadMore} disabled={feed.loadingMore}>
          {feed.loadingMore ? 'Loading older images…' : 'Older images'}
        </button>
      )}
    </>
  );
}
