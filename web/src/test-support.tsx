import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { App } from './App';
import type { ApiClient, FeedItem, User } from './api/client';
import { SessionProvider, type ClientHooks } from './session';

export const alice: User = { id: 'u-alice', username: 'alice', email: 'alice@example.com', bio: 'Hi, I am Alice.' };
export const bob: User = { id: 'u-bob', username: 'bob', email: 'bob@example.com', bio: null };

export function feedItem(id: string, creator: string, extra: Partial<FeedItem> = {}): FeedItem {
  return { id, creator, download_url: `https://cdn.example/${id}.png`, created_at: '2026-11-21T10:00:00Z', ...extra };
}

/** An ApiClient whose calls fail loudly unless the test gives them an answer. */
export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  const unexpected = (name: string) =>
    vi.fn(async () => {
      throw new Error(`unexpected api.${name} call`);
    });
  const users: Record<string, User> = { [alice.id]: alice, [bob.id]: bob };
  return {
    register: unexpected('register'),
    login: unexpected('login'),
    me: unexpected('me'),
    updateBio: unexpected('updateBio'),
    profile: vi.fn(async (id: string) => {
      const user = users[id];
      if (!user) throw Object.assign(new Error('User not found'), { status: 404 });
      return { success: true, username: user.username, bio: user.bio };
    }),
    feedLatest: vi.fn(async () => ({ count: 0, results: [] })),
    feedByUser: vi.fn(async () => ({ count: 0, results: [] })),
    generateUpload: unexpected('generateUpload'),
    confirmUpload: unexpected('confirmUpload'),
    // every image is public unless a test says otherwise
    media: vi.fn(async (id: string) => ({ success: true, uri: `https://cdn.example/${id}.png` })),
    uploadFile: unexpected('uploadFile'),
    ...overrides,
  } as ApiClient;
}

/** Renders the whole app at `path`; with `token`, as if a session had been stored before. */
export function renderApp(path: string, api: ApiClient, { token }: { token?: string } = {}) {
  window.history.replaceState(null, '', path);
  if (token) window.localStorage.setItem('yoctogram.token', token);
  const hooks: { current: ClientHooks | null } = { current: null };
  const view = render(
    <SessionProvider
      makeApi={(h) => {
        hooks.current = h;
        return api;
      }}
    >
      <App />
    </SessionProvider>,
  );
  return { ...view, hooks };
}

/** Renders the app signed in as `user` (me() answers with them). */
export function renderSignedIn(path: string, user: User, overrides: Partial<ApiClient> = {}) {
  const api = fakeApi({ me: vi.fn(async () => user), ...overrides });
  return { api, ...renderApp(path, api, { token: `token-of-${user.username}` }) };
}
