#!/usr/bin/env node
// Serves the built site the way the CloudFront distribution of DESIGN §6 does:
//   /api/*            → the backend (every method, bodies streamed both ways); a 404 from it is
//                       answered with /index.html and 200, as CloudFront's error rule does there too
//   an existing file  → the file; index.html no-cache, /assets/* (content-hashed) immutable
//   anything else     → /index.html with 200 (CloudFront's 404 → /index.html rule)
// Usage: node scripts/serve.mjs [--port 4173] [--host 127.0.0.1] [--backend http://127.0.0.1:8080] [--root dist]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Cache-Control as the frontend bucket sync sets it. */
export function cacheControlFor(relativePath) {
  if (relativePath === 'index.html') return 'no-cache';
  if (relativePath.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=300';
}

/** The file under root that a URL path names, or null if it would escape root. */
export function resolveInRoot(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const rootWithSep = path.resolve(root) + path.sep;
  return file.startsWith(rootWithSep) ? file : null;
}

async function fileAt(file) {
  if (!file) return null;
  try {
    const info = await stat(file);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function proxy(req, res, backend, notFound) {
  const target = new URL(req.url, backend);
  const headers = { ...req.headers };
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  const upstream = http.request(
    target,
    { method: req.method, headers },
    (answer) => {
      if (answer.statusCode === 404) {
        answer.resume();
        notFound(res);
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else sendJson(res, 502, { success: false, detail: 'The backend is not reachable.' });
  });
  req.pipe(upstream);
}

export function createSiteServer({ root, backend }) {
  const rootDir = path.resolve(root);
  const index = path.join(rootDir, 'index.html');

  async function send(req, res, file) {
    let info = await fileAt(file);
    if (!info) {
      file = index;
      info = await fileAt(index);
      if (!info) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`No index.html under ${rootDir}: run npm run build first.\n`);
        return;
      }
    }
    const relative = path.relative(rootDir, file).split(path.sep).join('/');
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': cacheControlFor(relative),
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  return http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://site.invalid');
    if (pathname === '/api' || pathname.startsWith('/api/')) {
      proxy(req, res, backend, () => send(req, res, index));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    await send(req, res, pathname.endsWith('/') ? resolveInRoot(rootDir, pathname + 'index.html') : resolveInRoot(rootDir, pathname));
  });
}

function parseArgs(argv) {
  const options = { port: 4173, host: '127.0.0.1', backend: 'http://127.0.0.1:8080', root: 'dist' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in options) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    options[key] = key === 'port' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(3);
  }
  const root = path.resolve(here, '..', options.root);
  const server = createSiteServer({ root, backend: options.backend });
  server.listen(options.port, options.host, () => {
    const { port } = server.address();
    console.log(`Serving ${root} on http://${options.host}:${port} (/api → ${options.backend})`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}
