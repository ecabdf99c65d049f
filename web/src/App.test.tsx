import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, NetworkError } from './api/client';
import { alice, bob, fakeApi, feedItem, renderApp, renderSignedIn } from './test-support';

const heading = (name: string | RegExp) => screen.findByRole('heading', { level: 1, name });
const form = (name: 'Log in' | 'Sign up') => screen.findByRole('form', { name });

describe('routing', () => {
  it("shows the not-found page for a user the API does not know, when CloudFront turned the API's 404 into the site page", async () => {
    const sitePage = () =>
      new Response('<!doctype html><html><head><title>Yoctogram</title></head></html>', {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
      });
    renderApp('/users/00000000-0000-4000-8000-000000000000', createApiClient({ getToken: () => null, fetch: async () => sitePage() }));
    expect(await heading('Page not found')).toBeTruthy();
    expect(screen.queryByText(/cannot read/)).toBeNull();
  });

  it('shows the log-in screen as the front page when logged out: no header, no request', async () => {
    const api = fakeApi();
    renderApp('/', api);
    expect(await form('Log in')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('yoctogram');
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByPlaceholderText('Username')).toBeTruthy();
    expect(screen.getByPlaceholderText('Password')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Sign Up' }).getAttribute('href')).toBe('/signup');
    expect(document.title).toBe('Log in · Yoctogram');
    expect(api.feedLatest).not.toHaveBeenCalled();
  });

  it('shows the not-found page for an unknown address', async () => {
    renderApp('/no/such/page', fakeApi());
    expect(await heading('Page not found')).toBeTruthy();
    expect(document.title).toBe('Not found · Yoctogram');
  });

  it('sends a visitor who wants to upload to log in, and back to upload afterwards', async () => {
    const api = fakeApi({ login: vi.fn(async () => 'tok'), me: vi.fn(async () => alice) });
    renderApp('/upload', api);
    expect(await form('Log in')).toBeTruthy();
    expect(window.location.pathname + window.location.search).toBe('/login?next=%2Fupload');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: ' alice ' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Login' }));
    expect(await heading('Upload an image')).toBeTruthy();
    expect(api.login).toHaveBeenCalledWith('alice', 'pw');
    expect(window.localStorage.getItem('yoctogram.token')).toBe('tok');
  });
});

describe('log in, sign up, log out', () => {
  it('shows the backend detail when log in fails, and keeps the form', async () => {
    const api = fakeApi({ login: vi.fn(async () => { throw new ApiError(401, 'Incorrect username or password'); }) });
    renderApp('/login', api);
    await form('Log in');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Login' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Incorrect username or password');
    expect(document.activeElement).toBe(alert);
    expect((screen.getByLabelText('Username') as HTMLInputElement).value).toBe('alice');
    expect(screen.getByRole('button', { name: 'Login' })).toHaveProperty('disabled', false);
  });

  it('says so when the backend cannot be reached', async () => {
    const api = fakeApi({ register: vi.fn(async () => { throw new NetworkError(); }) });
    renderApp('/signup', api);
    await form('Sign up');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'carol' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'c@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Cannot reach Yoctogram/);
  });

  it('signs up, logs the new user in, and logs out again', async () => {
    const api = fakeApi({
      register: vi.fn(async () => ({ success: true })),
      login: vi.fn(async () => 'tok'),
      me: vi.fn(async () => bob),
    });
    renderApp('/signup', api);
    await form('Sign up');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'bob' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'bob@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await heading('Latest images')).toBeTruthy();
    expect(api.register).toHaveBeenCalledWith('bob', 'bob@example.com', 'pw');
    expect(screen.getByText('Welcome to Yoctogram, bob.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    fireEvent.click(within(nav).getByRole('button', { name: 'Log out' }));
    expect(await form('Log in')).toBeTruthy();
    expect(screen.getByText('You are logged out.')).toBeTruthy();
    expect(window.localStorage.getItem('yoctogram.token')).toBeNull();
  });

  it('ends an expired session and says why', async () => {
    const { hooks } = renderSignedIn('/', alice);
    await screen.findByRole('link', { name: 'alice' });
    act(() => hooks.current!.onUnauthorized());
    expect(await screen.findByText('Your session has expired. Please log in again.')).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Log in' })).toBeTruthy();
    expect(window.localStorage.getItem('yoctogram.token')).toBeNull();
    expect(hooks.current!.getToken()).toBeNull();
  });

  it('offers to try again when the session cannot be checked', async () => {
    let up = false;
    const me = vi.fn(async () => {
      if (!up) throw new NetworkError();
      return alice;
    });
    renderApp('/', fakeApi({ me }), { token: 'tok' });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Cannot reach Yoctogram/);
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'alice' })).toBeTruthy();
    expect(await heading('Latest images')).toBeTruthy();
  });
});

