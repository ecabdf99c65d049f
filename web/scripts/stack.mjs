// What the browser tests (e2e.mjs, frontpage.mjs) run against: the real backend started with
// app/dev-server (throwaway PostgreSQL, images on local disk), or YOCTOGRAM_BACKEND, behind the
// site server that serves web/dist the way CloudFront does (serve.mjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirement } from './requirements.mjs';
import { createSiteServer } from './serve.mjs';

export const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = path.resolve(WEB, '..');
export const DIST = path.join(WEB, 'dist');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEV_SERVER = path.join(REPO, 'app', 'dev-server');
const APP_JAR = path.join(REPO, 'app', 'target', 'app.jar');
const APP_CLASSPATH = path.join(REPO, 'app', 'target', 'test-classpath.txt');
const BACKEND_START_TIMEOUT_MS = 240_000;

/** Flags that Debian's Chromium needs here (no sandbox as root, no GPU, no calls home). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The project's rule for Chromium and the built backend: true when both are there. */
export function stackRequirements(log) {
  return (
    requirement(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (run .ci/setup-chromium, or set CHROMIUM_PATH)`, { log }) &&
    Boolean(
      process.env.YOCTOGRAM_BACKEND ||
        requirement(
          existsSync(DEV_SERVER) && existsSync(APP_JAR) && existsSync(APP_CLASSPATH),
          'the backend: app/dev-server, app/target/app.jar and app/target/test-classpath.txt (mvn -B -pl app -am package -DskipTests)',
          { log },
        ),
    )
  );
}

/**
 * Starts the backend (unless YOCTOGRAM_BACKEND names one) and the site server in front of it;
 * pushes their stop steps onto `cleanup`. Resolves with the site's URL.
 */
export async function startStack({ log, cleanup, backendLog }) {
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error('web/dist/index.html is missing: run npm run build first');
  let backendUrl = process.env.YOCTOGRAM_BACKEND;
  if (!backendUrl) {
    log('starting the backend (app/dev-server)…');
    const started = Date.now();
    const backend = await startBackend();
    cleanup.push(async () => {
      await stopBackend(backend.child, log);
      if (backendLog) await writeFile(backendLog, backend.output.join('\n') + '\n');
    });
    backendUrl = backend.url;
    log(`backend ready at ${backendUrl} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  const site = createSiteServer({ root: DIST, backend: backendUrl });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise((resolve) => site.close(resolve)));
  cleanup.push(() => site.closeAllConnections());
  const siteUrl = `http://127.0.0.1:${site.address().port}`;
  log(`site at ${siteUrl}`);
  return siteUrl;
}

/** Runs the cleanup steps, last pushed first, also when the process is interrupted (Ctrl-C, a CI timeout). */
export async function runCleanup(cleanup, log) {
  for (const step of cleanup.splice(0).reverse()) await Promise.resolve().then(step).catch((e) => log(`cleanup: ${e.message}`));
}

export function cleanUpOnSignals(cleanup, log) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      log(`${signal}: cleaning up`);
      await runCleanup(cleanup, log);
      process.exit(130);
    });
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts app/dev-server and resolves with its URL once it prints READY. */
export async function startBackend() {
  const port = await freePort();
  const child = spawn('bash', [DEV_SERVER, '--port', String(port)], {
    cwd: REPO,
    detached: true, // its own process group, so cleanup reaches PostgreSQL too if it must
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  const output = [];
  const remember = (chunk) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 60));
  };
  child.stderr.on('data', remember);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`backend did not print READY within ${BACKEND_START_TIMEOUT_MS / 1000}s`)),
      BACKEND_START_TIMEOUT_MS,
    );
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      remember(chunk);
      buffered += chunk.toString();
      const ready = /^READY (http:\/\/\S+)\s*$/m.exec(buffered);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`backend exited before READY (code ${code}, signal ${signal})`));
    });
  }).catch((error) => {
    stopBackend(child);
    error.message += `\n--- last lines of app/dev-server ---\n${output.join('\n')}`;
    throw error;
  });
  return { url, child, output };
}

export async function stopBackend(child, log = console.log) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
  if (!stopped) {
    log('backend ignored SIGTERM for 20s; killing its process group');
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

