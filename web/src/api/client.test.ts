import { describe, expect, it, vi } from 'vitest';
import { createPrivacyCheck } from '../visibility';
import { ApiError, createApiClient, detailOf, errorMessage, NetworkError } from './client';

function jsonResponse(status: number, body: unknown, statusText = '') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function clientWith(fetchImpl: (url: string, init: RequestInit) => Promise<Response>, token: string | null = null) {
  const fetch = vi.fn(fetchImpl);
  const onUnauthorized = vi.fn();
  const api = createApiClient({
    getToken: () => token,
    onUnauthorized,
    fetch: fetch as unknown as typeof globalThis.fetch,
  });
  return { api, fetch, onUnauthorized };
}

describe('api client requests', () => {
  it('register posts JSON to /api/v1/auth/register/ without a token', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(201, { success: true }), 'tok');
    await api.register('alice', 'alice@example.com', 's3cret');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/v1/auth/register/');
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ username: 'alice', email: 'alice@example.com', password: 's3cret' });
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('login returns the access token', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(200, { access_token: 'abc.def.ghi', token_type: 'bearer' }));
    await expect(api.login('alice', 'pw')).resolves.toBe('abc.def.ghi');
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/auth/login/');
    expect(JSON.parse(fetch.mock.calls[0][1].body as string)).toEqual({ username: 'alice', password: 'pw' });
  });

  it('a failed login shows the backend detail and does not count as an expired session', async () => {
    const { api, onUnauthorized } = clientWith(async () =>
      jsonResponse(401, { success: false, detail: 'Incorrect username or password' }),
    );
    const error = await api.login('alice', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toBe('Incorrect username or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('sends the bearer token where the endpoint takes one', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(200, { id: 7, username: 'alice', email: 'a@x', bio: null }), 'tok');
    const me = await api.me();
    expect(me.id).toBe('7');
    expect((fetch.mock.calls[0][1].headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('refuses a call that needs a token when there is none, without a request', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(200, {}));
    await expect(api.generateUpload('public')).rejects.toMatchObject({ status: 401 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports a rejected token so the session can end', async () => {
    const { api, onUnauthorized } = clientWith(async () => jsonResponse(401, { detail: 'Token expired' }), 'old');
    await expect(api.me()).rejects.toThrow('Token expired');
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('updateBio PUTs the bio', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(200, { id: 'u1', username: 'a', email: 'e', bio: 'hi' }), 't');
    expect((await api.updateBio('hi')).bio).toBe('hi');
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/users/me');
    expect(fetch.mock.calls[0][1].method).toBe('PUT');
    expect(JSON.parse(fetch.mock.calls[0][1].body as string)).toEqual({ bio: 'hi' });
  });

  it('pages the feed with an encoded before and normalizes ids to strings', async () => {
    const page = { success: true, count: 1, results: [{ id: 5, creator: 9, download_url: '/x', created_at: '2026-11-21T10:00:00Z' }] };
    const { api, fetch } = clientWith(async () => jsonResponse(200, page));
    const first = await api.feedLatest();
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/feed/latest');
    expect(first.results[0]).toMatchObject({ id: '5', creator: '9' });
    await api.feedLatest('2026-11-21T10:00:00.123+01:00');
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/feed/latest?before=2026-11-21T10%3A00%3A00.123%2B01%3A00');
    await api.feedByUser('a/b');
    expect(fetch.mock.calls[2][0]).toBe('/api/v1/feed/by_user/a%2Fb');
  });

  it('asks about an image as me, or as an anonymous visitor', async () => {
    const { api, fetch } = clientWith(async () => jsonResponse(200, { success: true, uri: 'https://cdn/x' }), 'tok');
    await api.media('i1');
    await api.media('i1', 'anonymous');
    expect(fetch.mock.calls.map((c) => [c[0], (c[1].headers as Record<string, string>).Authorization])).toEqual([
      ['/api/v1/images/media/i1', 'Bearer tok'],
      ['/api/v1/images/media/i1', undefined],
    ]);
  });

  it('asks for an upload, then confirms it', async () => {
    const { api, fetch } = clientWith(async (url) =>
      url.endsWith('/generate')
        ? jsonResponse(200, { success: true, id: 'img1', url: 'https://bucket.s3.amazonaws.com/', fields: { key: 'k' } })
        : jsonResponse(200, { success: true }),
      't',
    );
    expect(await api.generateUpload('private')).toEqual({ id: 'img1', url: 'https://bucket.s3.amazonaws.com/', fields: { key: 'k' } });
    await api.confirmUpload('img1');
    expect(fetch.mock.calls.map((c) => [c[1].method, c[0]])).toEqual([
      ['POST', '/api/v1/images/upload/private/generate'],
      ['POST', '/api/v1/images/upload/img1/confirm'],
    ]);
  });

  it('turns a failed connection into a NetworkError with a message for people', async () => {
    const { api } = clientWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await api.feedLatest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(errorMessage(error)).toMatch(/Cannot reach Yoctogram/);
  });

  it('explains a 5xx without a JSON body', async () => {
    const { api } = clientWith(async () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(api.feedLatest()).rejects.toThrow('The server had a problem (HTTP 502 Bad Gateway). Please try again.');
  });

  it('rejects a success answer that is not JSON', async () => {
    const { api } = clientWith(async () => new Response('{"count": 1, "results": [', { status: 200 }));
    await expect(api.feedLatest()).rejects.toThrow('The server sent an answer Yoctogram cannot read.');
  });
});

// CloudFront answers every 404 with /index.html and 200, /api/* included (DESIGN §6).
describe('an /api answer that is the site page (a 404 through CloudFront)', () => {
  const sitePage = '<!doctype html>\n<html lang="en"><head><title>Yoctogram</title></head><body><div id="root"></div></body></html>';

  it('is read as not found, with the HTML content type', async () => {
    const { api, onUnauthorized } = clientWith(
      async () => new Response(sitePage, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
      'tok',
    );
    const error = await api.profile('no-such-user').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(errorMessage(error)).toBe('Not found.');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('is read as not found by its body when the type is missing or generic', async () => {
    for (const type of [null, 'application/octet-stream']) {
      const { api } = clientWith(async () => {
        const response = new Response(sitePage, { status: 200 });
        if (type) response.headers.set('Content-Type', type);
        else response.headers.delete('Content-Type');
        return response;
      });
      await expect(api.media('img-1', 'anonymous')).rejects.toMatchObject({ status: 404, message: 'Not found.' });
    }
  });

  it('makes a private image private to the privacy check, as a JSON 404 does', async () => {
    const { api } = clientWith(async () => new Response(sitePage, { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const check = createPrivacyCheck(api);
    await expect(check({ id: 'img-1', creator: 'me', download_url: '/x', created_at: '2026-11-21T10:00:00Z' })).resolves.toBe(true);
  });
});

describe('detailOf', () => {
  it('takes detail from JSON, joins validation lists, reads S3 XML, else describes the status', () => {
    expect(detailOf(400, '', '{"success":false,"detail":"Username taken"}')).toBe('Username taken');
    expect(detailOf(422, '', '{"detail":[{"msg":"email invalid"},{"msg":"password too short"}]}')).toBe(
      'Email invalid; password too short',
    );
    expect(detailOf(403, 'Forbidden', '<Error><Code>AccessDenied</Code><Message>Policy expired</Message></Error>')).toBe(
      'Policy expired',
    );
    expect(detailOf(404, 'Not Found', '')).toBe('Request failed (HTTP 404 Not Found).');
    expect(detailOf(400, '', '{"success":false}')).toBe('Request failed (HTTP 400).');
    expect(detailOf(401, '', '{"success":false,"detail":"incorrect username or password"}')).toBe(
      'Incorrect username or password',
    );
  });
});

/** A stand-in XMLHttpRequest that records what is sent and lets the test drive the events. */
class FakeXhr {
  static last: FakeXhr;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  respond(status: number, text = '', statusText = '') {
    this.status = status;
    this.statusText = statusText;
    this.responseText = text;
    this.onload?.();
  }
}

function uploadClient(token: string | null = 'tok') {
  return createApiClient({
    getToken: () => token,
    createXhr: () => new FakeXhr() as unknown as XMLHttpRequest,
  });
}

describe('uploadFile', () => {
  const file = new File([new Uint8Array(1000)], 'cat.png', { type: 'image/png' });

  it('posts every presigned field and then the file, reporting progress', async () => {
    const api = uploadClient();
    const progress: Array<[number, number]> = [];
    const done = api.uploadFile(
      { id: '1', url: 'https://bucket.s3.amazonaws.com/', fields: { key: 'public/1', policy: 'p', 'x-amz-signature': 's' } },
      file,
      { onProgress: (loaded, total) => progress.push([loaded, total]) },
    );
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('https://bucket.s3.amazonaws.com/');
    expect([...xhr.body!.keys()]).toEqual(['key', 'policy', 'x-amz-signature', 'file']);
    expect(xhr.body!.get('key')).toBe('public/1');
    expect((xhr.body!.get('file') as File).name).toBe('cat.png');
    expect(xhr.headers.Authorization).toBeUndefined(); // never our token to S3
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 400, total: 1000 });
    xhr.upload.onprogress!({ lengthComputable: false, loaded: 500, total: 0 });
    xhr.respond(204);
    await done;
    expect(progress).toEqual([
      [400, 1000],
      [1000, 1000],
    ]);
  });

  it('never sends our token with the upload, even to our own backend (development mode)', async () => {
    const api = uploadClient('tok');
    const done = api.uploadFile({ id: '1', url: '/api/v1/images/local/1', fields: { token: 'form-token' } }, file);
    expect(FakeXhr.last.headers).toEqual({});
    expect(FakeXhr.last.body!.get('token')).toBe('form-token');
    FakeXhr.last.respond(204);
    await done;
  });

  it('shows the storage error message', async () => {
    const api = uploadClient();
    const done = api.uploadFile({ id: '1', url: 'https://bucket.s3.amazonaws.com/', fields: {} }, file);
    FakeXhr.last.respond(400, '<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>');
    await expect(done).rejects.toThrow('Your proposed upload exceeds the maximum allowed size');
  });

  it('fails with a NetworkError when the connection breaks', async () => {
    const api = uploadClient();
    const done = api.uploadFile({ id: '1', url: 'https://bucket.s3.amazonaws.com/', fields: {} }, file);
    FakeXhr.last.onerror!();
    await expect(done).rejects.toBeInstanceOf(NetworkError);
  });

  it('can be cancelled', async () => {
    const api = uploadClient();
    const controller = new AbortController();
    const done = api.uploadFile({ id: '1', url: 'https://bucket.s3.amazonaws.com/', fields: {} }, file, { signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(FakeXhr.last.aborted).toBe(true);
  });
});