describe('feed', () => {
  it('shows creators by name, newest first, and marks only my own private images', async () => {
    const feedLatest = vi.fn(async () => ({
      count: 3,
      results: [
        feedItem('i3', alice.id, { public: false }),
        feedItem('i2', bob.id, { public: true }),
        feedItem('i1', alice.id, { public: true }),
      ],
    }));
    renderSignedIn('/', alice, { feedLatest });
    const list = await screen.findByRole('list', { name: 'Latest images, newest first' });
    const cards = within(list).getAllByRole('listitem');
    expect(cards.map((c) => c.getAttribute('data-image-id'))).toEqual(['i3', 'i2', 'i1']);
    await waitFor(() => expect(within(cards[1]).getByRole('link').textContent).toBe('bob'));
    expect(within(cards[0]).getByRole('link').textContent).toBe('alice');
    expect(within(cards[0]).queryByText('Private')).not.toBeNull();
    expect(within(cards[1]).queryByText('Private')).toBeNull();
    expect(within(cards[2]).queryByText('Private')).toBeNull();
    const img = within(cards[1]).getByRole('img');
    expect(img.getAttribute('src')).toBe('https://cdn.example/i2.png');
    fireEvent.load(img);
    fireEvent.error(within(cards[2]).getByRole('img'));
    expect(within(cards[2]).getByRole('alert').textContent).toBe('This image could not be loaded.');
    await waitFor(() => expect(img.getAttribute('alt')).toMatch(/^Image by bob, posted /));
  });

  it('without a visibility field, asks whether a visitor may see my images to mark the private ones', async () => {
    const feedLatest = vi.fn(async () => ({
      count: 3,
      results: [feedItem('mine-private', alice.id), feedItem('mine-public', alice.id), feedItem('theirs', bob.id)],
    }));
    const media = vi.fn(async (id: string, as?: string) => {
      if (as === 'anonymous' && id === 'mine-private') throw new ApiError(404, 'image not found');
      return { success: true, uri: 'x' };
    });
    renderSignedIn('/', alice, { feedLatest, media });
    const list = await screen.findByRole('list', { name: 'Latest images, newest first' });
    const [privateCard, publicCard, theirs] = within(list).getAllByRole('listitem');
    expect(await within(privateCard).findByText('Private')).toBeTruthy();
    expect(within(publicCard).queryByText('Private')).toBeNull();
    expect(within(theirs).queryByText('Private')).toBeNull();
    expect(media.mock.calls).toEqual([
      ['mine-private', 'anonymous'],
      ['mine-public', 'anonymous'],
    ]);
  });

  it('shows the error of a failed feed and recovers on Try again', async () => {
    let calls = 0;
    const feedLatest = vi.fn(async () => {
      if (++calls === 1) throw new ApiError(500, 'Internal server error');
      return { count: 1, results: [feedItem('i1', bob.id)] };
    });
    renderSignedIn('/', alice, { feedLatest });
    expect((await screen.findByRole('alert')).textContent).toContain('Internal server error');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Latest images, newest first' })).toBeTruthy();
  });

  it('says when there is nothing to show', async () => {
    renderSignedIn('/', alice);
    expect(await screen.findByText('No images yet. Be the first to upload one!')).toBeTruthy();
  });
});

