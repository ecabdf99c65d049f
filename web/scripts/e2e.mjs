#!/usr/bin/env node
// End-to-end test of the built site in a real Chromium against the real backend.
//
// Starts the backend with app/dev-server (throwaway PostgreSQL, images on local disk), serves
// web/dist the way CloudFront does (scripts/serve.mjs), and drives Debian's Chromium through
// playwright-core: two users sign up, log in, upload a public and a private PNG, see what they
// may see, log out. Screenshots land in web/target/e2e/.
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), YOCTOGRAM_BACKEND (use a backend that
// is already running instead of app/dev-server), E2E_HEADED=1 (watch it), CI=true (missing
// requirements fail instead of skipping).
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkFrontPage } from './frontpage.mjs';
import { decodePng, encodePng } from './png.mjs';
import { RequirementMissing } from './requirements.mjs';
import { CHROMIUM, CHROMIUM_ARGS, cleanUpOnSignals, runCleanup, stackRequirements, startStack, WEB } from './stack.mjs';

const OUT = path.join(WEB, 'target', 'e2e');
const STEP_TIMEOUT_MS = 30_000;

// The two test images: noise bands above and below (so the upload is big enough for the progress
// bar to move), a solid colour in the middle that the checks look for on screen.
const RED = [220, 30, 60];
const BLUE = [30, 90, 220];
function testImage(colour, width, height, seed) {
  let state = seed;
  const noise = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  return encodePng(width, height, (x, y) =>
    y < height / 4 || y >= (height * 3) / 4 ? [noise(), noise(), noise()] : colour,
  );
}

const log = (message) => console.log(`[e2e] ${message}`);

