import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError, type FeedItem } from './api/client';
import { createPrivacyCheck } from './visibility';

const item = (id: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  creator: 'me',
  download_url: `/x/${id}`,
  created_at: '2026-11-21T10:00:00Z',
  ...extra,
});

describe('createPrivacyCheck', () => {
  it('believes the feed when it says whether an image is public', async () => {
    const media = vi.fn();
    const check = createPrivacyCheck({ media });
    expect(await check(item('a', { public: false }))).toBe(true);
    expect(await check(item('b', { public: true }))).toBe(false);
    expect(media).not.toHaveBeenCalled();
  });

  it('otherwise asks once, as a visitor, whether the image is visible', async () => {
    const media = vi.fn(async (id: string) => {
      if (id === 'secret') throw new ApiError(404, 'image not found');
      return { success: true, uri: 'u' };
    });
    const check = createPrivacyCheck({ media });
    expect(await check(item('secret'))).toBe(true);
    expect(await check(item('open'))).toBe(false);
    expect(await check(item('secret'))).toBe(true);
    expect(media.mock.calls).toEqual([
      ['secret', 'anonymous'],
      ['open', 'anonymous'],
    ]);
  });

  it('does not guess when the answer is not a 404, and asks again later', async () => {
    const media = vi.fn().mockRejectedValueOnce(new NetworkError()).mockResolvedValue({ success: true, uri: 'u' });
    const check = createPrivacyCheck({ media });
    expect(await check(item('a'))).toBeNull();
    expect(await check(item('a'))).toBe(false);
    expect(media).toHaveBeenCalledTimes(2);
  });
});
