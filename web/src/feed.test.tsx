import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, FEED_PAGE_SIZE, type FeedItem, type FeedPage } from './api/client';
import { appendPage, mayHaveMore, useFeed } from './feed';

const item = (n: number): FeedItem => ({
  id: `i${n}`,
  creator: 'u1',
  download_url: `/img/${n}`,
  created_at: `2026-11-21T10:${String(n % 60).padStart(2, '0')}:00Z`,
});
const page = (items: FeedItem[]): FeedPage => ({ count: items.length, results: items });

describe('feed paging helpers', () => {
  it('appends older images without repeating ones already shown', () => {
    expect(appendPage([item(3), item(2)], page([item(2), item(1)])).map((i) => i.id)).toEqual(['i3', 'i2', 'i1']);
  });

  it('expects more only after a full page', () => {
    expect(mayHaveMore(page(Array.from({ length: FEED_PAGE_SIZE }, (_, n) => item(n))))).toBe(true);
    expect(mayHaveMore(page([item(1)]))).toBe(false);
  });
});

describe('useFeed', () => {
  it('loads the newest page, then older ones before the oldest shown', async () => {
    const full = Array.from({ length: FEED_PAGE_SIZE }, (_, n) => item(200 - n));
    const load = vi.fn(async (before?: string) => (before ? page([item(50)]) : page(full)));
    const { result } = renderHook(() => useFeed(load));
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.items).toHaveLength(FEED_PAGE_SIZE);
    expect(result.current.hasMore).toBe(true);

    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toHaveLength(FEED_PAGE_SIZE + 1));
    expect(load).toHaveBeenLastCalledWith(full[full.length - 1].created_at);
    expect(result.current.hasMore).toBe(false);
  });

  it('shows the error and recovers on reload', async () => {
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new ApiError(503, 'Database unavailable');
      return page([item(1)]);
    });
    const { result } = renderHook(() => useFeed(load));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toBe('Database unavailable');
    fail = false;
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.items.map((i) => i.id)).toEqual(['i1']);
  });

  it('keeps what is shown when an older page fails', async () => {
    const full = Array.from({ length: FEED_PAGE_SIZE }, (_, n) => item(n));
    const load = vi.fn(async (before?: string) => {
      if (before) throw new TypeError('offline');
      return page(full);
    });
    const { result } = renderHook(() => useFeed(load));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.moreError).not.toBeNull());
    expect(result.current.items).toHaveLength(FEED_PAGE_SIZE);
    expect(result.current.loadingMore).toBe(false);
  });
});
