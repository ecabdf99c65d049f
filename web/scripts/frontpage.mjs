#!/usr/bin/env node
// The course grader's first and heaviest test, run here: load the site's front page in headless
// Chromium at 1920×1080 in a fresh profile, screenshot it, compute its PDQ perceptual hash and
// compare it with the hash of the course's own frontend (EXPECTED_HASH in infracourse/a2-grader,
// orchestrator/runtime/grade.py). The grader passes at most 16 differing bits of 256; this test
// asks for at most 12, to keep a margin for the grader's Chrome and fonts.
//
// The grader uses Selenium with a 10 s sleep; here Chromium's own --screenshot takes the picture
// after --virtual-time-budget=10000 (ten seconds of page time, which also waits for the fonts and
// every other request in flight). Note `--window-size=1920,1080` with a comma: Chromium ignores
// the grader's "1920x1080". pdqhash runs in a venv this script creates once under
// ~/.cache/yocto (scripts/pdq-requirements.txt).
//
// Usage: node scripts/frontpage.mjs [URL]   without URL: starts the backend and the site server
// (as e2e.mjs does) and checks the built site; with URL: checks that site (a deployed one).
// Artifacts in web/target/frontpage/ (frontpage.png). CI=true: missing requirements fail.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { requirement, RequirementMissing } from './requirements.mjs';
import { CHROMIUM, CHROMIUM_ARGS, cleanUpOnSignals, runCleanup, stackRequirements, startStack, WEB } from './stack.mjs';

/** The course frontend's hash, as grade.py lists it (bit i of pdqhash.compute's vector). */
export const EXPECTED_HASH = [
  '0110010011001100011001001100110011001100110011001001101100110011',
  '1001101100110011011001001101100101100100110011000100110011001100',
  '1001111001100110100100110011001100110011100110010111000110011001',
  '0110110011001100110011100110011011001110011001100011000110011001',
].join('');

/** What the grader passes. */
export const GRADER_MAX_DISTANCE = 16;
/** What this test passes. */
export const MAX_DISTANCE = 12;

const REQUIREMENTS = path.join(WEB, 'scripts', 'pdq-requirements.txt');
const PDQ_SCRIPT = path.join(WEB, 'scripts', 'pdq.py');
const VENV = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'yocto', 'pdq-venv');
const SCREENSHOT_TIMEOUT_MS = 90_000;
const PIP_TIMEOUT_MS = 600_000;

export function hammingDistance(a, b) {
  assert.equal(a.length, b.length, 'hashes of different lengths');
  let distance = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) distance++;
  return distance;
}

function run(command, args, timeout) {
  return new Promise((resolve) => {
    execFile(command, args, { timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ ok: !error, error, stdout, stderr }),
    );
  });
}

const lastLines = (text, n = 15) => text.trim().split('\n').slice(-n).join('\n');

/**
 * The venv's python with pdqhash, created on first use and again when the pinned requirements or
 * the system's Python change. Null (skipped) when Python or the install is missing, outside CI.
 */
export async function pdqPython(log) {
  const version = await run('python3', ['-c', 'import sys, venv, ensurepip; print(sys.version)'], 30_000);
  if (!requirement(version.ok, 'Python 3 with venv and ensurepip (for pdqhash)', { log })) return null;
  const stamp = createHash('sha256').update(await readFile(REQUIREMENTS)).update(version.stdout).digest('hex');
  const python = path.join(VENV, 'bin', 'python');
  const stampFile = path.join(VENV, '.yocto-stamp');
  if (existsSync(stampFile) && (await readFile(stampFile, 'utf8')) === stamp) return python;

  log(`creating the pdqhash venv in ${VENV} (once)…`);
  // built beside it and renamed into place, so a run interrupted, or one beside it, sees no half venv
  await mkdir(path.dirname(VENV), { recursive: true });
  const building = await mkdtemp(`${VENV}.new-`);
  const created = await run('python3', ['-m', 'venv', building], 120_000);
  const installed =
    created.ok &&
    (await run(
      path.join(building, 'bin', 'python'),
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', REQUIREMENTS],
      PIP_TIMEOUT_MS,
    ));
  const failure = !created.ok ? created : !installed.ok ? installed : null;
  if (failure) {
    await rm(building, { recursive: true, force: true });
    requirement(false, `pdqhash in a Python venv (python3 -m venv, pip install -r scripts/pdq-requirements.txt failed:\n${lastLines(failure.stderr || String(failure.error))})`, { log });
    return null;
  }
  await writeFile(path.join(building, '.yocto-stamp'), stamp);
  await rm(VENV, { recursive: true, force: true });
  await rename(building, VENV).catch(async (error) => {
    await rm(building, { recursive: true, force: true });
    if (!existsSync(stampFile)) throw error; // not another run that finished first
  });
  return python;
}

