import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Link, matchRoute, navigate, safeNext, useLocation } from './router';

describe('matchRoute', () => {
  it('knows every page and sends the rest to not found', () => {
    expect(matchRoute('/')).toEqual({ name: 'feed' });
    expect(matchRoute('/login')).toEqual({ name: 'login', next: '/' });
    expect(matchRoute('/login', '?next=%2Fupload')).toEqual({ name: 'login', next: '/upload' });
    expect(matchRoute('/signup/')).toEqual({ name: 'signup' });
    expect(matchRoute('/upload')).toEqual({ name: 'upload' });
    expect(matchRoute('/users/3f2c-11')).toEqual({ name: 'profile', userId: '3f2c-11' });
    expect(matchRoute('/users/a%20b')).toEqual({ name: 'profile', userId: 'a b' });
    expect(matchRoute('/users/%E0%A4%A')).toEqual({ name: 'notFound' });
    expect(matchRoute('/users/1/extra')).toEqual({ name: 'notFound' });
    expect(matchRoute('/index.html')).toEqual({ name: 'notFound' });
    expect(matchRoute('/nope')).toEqual({ name: 'notFound' });
  });

  it('only follows same-site destinations after log in', () => {
    expect(safeNext('/users/1')).toBe('/users/1');
    expect(safeNext('//evil.example.com')).toBe('/');
    expect(safeNext('https://evil.example.com')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});

function Where() {
  const location = useLocation();
  return (
    <p>
      at {location.pathname}
      {location.notice && ` (${location.notice})`}
    </p>
  );
}

describe('navigation', () => {
  it('a Link click changes the address without a page load, and back returns', async () => {
    render(
      <>
        <Link to="/upload">Upload</Link>
        <Where />
      </>,
    );
    expect(screen.getByText('at /')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Upload' }));
    expect(window.location.pathname).toBe('/upload');
    expect(screen.getByText('at /upload')).toBeTruthy();
    window.history.back();
    await waitFor(() => expect(screen.getByText('at /')).toBeTruthy());
  });

  it('leaves modified clicks to the browser (new tab)', () => {
    render(<Link to="/upload">Upload</Link>);
    const link = screen.getByRole('link', { name: 'Upload' });
    expect(link.getAttribute('href')).toBe('/upload');
    const browser = vi.fn((event: Event) => event.preventDefault()); // what the browser would do: open a tab
    document.addEventListener('click', browser);
    fireEvent.click(link, { ctrlKey: true });
    document.removeEventListener('click', browser);
    expect(browser).toHaveBeenCalledOnce();
    expect(window.location.pathname).toBe('/');
  });

  it('carries a one-time notice to the next page', () => {
    render(<Where />);
    act(() => navigate('/', { notice: 'Your image is uploaded.' }));
    expect(screen.getByText('at / (Your image is uploaded.)')).toBeTruthy();
    act(() => navigate('/upload'));
    expect(screen.getByText('at /upload')).toBeTruthy();
  });
});
