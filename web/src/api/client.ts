// The backend contract of DESIGN §7, spoken through relative /api/v1 paths.

export type Id = string;
export type Visibility = 'public' | 'private';

export interface User {
  id: Id;
  username: string;
  email: string;
  bio: string | null;
}

export interface Profile {
  username: string;
  bio: string | null;
}

export interface FeedItem {
  id: Id;
  creator: Id;
  download_url: string;
  created_at: string;
  /** Not in §7's feed shape; used for the private marker when the backend sends it (visibility.ts). */
  public?: boolean;
}

export interface FeedPage {
  count: number;
  results: FeedItem[];
}

export interface UploadTicket {
  id: Id;
  url: string;
  fields: Record<string, string>;
}

/** Images per feed page (§7). A shorter page is the last one. */
export const FEED_PAGE_SIZE = 100;

/** Largest upload the presigned POST accepts (§7). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The backend answered with an error status; `detail` is its message for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

/** The request never got an answer (offline, DNS, connection refused, CORS). */
export class NetworkError extends Error {
  constructor(message = 'Cannot reach Yoctogram. Check your connection and try again.') {
    super(message);
    this.name = 'NetworkError';
  }
}

/** A message fit to show for any error a call can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  if (error instanceof Error && error.name === 'AbortError') return 'Cancelled.';
  return 'Something went wrong. Please try again.';
}

/** Reads the `detail` of an error body (JSON, or S3's XML `<Message>`), else a status line. */
export function detailOf(status: number, statusText: string, body: string): string {
  const message = rawDetail(status, statusText, body);
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function rawDetail(status: number, statusText: string, body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const detail = (JSON.parse(trimmed) as { detail?: unknown }).detail;
      if (typeof detail === 'string' && detail) return detail;
      if (Array.isArray(detail)) {
        const parts = detail
          .map((d) => (typeof d === 'string' ? d : (d as { msg?: unknown })?.msg))
          .filter((m): m is string => typeof m === 'string');
        if (parts.length) return parts.join('; ');
      }
    } catch {
      // not JSON after all: fall through to the status line
    }
  }
  const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(trimmed)?.[1];
  if (xmlMessage) return xmlMessage;
  const reason = statusText ? ` ${statusText}` : '';
  return status >= 500
    ? `The server had a problem (HTTP ${status}${reason}). Please try again.`
    : `Request failed (HTTP ${status}${reason}).`;
}

/**
 * An /api answer that is an HTML page is CloudFront's: the distribution answers every 404 with
 * /index.html and 200 (DESIGN §6), and that rule covers the /api/* behaviour too, so on AWS a
 * backend 404 reaches the browser as the site's own page. The backend itself only speaks JSON.
 */
function isHtml(response: Response, body: string): boolean {
  const type = response.headers.get('Content-Type') ?? '';
  return /^\s*text\/html\b/i.test(type) || /^\s*<(!doctype html|html)[\s>]/i.test(body);
}

export interface UploadOptions {
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  getToken: () => string | null;
  /** Called when the backend rejects the token we sent (expired or revoked). */
  onUnauthorized?: () => void;
  base?: string;
  fetch?: typeof fetch;
  createXhr?: () => XMLHttpRequest;
}

interface RequestOptions {
  body?: unknown;
  auth?: 'required' | 'optional' | 'none';
  query?: Record<string, string | undefined>;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const base = options.base ?? '/api/v1';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const createXhr = options.createXhr ?? (() => new XMLHttpRequest());