/** A screenshot of `url` as the grader takes it: fresh profile, 1920×1080, after ten seconds of page time. */
export async function screenshotLikeTheGrader(url, file) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'yocto-frontpage-'));
  try {
    await rm(file, { force: true });
    const shot = await run(
      CHROMIUM,
      [
        ...CHROMIUM_ARGS,
        `--user-data-dir=${profile}`,
        '--window-size=1920,1080',
        '--virtual-time-budget=10000',
        `--screenshot=${file}`,
        url,
      ],
      SCREENSHOT_TIMEOUT_MS,
    );
    assert.ok(shot.ok && existsSync(file), `Chromium took no screenshot of ${url}:\n${lastLines(shot.stderr || String(shot.error))}`);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** { width, height, quality, hash } of a PNG, by pdqhash as the grader runs it. */
export async function pdqOf(python, file) {
  const answer = await run(python, [PDQ_SCRIPT, file], 60_000);
  assert.ok(answer.ok, `pdq.py failed on ${file}:\n${lastLines(answer.stderr || String(answer.error))}`);
  return JSON.parse(answer.stdout);
}

/**
 * The grader's front-page test against `siteUrl`: returns the PDQ distance (asserted ≤
 * MAX_DISTANCE), or null when skipped for a missing requirement outside CI.
 */
export async function checkFrontPage(siteUrl, { log, outDir }) {
  const python = await pdqPython(log);
  if (!python) return null;
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, 'frontpage.png');
  await screenshotLikeTheGrader(`${siteUrl}/`, file);
  const { width, height, quality, hash } = await pdqOf(python, file);
  assert.deepEqual([width, height], [1920, 1080], `the screenshot should be 1920×1080, is ${width}×${height}`);
  const distance = hammingDistance(hash, EXPECTED_HASH);
  log(
    `front page: PDQ distance ${distance}/256 to the course frontend's hash (grader passes ≤ ${GRADER_MAX_DISTANCE}, ` +
      `this test ≤ ${MAX_DISTANCE}; quality ${quality}); screenshot ${file}`,
  );
  assert.ok(
    distance <= MAX_DISTANCE,
    `the logged-out front page is ${distance} bits from the course frontend's PDQ hash (at most ${MAX_DISTANCE} allowed): see ${file}`,
  );
  return distance;
}

async function main() {
  const log = (message) => console.log(`[frontpage] ${message}`);
  const outDir = path.join(WEB, 'target', 'frontpage');
  const given = process.argv[2];
  if (given) {
    if (!requirement(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (run .ci/setup-chromium, or set CHROMIUM_PATH)`, { log })) return;
    await checkFrontPage(given.replace(/\/+$/, ''), { log, outDir });
    return;
  }
  if (!stackRequirements(log)) return;
  await mkdir(outDir, { recursive: true });
  const cleanup = [];
  cleanUpOnSignals(cleanup, log);
  try {
    const siteUrl = await startStack({ log, cleanup, backendLog: path.join(outDir, 'backend.log') });
    if ((await checkFrontPage(siteUrl, { log, outDir })) !== null) log('PASSED');
  } finally {
    await runCleanup(cleanup, log);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error instanceof RequirementMissing ? `[frontpage] FAILED: ${error.message}` : error);
      console.error('[frontpage] FAILED');
      process.exit(1);
    },
  );
}
