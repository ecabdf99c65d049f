// A small history-API router: every path is served index.html (CloudFront's 404 → /index.html
// with 200), and this decides what to render.
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route =
  | { name: 'feed' }
  | { name: 'login'; next: string }
  | { name: 'signup' }
  | { name: 'upload' }
  | { name: 'profile'; userId: string }
  | { name: 'notFound' };

/** Only same-site paths may be a post-login destination (no open redirect). */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  switch (path) {
    case '/':
      return { name: 'feed' };
    case '/login':
      return { name: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
    case '/signup':
      return { name: 'signup' };
    case '/upload':
      return { name: 'upload' };
  }
  const profile = /^\/users\/([^/]+)$/.exec(path);
  if (profile) {
    try {
      return { name: 'profile', userId: decodeURIComponent(profile[1]) };
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

export interface Location {
  pathname: string;
  search: string;
  /** A one-time message for the page navigated to ("Image uploaded."). */
  notice: string | null;
}

const listeners = new Set<() => void>();
let snapshot: Location | null = null;
// The notice belongs to one navigation: gone after the next one, and not replayed by a reload.
let notice: string | null = null;

function read(): Location {
  const { pathname, search } = window.location;
  if (!snapshot || snapshot.pathname !== pathname || snapshot.search !== search || snapshot.notice !== notice) {
    snapshot = { pathname, search, notice };
  }
  return snapshot;
}

function emit() {
  for (const listener of listeners) listener();
}

function onPopState() {
  notice = null;
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', onPopState);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', onPopState);
  };
}

export function navigate(to: string, opts: { replace?: boolean; notice?: string } = {}) {
  notice = opts.notice ?? null;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo?.(0, 0);
  emit();
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, read, read);
}

/** Redirects once rendered (for pages that need a login). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  function handle(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const plainClick =
      event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (event.defaultPrevented || !plainClick || rest.target) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handle} {...rest} />;
}
