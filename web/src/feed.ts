import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, FEED_PAGE_SIZE, type FeedItem, type FeedPage } from './api/client';

/** Appends an older page, skipping images already shown (equal timestamps at a page edge). */
export function appendPage(items: FeedItem[], page: FeedPage): FeedItem[] {
  const seen = new Set(items.map((i) => i.id));
  return items.concat(page.results.filter((i) => !seen.has(i.id)));
}

/** A full page means there may be older images; a short one is the end. */
export function mayHaveMore(page: FeedPage): boolean {
  return page.results.length >= FEED_PAGE_SIZE;
}

export interface FeedState {
  items: FeedItem[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: string | null;
  loadMore(): void;
  reload(): void;
}

/** Newest-first pages from `load`, paged by the `before` timestamp of the oldest image shown. */
export function useFeed(load: (before?: string) => Promise<FeedPage>): FeedState {
  const [items, setItems] = useState<FeedItem[]>([]);
  const [status, setStatus] = useState<FeedState['status']>('loading');
  const [error, setError] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const current = useRef(0);

  useEffect(() => {
    const mine = ++current.current;
    setStatus('loading');
    setError(null);
    setItems([]);
    setHasMore(false);
    setMoreError(null);
    load().then(
      (page) => {
        if (mine !== current.current) return;
        setItems(page.results);
        setHasMore(mayHaveMore(page));
        setStatus('ready');
      },
      (e: unknown) => {
        if (mine !== current.current) return;
        setError(errorMessage(e));
        setStatus('error');
      },
    );
  }, [load, generation]);

  const loadMore = useCallback(() => {
    const oldest = items[items.length - 1];
    if (!oldest || loadingMore) return;
    const mine = current.current;
    setLoadingMore(true);
    setMoreError(null);
    load(oldest.created_at).then(
      (page) => {
        if (mine !== current.current) return;
        setItems((shown) => appendPage(shown, page));
        setHasMore(mayHaveMore(page));
        setLoadingMore(false);
      },
      (e: unknown) => {
        if (mine !== current.current) return;
        setMoreError(errorMessage(e));
        setLoadingMore(false);
      },
    );
  }, [items, load, loadingMore]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { items, status, error, hasMore, loadingMore, moreError, loadMore, reload };
}