/** Registers `username` and uploads `count` small public PNGs through the API; returns their ids, oldest first. */
async function seedImages(siteUrl, username, count) {
  const call = async (method, path, { token, body } = {}) => {
    const response = await fetch(`${siteUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body && JSON.stringify(body),
    });
    const json = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const password = 'a password for seeding';
  await call('POST', '/auth/register/', { body: { username, email: `${username}@example.com`, password } });
  const { access_token: token } = await call('POST', '/auth/login/', { body: { username, password } });
  const ids = [];
  for (let n = 0; n < count; n++) {
    const ticket = await call('POST', '/images/upload/public/generate', { token });
    const form = new FormData();
    for (const [key, value] of Object.entries(ticket.fields)) form.append(key, value);
    form.append('file', new Blob([encodePng(8, 8, () => [n, 200, 100])], { type: 'image/png' }), `seed-${n}.png`);
    const upload = await fetch(ticket.url, { method: 'POST', body: form });
    assert.ok(upload.ok, `upload ${n}: ${upload.status} ${await upload.text()}`);
    await call('POST', `/images/upload/${ticket.id}/confirm`, { token });
    ids.push(ticket.id);
  }
  return { ids };
}

/** Within `tolerance` per channel: screenshots go through colour management and scaling. */
function near(actual, expected, tolerance = 40) {
  return expected.every((value, i) => Math.abs(actual[i] - value) <= tolerance);
}

async function main() {
  if (!stackRequirements(log)) return 0;

  const { chromium } = await import('playwright-core');
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });

  const cleanup = [];
  let page;
  cleanUpOnSignals(cleanup, log);
  try {
    const siteUrl = await startStack({ log, cleanup, backendLog: path.join(OUT, 'backend.log') });

    // --- first, as the course's grader does: the logged-out front page in a fresh browser,
    //     compared with the course frontend's by perceptual hash
    await checkFrontPage(siteUrl, { log, outDir: OUT });

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.env.E2E_HEADED,
      args: CHROMIUM_ARGS,
    });
    cleanup.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    // Records every value the upload progress bar shows, for the progress assertions.
    await context.addInitScript(() => {
      window.__progress = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress[data-upload-progress]');
        if (bar && window.__progress.at(-1) !== bar.value) window.__progress.push(bar.value);
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    });
    page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const stamp = Date.now().toString(36);
    const alice = { username: `alice_${stamp}`, email: `alice_${stamp}@example.com`, password: 'correct horse battery' };
    const bob = { username: `bob_${stamp}`, email: `bob_${stamp}@example.com`, password: 'tr0ub4dor & 3' };
    const redPng = testImage(RED, 640, 480, 1);
    const bluePng = testImage(BLUE, 480, 640, 2);
    await writeFile(path.join(OUT, 'public-red.png'), redPng);
    await writeFile(path.join(OUT, 'private-blue.png'), bluePng);

    const heading = (name) => page.getByRole('heading', { level: 1, name });
    const nav = page.getByRole('navigation', { name: 'Main' });
    const loginForm = page.getByRole('form', { name: 'Log in' });
    const feedCards = page.getByRole('list', { name: 'Latest images, newest first' }).getByRole('listitem');
    const notice = page.getByRole('status').filter({ hasText: /./ });

    async function signUp(user) {
      // a deep link: the site server answers index.html for it, as CloudFront's 404 rule does
      await page.goto(`${siteUrl}/signup`);
      await page.getByRole('form', { name: 'Sign up' }).waitFor();
      await page.getByLabel('Username').fill(user.username);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign up' }).click();
      await heading('Latest images').waitFor();
      await nav.getByRole('link', { name: user.username }).waitFor();
      log(`signed up ${user.username}`);
    }

    /** Logs out; the front page is then the log-in screen, without the header. */
    async function logOut() {
      await nav.getByRole('button', { name: 'Log out' }).click();
      await loginForm.waitFor();
      await page.getByText('You are logged out.').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      assert.equal(await nav.count(), 0, 'no header on the log-in screen');
      assert.equal(await page.evaluate(() => localStorage.getItem('yoctogram.token')), null, 'token left behind after log out');
    }

    /** Logs in on the front page's log-in screen. */
    async function logIn(user) {
      await loginForm.waitFor();
      await page.getByPlaceholder('Username').fill(user.username);
      await page.getByPlaceholder('Password').fill(user.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await heading('Latest images').waitFor();
      await nav.getByRole('link', { name: user.username }).waitFor();
      log(`logged in as ${user.username}`);
    }

    async function upload(png, name, visibility) {
      await nav.getByRole('link', { name: 'Upload' }).click();
      await heading('Upload an image').waitFor();
      // a client-side navigation moves focus to the new page's heading, as a page load would
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Upload an image');
      await page.getByLabel('Image (up to 10 MB)').setInputFiles({ name, mimeType: 'image/png', buffer: png });
      await page.getByRole('img', { name: 'Preview of the chosen image' }).waitFor();
      await page.getByLabel(visibility === 'public' ? 'Public — everyone' : 'Private — only me').check();
      if (visibility === 'private') await page.screenshot({ path: path.join(OUT, 'upload.png'), fullPage: true });
      await page.evaluate(() => (window.__progress = []));
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await heading('Latest images').waitFor();
      await notice.filter({ hasText: 'uploaded' }).waitFor();
      const seen = await page.evaluate(() => window.__progress);
      log(`uploaded ${name} (${visibility}, ${png.length} bytes); progress bar showed ${JSON.stringify(seen)}`);
      assert.ok(seen.length >= 2, `the progress bar should have moved during the upload, saw ${JSON.stringify(seen)}`);
      assert.equal(seen[0], 0, 'the progress bar should start at 0');
      assert.equal(seen.at(-1), 100, 'the progress bar should end at 100');
      assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'the progress bar should never go backwards');
      return seen;
    }

    /** Waits for a card's image to load and checks what it really shows. */
    async function checkCardImage(card, colour, width, height) {
      const img = card.getByRole('img');
      await img.waitFor();
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
      const rendered = await img.evaluate((el) => {
        const canvas = document.createElement('canvas');
        canvas.width = el.naturalWidth;
        canvas.height = el.naturalHeight;
        const g = canvas.getContext('2d');
        g.drawImage(el, 0, 0);
        const centre = [...g.getImageData(el.naturalWidth >> 1, el.naturalHeight >> 1, 1, 1).data];
        const box = el.getBoundingClientRect();
        return { naturalWidth: el.naturalWidth, naturalHeight: el.naturalHeight, centre, shown: [box.width, box.height], alt: el.alt };
      });
      assert.equal(rendered.naturalWidth, width, 'image width as uploaded');
      assert.equal(rendered.naturalHeight, height, 'image height as uploaded');
      assert.ok(near(rendered.centre, colour, 2), `decoded centre pixel ${rendered.centre} should be ${colour}`);
      assert.ok(rendered.shown[0] > 100 && rendered.shown[1] > 100, `image should be drawn large enough, is ${rendered.shown}`);
      assert.match(rendered.alt, /^Image by \S+, posted /);
      // and on screen: the middle of the rendered element in a real screenshot has the colour
      const shot = decodePng(await img.screenshot());
      const onScreen = shot.pixel(shot.width >> 1, shot.height >> 1);
      assert.ok(near(onScreen, colour), `screen pixel ${onScreen} in the middle of the image should be ${colour}`);
      return rendered;
    }

    // --- two users sign up (each is logged in right after), and log out
    await signUp(alice);
    await logOut();
    await signUp(bob);
    await logOut();

    // --- a failed log in shows the backend's own message
    await page.getByPlaceholder('Username').fill(alice.username);
    await page.getByPlaceholder('Password').fill('not the password');
    await page.getByRole('button', { name: 'Login' }).click();
    const loginError = page.getByRole('alert');
    await loginError.waitFor();
    const loginErrorText = (await loginError.innerText()).trim();
    assert.ok(loginErrorText.length > 0 && !/HTTP \d+/.test(loginErrorText), `log-in error should be the backend's detail, was "${loginErrorText}"`);
    log(`wrong password shows: "${loginErrorText}"`);
    await page.screenshot({ path: path.join(OUT, 'login-error.png') });
    await page.goto(siteUrl + '/');

    // --- alice logs in and uploads a public and a private image, with throttled upload speed so
    //     the progress bar has something to show
    await logIn(alice);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024, // bytes per second
    });
    const publicProgress = await upload(redPng, 'public-red.png', 'public');
    assert.ok(
      publicProgress.some((value) => value > 0 && value < 100),
      `a throttled upload should show values between 0 and 100, saw ${JSON.stringify(publicProgress)}`,
    );
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await upload(bluePng, 'private-blue.png', 'private');

    // --- alice sees both, newest first, the private one marked
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Latest images, newest first"] > li').length === 2);
    assert.equal(await feedCards.count(), 2, 'alice should see her two images');
    const [newest, older] = [feedCards.nth(0), feedCards.nth(1)];
    await checkCardImage(newest, BLUE, 480, 640);
    await checkCardImage(older, RED, 640, 480);
    assert.equal(await newest.getByText('Private').count(), 1, 'the private image carries the Private marker');
    assert.equal(await older.getByText('Private').count(), 0, 'the public image carries no marker');
    for (const card of [newest, older]) {
      await card.getByRole('link', { name: alice.username, exact: true }).waitFor(); // creator name on the card
    }
    const privateId = await newest.getAttribute('data-image-id');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(OUT, 'feed.png'), fullPage: true });
    log('alice sees both images, the private one marked; screenshot web/target/e2e/feed.png');

    // --- her profile: both images, and a bio she can edit
    await nav.getByRole('link', { name: alice.username }).click();
    await heading(`${alice.username} (you)`).waitFor();
    await page.waitForFunction((name) => document.querySelectorAll(`[aria-label="Images by ${name}"] > li`).length === 2, alice.username);
    const bio = `Hello from the end-to-end test ${stamp}`;
    await page.getByLabel('Your bio').fill(bio);
    await page.getByRole('button', { name: 'Save bio' }).click();
    await page.getByText('Your bio is saved.').waitFor();
    await page.screenshot({ path: path.join(OUT, 'profile.png'), fullPage: false });
    await page.reload();
    await heading(`${alice.username} (you)`).waitFor();
    assert.equal(await page.getByLabel('Your bio').inputValue(), bio, 'the bio survives a reload');
    const aliceProfile = new URL(page.url()).pathname;
    log('alice edited her bio on her profile');
    await logOut();

    // --- bob, on a phone-width screen, sees only the public image
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(bob);
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Latest images, newest first"] > li').length >= 1);
    assert.equal(await feedCards.count(), 1, 'bob should see only the public image');
    const only = feedCards.first();
    assert.notEqual(await only.getAttribute('data-image-id'), privateId, 'bob must not see the private image');
    await checkCardImage(only, RED, 640, 480);
    assert.equal(await only.getByText('Private').count(), 0);
    await only.getByRole('link', { name: alice.username, exact: true }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (overflow ${overflow}px)`);
    await page.screenshot({ path: path.join(OUT, 'feed-phone.png'), fullPage: true });
    log('bob sees only the public image; screenshot web/target/e2e/feed-phone.png');

    // --- bob looks at alice's profile: her bio, one image, nothing to edit
    await only.getByRole('link', { name: alice.username }).click();
    await heading(alice.username).waitFor();
    assert.equal(new URL(page.url()).pathname, aliceProfile);
    await page.getByText(bio).waitFor();
    assert.equal(await page.getByLabel('Your bio').count(), 0, 'no bio editor on someone else’s profile');
    await page.waitForFunction((name) => document.querySelectorAll(`[aria-label="Images by ${name}"] > li`).length === 1, alice.username);

    // --- an unknown address is the not-found page (served as index.html with 200)
    const missing = await page.goto(`${siteUrl}/no/such/page`);
    assert.equal(missing.status(), 200);
    await heading('Page not found').waitFor();

    // --- with the network gone, a page says so instead of going blank
    await page.getByRole('link', { name: 'Go to the latest images' }).click();
    await heading('Latest images').waitFor();
    await context.setOffline(true);
    await nav.getByRole('link', { name: bob.username }).click();
    await page.getByRole('alert').filter({ hasText: 'Cannot reach Yoctogram' }).first().waitFor();
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).first().click();
    await heading(`${bob.username} (you)`).waitFor();
    log('offline shows a message; Try again recovers');

    // --- paging: a third user posts a full page of images through the API (§7's three steps, as
    //     a script would), then bob's feed shows 100 and "Older images" brings alice's image
    const seeding = Date.now();
    const carol = await seedImages(siteUrl, `carol_${stamp}`, 100);
    log(`carol posted 100 images through the API in ${((Date.now() - seeding) / 1000).toFixed(1)}s`);
    await nav.getByRole('link', { name: 'Feed' }).click();
    await heading('Latest images').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Latest images, newest first"] > li').length === 100);
    assert.deepEqual(await feedCards.evaluateAll((cards) => cards.map((c) => c.dataset.imageId)), [...carol.ids].reverse(), 'first page: the 100 newest, newest first');
    await page.getByRole('button', { name: 'Older images' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[aria-label="Latest images, newest first"] > li').length === 101);
    const last = feedCards.last();
    await last.getByRole('link', { name: alice.username, exact: true }).waitFor(); // the second page holds alice's image
    await last.scrollIntoViewIfNeeded();
    await checkCardImage(last, RED, 640, 480);
    assert.equal(await page.getByRole('button', { name: 'Older images' }).count(), 0, 'no more pages after a short one');
    log('paging: 100 newest, then "Older images" loads the 101st');

    // --- bob logs out: the front page is the log-in screen; a visitor still sees alice's public
    //     image on her profile, and not her private one
    await logOut();
    await page.goto(siteUrl + aliceProfile);
    await heading(alice.username).waitFor();
    const aliceImages = page.getByRole('list', { name: `Images by ${alice.username}` }).getByRole('listitem');
    await page.waitForFunction((name) => document.querySelectorAll(`[aria-label="Images by ${name}"] > li`).length === 1, alice.username);
    await checkCardImage(aliceImages.first(), RED, 640, 480);
    log('logged out; the public image is visible anonymously on its owner’s profile');

    // --- an API 404 through the site server arrives as index.html with 200, as CloudFront's
    //     error rule makes it on AWS: the profile of an unknown user is "not found", not an
    //     unreadable answer
    const unknownUser = await page.request.get(`${siteUrl}/api/v1/users/profile/00000000-0000-4000-8000-000000000000`);
    assert.equal(unknownUser.status(), 200);
    assert.match(unknownUser.headers()['content-type'], /^text\/html/);
    await page.goto(`${siteUrl}/users/00000000-0000-4000-8000-000000000000`);
    await heading('Page not found').waitFor();
    assert.equal(await page.getByText(/cannot read/).count(), 0);
    log('an API 404 served as the site page (CloudFront) shows the not-found page');

    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    log('PASSED');
    return 0;
  } catch (error) {
    if (page) {
      await page.screenshot({ path: path.join(OUT, 'failure.png'), fullPage: true }).catch(() => {});
      log(`failure screenshot: ${path.join(OUT, 'failure.png')} at ${page.url()}`);
    }
    throw error;
  } finally {
    await runCleanup(cleanup, log);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof RequirementMissing ? `[e2e] FAILED: ${error.message}` : error);
    console.error('[e2e] FAILED');
    process.exit(1);
  },
);
