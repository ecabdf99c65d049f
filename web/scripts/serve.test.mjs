// @vitest-environment node
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlFor, createSiteServer, resolveInRoot } from './serve.mjs';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

let root;
let site;
let siteUrl;
let backend;
const seen = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'yocto-serve-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Yoctogram</title>');
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(os.tmpdir(), 'yocto-serve-secret.txt'), 'secret');
  // a real HTTP server standing in for the backend
  backend = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, host: req.headers.host, auth: req.headers.authorization, body });
      res.writeHead(req.url.startsWith('/api/v1/missing') ? 404 : 201, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ success: !req.url.startsWith('/api/v1/missing'), detail: 'nope' }));
    });
  });
  const backendUrl = await listen(backend);
  site = createSiteServer({ root, backend: backendUrl });
  siteUrl = await listen(site);
});

afterAll(async () => {
  await new Promise((r) => site.close(r));
  await new Promise((r) => backend.close(r));
  await rm(root, { recursive: true, force: true });
});

describe('serve.mjs, the local stand-in for CloudFront', () => {
  it('serves index.html for / with no-cache', async () => {
    const res = await fetch(siteUrl + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>Yoctogram</title>');
  });

  it('answers an unknown path with index.html and 200, so client-side routes load', async () => {
    const res = await fetch(siteUrl + '/users/42');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Yoctogram</title>');
  });

  it('serves hashed assets as immutable', async () => {
    const res = await fetch(siteUrl + '/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves files outside the root', async () => {
    const res = await fetch(siteUrl + '/%2e%2e/yocto-serve-secret.txt');
    expect(await res.text()).not.toContain('secret');
    expect(resolveInRoot('/srv/site', '/../etc/passwd')).toBe(path.resolve('/srv/site/etc/passwd'));
    expect(resolveInRoot('/srv/site', '/%E0%A4%A')).toBeNull();
  });

  it('passes /api/* to the backend with method, body, headers and status', async () => {
    const res = await fetch(siteUrl + '/api/v1/auth/register/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t' },
      body: '{"username":"a"}',
    });
    expect(res.status).toBe(201);
    const last = seen.at(-1);
    expect(last).toMatchObject({ method: 'POST', url: '/api/v1/auth/register/', auth: 'Bearer t', body: '{"username":"a"}' });
    expect(last.host).toBe(new URL(siteUrl).host); // the backend builds dev-mode URLs from it
  });

  it("answers the backend's 404 with index.html and 200, as CloudFront's error rule does for /api/* too", async () => {
    const missing = await fetch(siteUrl + '/api/v1/missing');
    expect(missing.status).toBe(200);
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await missing.text()).toContain('<title>Yoctogram</title>');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/missing' });
  });

  it('says the backend is unreachable in the API error shape', async () => {
    const dead = createSiteServer({ root, backend: 'http://127.0.0.1:9' });
    const url = await listen(dead);
    const res = await fetch(url + '/api/v1/health/');
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ success: false, detail: 'The backend is not reachable.' });
    await new Promise((r) => dead.close(r));
  });

  it('chooses cache headers like the frontend bucket sync', () => {
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('assets/x-1a2b.css')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('robots.txt')).toBe('public, max-age=300');
  });
});