describe('upload', () => {
  it('shows real progress, confirms, then returns to the feed', async () => {
    let progress: ((loaded: number, total: number) => void) | undefined;
    let finish: () => void = () => {};
    const api = {
      generateUpload: vi.fn(async () => ({ id: 'new1', url: 'https://s3.example/', fields: {} })),
      uploadFile: vi.fn((_t, _f, opts) => {
        progress = opts?.onProgress;
        return new Promise<void>((resolve) => (finish = resolve));
      }),
      confirmUpload: vi.fn(async () => ({ success: true })),
    };
    const { api: client } = renderSignedIn('/upload', alice, api);
    await heading('Upload an image');
    const file = new File([new Uint8Array(2048)], 'cat.png', { type: 'image/png' });
    fireEvent.change(screen.getByLabelText('Image (up to 10 MB)'), { target: { files: [file] } });
    fireEvent.click(screen.getByLabelText('Private — only me'));
    // submit directly: jsdom's form validation cannot see files set by a test
    fireEvent.submit(screen.getByRole('button', { name: 'Upload' }).closest('form')!);
    await waitFor(() => expect(progress).toBeDefined());
    act(() => progress!(512, 2048));
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('value')).toBe('25');
    expect(screen.getByText('25%')).toBeTruthy();
    await act(async () => finish());
    expect(await heading('Latest images')).toBeTruthy();
    expect(client.generateUpload).toHaveBeenCalledWith('private');
    expect(client.confirmUpload).toHaveBeenCalledWith('new1');
    expect(screen.getByText('Your private image is uploaded. Only you can see it.')).toBeTruthy();
  });

  it('refuses a file that is not an image before any request', async () => {
    const { api } = renderSignedIn('/upload', alice, { generateUpload: vi.fn() });
    await heading('Upload an image');
    fireEvent.change(screen.getByLabelText('Image (up to 10 MB)'), {
      target: { files: [new File(['hello'], 'notes.txt', { type: 'text/plain' })] },
    });
    expect((await screen.findByRole('alert')).textContent).toBe('"notes.txt" is not an image.');
    fireEvent.submit(screen.getByRole('button', { name: 'Upload' }).closest('form')!);
    expect(api.generateUpload).not.toHaveBeenCalled();
  });

  it('shows why the backend refused the upload', async () => {
    renderSignedIn('/upload', alice, {
      generateUpload: vi.fn(async () => ({ id: 'x', url: 'https://s3.example/', fields: {} })),
      uploadFile: vi.fn(async () => {}),
      confirmUpload: vi.fn(async () => {
        throw new ApiError(400, 'The uploaded file is not an image');
      }),
    });
    await heading('Upload an image');
    fireEvent.change(screen.getByLabelText('Image (up to 10 MB)'), {
      target: { files: [new File([new Uint8Array(10)], 'a.png', { type: 'image/png' })] },
    });
    fireEvent.submit(screen.getByRole('button', { name: 'Upload' }).closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('The uploaded file is not an image');
    expect(screen.getByRole('button', { name: 'Upload' })).toHaveProperty('disabled', false);
  });
});

describe('profile', () => {
  it('lets me edit my own bio', async () => {
    const updateBio = vi.fn(async (bio: string) => ({ ...alice, bio }));
    renderSignedIn(`/users/${alice.id}`, alice, { updateBio });
    expect(await heading('alice (you)')).toBeTruthy();
    const bio = screen.getByLabelText('Your bio') as HTMLTextAreaElement;
    expect(bio.value).toBe('Hi, I am Alice.');
    const save = screen.getByRole('button', { name: 'Save bio' });
    expect(save).toHaveProperty('disabled', true);
    fireEvent.change(bio, { target: { value: 'New bio' } });
    expect(screen.getByText('7/500 characters')).toBeTruthy();
    fireEvent.click(save);
    expect(await screen.findByText('Your bio is saved.')).toBeTruthy();
    expect(updateBio).toHaveBeenCalledWith('New bio');
  });

  it("shows someone else's bio and images without an editor", async () => {
    const feedByUser = vi.fn(async () => ({ count: 1, results: [feedItem('b1', bob.id)] }));
    renderSignedIn(`/users/${alice.id}`, bob, { feedByUser });
    expect(await heading('alice')).toBeTruthy();
    expect(screen.getByText('Hi, I am Alice.')).toBeTruthy();
    expect(screen.queryByLabelText('Your bio')).toBeNull();
    expect(await screen.findByRole('list', { name: 'Images by alice' })).toBeTruthy();
    expect(feedByUser).toHaveBeenCalledWith(alice.id, undefined);
  });

  it('is the not-found page for an unknown user or an id that is no id', async () => {
    renderApp('/users/00000000-0000-0000-0000-000000000000', fakeApi());
    expect(await heading('Page not found')).toBeTruthy();
    cleanup();
    renderApp('/users/nobody', fakeApi({ profile: vi.fn(async () => { throw new ApiError(400, 'user id must be a UUID'); }) }));
    expect(await heading('Page not found')).toBeTruthy();
  });
});
