import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from './api/client';
import { createNameCache } from './names';

describe('createNameCache', () => {
  it('asks once per user however many images they have', async () => {
    const profile = vi.fn(async (id: string) => ({ success: true, username: `user-${id}`, bio: null }));
    const names = createNameCache({ profile });
    const got = await Promise.all([names('1'), names('1'), names('2'), names('1')]);
    expect(got).toEqual(['user-1', 'user-1', 'user-2', 'user-1']);
    expect(profile).toHaveBeenCalledTimes(2);
  });

  it('asks again after a failure', async () => {
    let calls = 0;
    const profile = vi.fn(async () => {
      if (++calls === 1) throw new NetworkError();
      return { success: true, username: 'alice', bio: null };
    });
    const names = createNameCache({ profile });
    await expect(names('1')).rejects.toBeInstanceOf(NetworkError);
    await Promise.resolve();
    await expect(names('1')).resolves.toBe('alice');
  });
});