  function authHeader(mode: RequestOptions['auth']): Record<string, string> {
    if (mode === 'none') return {};
    const token = options.getToken();
    if (!token) {
      if (mode === 'required') throw new ApiError(401, 'Please log in first.');
      return {};
    }
    return { Authorization: `Bearer ${token}` };
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...authHeader(opts.auth) };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) params.set(key, value);
    }
    const url = base + path + (params.size ? `?${params}` : '');

    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new NetworkError();
    }
    const text = await response.text().catch(() => '');
    if (response.ok && isHtml(response, text)) throw new ApiError(404, 'Not found.');
    if (!response.ok) {
      if (response.status === 401 && headers.Authorization) options.onUnauthorized?.();
      throw new ApiError(response.status, detailOf(response.status, response.statusText, text));
    }
    if (!text) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, 'The server sent an answer Yoctogram cannot read.');
    }
  }

  const id = (value: Id) => encodeURIComponent(String(value));
  const normalizeFeed = (page: FeedPage): FeedPage => ({
    count: page.count ?? page.results?.length ?? 0,
    results: (page.results ?? []).map((item) => ({
      ...item,
      id: String(item.id),
      creator: String(item.creator),
    })),
  });
  const normalizeUser = (user: User): User => ({ ...user, id: String(user.id) });

  return {
    register: (username: string, email: string, password: string) =>
      request<{ success: boolean }>('POST', '/auth/register/', {
        body: { username, email, password },
        auth: 'none',
      }),

    login: async (username: string, password: string): Promise<string> => {
      const answer = await request<{ access_token?: string }>('POST', '/auth/login/', {
        body: { username, password },
        auth: 'none',
      });
      if (!answer.access_token) throw new ApiError(500, 'The server did not return a session.');
      return answer.access_token;
    },

    me: async () => normalizeUser(await request<User>('GET', '/users/me', { auth: 'required' })),

    updateBio: async (bio: string) =>
      normalizeUser(await request<User>('PUT', '/users/me', { body: { bio }, auth: 'required' })),

    profile: (userId: Id) =>
      request<Profile & { success: boolean }>('GET', `/users/profile/${id(userId)}`, { auth: 'none' }),

    feedLatest: async (before?: string) =>
      normalizeFeed(await request<FeedPage>('GET', '/feed/latest', { auth: 'optional', query: { before } })),

    feedByUser: async (userId: Id, before?: string) =>
      normalizeFeed(
        await request<FeedPage>('GET', `/feed/by_user/${id(userId)}`, { auth: 'optional', query: { before } }),
      ),

    generateUpload: async (visibility: Visibility): Promise<UploadTicket> => {
      const ticket = await request<UploadTicket>('POST', `/images/upload/${visibility}/generate`, {
        auth: 'required',
      });
      return { id: String(ticket.id), url: ticket.url, fields: ticket.fields ?? {} };
    },

    confirmUpload: (imageId: Id) =>
      request<{ success: boolean }>('POST', `/images/upload/${id(imageId)}/confirm`, { auth: 'required' }),

    /** The image's URL as `as` may see it: 404 when they may not (`anonymous`: as a visitor). */
    media: (imageId: Id, as: 'me' | 'anonymous' = 'me') =>
      request<{ success: boolean; uri: string }>('GET', `/images/media/${id(imageId)}`, {
        auth: as === 'me' ? 'optional' : 'none',
      }),

    /**
     * Sends the file as the presigned multipart POST describes: every returned field, then the
     * `file` part last (S3 ignores fields after it). XMLHttpRequest, because fetch cannot report
     * upload progress.
     */
    uploadFile: (ticket: UploadTicket, file: Blob, opts: UploadOptions = {}) =>
      new Promise<void>((resolve, reject) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(ticket.fields)) form.append(key, value);
        form.append('file', file);

        const xhr = createXhr();
        // no Authorization header: the presigned form authorises itself, and S3 would reject one
        xhr.open('POST', ticket.url);
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) opts.onProgress?.(event.loaded, event.total);
        };
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) {
            opts.onProgress?.(file.size, file.size);
            resolve();
          } else {
            reject(new ApiError(xhr.status, detailOf(xhr.status, xhr.statusText, xhr.responseText ?? '')));
          }
        };
        xhr.onerror = () => reject(new NetworkError('The upload could not reach the storage server. Please try again.'));
        xhr.ontimeout = xhr.onerror;
        xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
        if (opts.signal) {
          if (opts.signal.aborted) {
            reject(new DOMException('Upload cancelled', 'AbortError'));
            return;
          }
          opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
        }
        xhr.send(form);
      }),

  };
}
