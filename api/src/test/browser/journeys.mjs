// Browser journeys through the OpenDrive web UI, as a user would take them.
// Usage: node journeys.mjs <baseUrl> [name filter]
// Env: OPENDRIVE_MAX_FILE_SIZE (the server's per-file limit, for the "too large" case),
//      OPENDRIVE_ADMIN_TOKEN (the server's ADMIN_TOKEN, to give a user a quota; without it the
//      quota journey is left out),
//      BROWSER_ARTIFACTS (where failure screenshots go), CHROMIUM_PATH.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { journey, run, assert, until, visible, gone, hidden } from './harness.mjs';
import { png, wav, pdf, filler, unzip } from './fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = (process.argv[2] || 'http://localhost:5000').replace(/\/+$/, '');
const only = process.argv[3];
const artifacts = process.env.BROWSER_ARTIFACTS || path.resolve(here, '../../../target/browser-artifacts');
const maxFileSize = Number(process.env.OPENDRIVE_MAX_FILE_SIZE || 0);
const adminToken = process.env.OPENDRIVE_ADMIN_TOKEN || '';
const PASSWORD = 'correct horse 42';
let userCounter = 0;

// ------------------------------------------------------------------ API helpers (test set-up only)

function uniqueEmail(tag) {
  userCounter += 1;
  return `${tag}-${Date.now().toString(36)}-${userCounter}@example.test`;
}

async function call(pathname, { token, method = 'GET', json, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}/api${pathname}`, { method, headers, body: json !== undefined ? JSON.stringify(json) : body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A user made through the API, with helpers to set up their drive quickly. */
async function newUser(tag) {
  const email = uniqueEmail(tag);
  const { token } = await call('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
  return {
    email,
    token,
    api: (pathname, options = {}) => call(pathname, { ...options, token }),
    folder: (name, parentId) => call('/folders', { method: 'POST', token, json: { name, parentId: parentId || null } }),
    async upload(name, bytes, folderId) {
      const form = new FormData();
      if (folderId) form.append('folderId', folderId);
      form.append('files', new Blob([bytes]), name);
      const result = await call('/files', { method: 'POST', token, body: form });
      return result.files[0];
    },
  };
}

/** Gives a user their own storage quota through the operator route (needs OPENDRIVE_ADMIN_TOKEN). */
async function setQuota(user, bytes) {
  const response = await fetch(`${base}/api/admin/users/${encodeURIComponent(user.email)}/quota`, {
    method: 'PUT', headers: { 'X-Admin-Token': adminToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({ bytes }),
  });
  if (!response.ok) throw new Error(`setting the quota: HTTP ${response.status} ${await response.text()}`);
}

/** Opens the app signed in as `user` (the token goes where the login page would put it). */
async function openAs(page, user, hash = '#/') {
  await page.goto(`${base}/`);
  await page.evaluate(([token, email, target]) => {
    localStorage.setItem('opendrive.session', JSON.stringify({ token, user: { email } }));
    window.location.hash = target;
  }, [user.token, user.email, hash]);
  await page.reload();
  await visible(page.locator('.view-title'), 'the drive did not open');
}

const title = (page) => page.locator('h1.view-title');
const row = (page, name) => page.locator(`.items .item[data-name="${name}"]`);

async function titleIs(page, text) {
  await until(async () => (await title(page).textContent()) === text,
    `expected the view title "${text}", got "${await title(page).textContent().catch(() => '?')}"`);
}

async function itemAction(page, name, action) {
  await page.getByRole('button', { name: `More actions for ${name}`, exact: true }).click();
  await page.locator(`.menu [data-action="${action}"]`).click();
}

async function dropFiles(page, selector, files) {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type || '' }));
    return dt;
  }, files.map((f) => ({ name: f.name, bytes: [...f.bytes], type: f.type })));
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

/** Slows this page's uploads down so progress can be seen (Chromium network emulation). */
async function throttleUploads(context, page, bytesPerSecond) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  };
}

// ------------------------------------------------------------------ journeys

journey('register, stay signed in across a reload, log out, log in, expired token goes to login', async ({ page }) => {
  const email = uniqueEmail('register');
  await page.goto(`${base}/`);
  await visible(page.getByRole('heading', { name: 'Welcome back' }), 'the login page');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await visible(page.locator('.form-error').filter({ hasText: /password/i }), 'a too-short password is refused with a message');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await titleIs(page, 'My Drive');
  await visible(page.getByTestId('empty-state'), 'a new drive shows the empty state');
  await visible(page.getByTestId('storage-used').filter({ hasText: '0 B used' }), 'storage usage of a new drive');

  await page.reload();
  await titleIs(page, 'My Drive');

  await page.getByTestId('account-button').click();
  await page.locator('.menu [data-action="logout"]').click();
  await visible(page.getByText('You have been logged out.'), 'the logged-out notice');
  assert(await page.evaluate(() => localStorage.getItem('opendrive.session')) === null, 'the token is removed at logout');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await visible(page.locator('.form-error').filter({ hasText: 'Invalid credentials' }), 'a wrong password is refused');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await titleIs(page, 'My Drive');

  // A token the server no longer accepts (expired, revoked, tampered) leads back to the login page.
  await page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('opendrive.session'));
    s.token = `${s.token.slice(0, -4)}AAAA`;
    localStorage.setItem('opendrive.session', JSON.stringify(s));
  });
  await page.reload();
  await visible(page.getByText('Your session has expired. Please log in again.'), 'an invalid token leads to the login page');
});

journey('create folders, open them, navigate back with the breadcrumb and the keyboard', async ({ page }) => {
  const user = await newUser('folders');
  await openAs(page, user);
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('.menu [data-action="new-folder"]').click();
  const name = page.getByLabel('Folder name');
  await name.fill('Projects');
  await page.getByRole('button', { name: 'Create' }).click();
  await visible(row(page, 'Projects'), 'the new folder is listed');

  await row(page, 'Projects').locator('.item-main').click();
  await titleIs(page, 'Projects');
  await visible(page.getByText('This folder is empty'), 'the empty-folder state');

  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('.menu [data-action="new-folder"]').click();
  await page.getByLabel('Folder name').fill('2026');
  await page.keyboard.press('Enter');
  await visible(row(page, '2026'), 'the subfolder is listed');
  // keyboard: focus the row and open it with Enter
  await row(page, '2026').locator('.item-main').focus();
  await page.keyboard.press('Enter');
  await titleIs(page, '2026');
  const crumbs = await page.locator('nav.crumbs').innerText();
  assert(/My Drive[\s\S]*Projects[\s\S]*2026/.test(crumbs), `breadcrumb shows the path, got: ${crumbs}`);
  await page.locator('nav.crumbs').getByRole('link', { name: 'Projects' }).click();
  await titleIs(page, 'Projects');
  await page.locator('nav.crumbs').getByRole('link', { name: 'My Drive' }).click();
  await titleIs(page, 'My Drive');

  // an empty name is refused inside the dialog, which stays open; Escape closes it
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('.menu [data-action="new-folder"]').click();
  await page.getByLabel('Folder name').fill('   ');
  await page.getByRole('button', { name: 'Create' }).click();
  await visible(page.locator('dialog .field-error').filter({ hasText: 'Please enter a name.' }), 'an empty name is explained');
  await page.keyboard.press('Escape');
  await gone(page.locator('dialog'), 'Escape closes the dialog');
  // the same name again: the server picks a free one, and the list and the toast say which
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('.menu [data-action="new-folder"]').click();
  await page.getByLabel('Folder name').fill('Projects');
  await page.keyboard.press('Enter');
  await visible(row(page, 'Projects (1)'), 'a second folder with a free name');
  await visible(page.locator('.toast').filter({ hasText: 'Folder “Projects (1)” created' }), 'the toast names it');
});

journey('upload many files with per-file and overall progress; a too-large file fails alone; cancel; drop files', async ({ page, context }) => {
  const user = await newUser('upload');
  const docs = await user.folder('Docs');
  await openAs(page, user, `#/folder/${docs._id}`);
  await titleIs(page, 'Docs');

  const tooLarge = maxFileSize > 0 ? maxFileSize + 1024 : 0;
  // the files go through a temporary folder (the page cannot be handed big buffers directly)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opendrive-upload-'));
  const put = (name, bytes) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const files = [
    put('hello.txt', Buffer.from('hello from the browser test\n')),
    put('photo.png', png(320, 200)),
    put('slow.bin', filler(1_500_000)),
  ];
  if (tooLarge) files.push(put('huge.bin', filler(tooLarge, 3)));

  const uploadRequests = [];
  const countUploads = (request) => {
    if (request.method() === 'PUT' && new URL(request.url()).pathname === '/api/files/content') uploadRequests.push(request);
  };
  page.on('request', countUploads);
  const unthrottle = await throttleUploads(context, page, 1_000_000);
  await page.getByTestId('file-input').setInputFiles(files);
  await visible(page.getByTestId('uploads'), 'the upload panel opens');
  await visible(page.locator('.uploads-title').filter({ hasText: /Uploading \d+ files?/ }), 'the panel says it is uploading');
  // progress is visible while the bytes go up: a per-file bar and the overall bar between 0 and 100
  const slowBar = page.getByRole('progressbar', { name: 'Upload progress of slow.bin' });
  await until(async () => {
    const v = Number(await slowBar.getAttribute('aria-valuenow'));
    return v > 0 && v < 100;
  }, 'the per-file progress bar of slow.bin moves', { timeout: 10_000, interval: 30 });
  const overallBar = page.getByTestId('upload-overall');
  await until(async () => {
    const v = Number(await overallBar.getAttribute('aria-valuenow'));
    return v > 0 && v < 100;
  }, 'the overall progress bar moves', { timeout: 10_000, interval: 30 });
  await unthrottle();

  await visible(page.locator('.upload.state-done[data-name="hello.txt"]'), 'hello.txt is uploaded', 20_000);
  await visible(page.locator('.upload.state-done[data-name="photo.png"]'), 'photo.png is uploaded', 20_000);
  await visible(page.locator('.upload.state-done[data-name="slow.bin"]'), 'slow.bin is uploaded', 20_000);
  if (tooLarge) {
    const failed = page.locator('.upload.state-failed[data-name="huge.bin"]');
    await visible(failed, 'the too-large file is marked as failed', 30_000);
    const text = await failed.locator('.upload-status').innerText();
    assert(/too large/i.test(text), `the too-large error is explained, got: ${text}`);
    await visible(page.locator('.uploads-title').filter({ hasText: '3 uploaded, 1 failed' }), 'the summary counts the failure');
    // the server advertises its limit (GET /api/config): the too-large file never leaves the page
    assert(uploadRequests.length === 3, `only the 3 files within the limit are sent, got ${uploadRequests.length} upload requests`);
  } else {
    await visible(page.locator('.uploads-title').filter({ hasText: '3 uploads complete' }), 'the summary');
  }
  page.off('request', countUploads);
  for (const name of ['hello.txt', 'photo.png', 'slow.bin']) await visible(row(page, name), `${name} appears in the folder`);
  assert(await row(page, 'huge.bin').count() === 0, 'the failed file is not in the folder');

  // cancel an upload in flight: the request is held back on its way out, so the cancel always
  // comes before the server could store anything
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/files/content?*', async (route) => {
    if (route.request().method() !== 'PUT') return route.continue();
    await held;
    return route.abort().catch(() => {});
  });
  await page.getByTestId('file-input').setInputFiles([{ name: 'cancel-me.bin', mimeType: 'application/octet-stream', buffer: filler(200_000, 5) }]);
  await visible(page.locator('.upload.state-uploading[data-name="cancel-me.bin"]'), 'the upload to cancel starts');
  await page.getByRole('button', { name: 'Cancel upload of cancel-me.bin' }).click();
  await visible(page.locator('.upload.state-cancelled[data-name="cancel-me.bin"]'), 'the upload shows as cancelled');
  await visible(page.getByRole('button', { name: 'Retry upload of cancel-me.bin' }), 'a cancelled upload can be retried');
  release();
  await page.unroute('**/api/files/content?*');

  // drop files from the computer onto the page
  await dropFiles(page, 'main', [
    { name: 'dropped-1.txt', bytes: Buffer.from('one'), type: 'text/plain' },
    { name: 'dropped-2.txt', bytes: Buffer.from('two'), type: 'text/plain' },
  ]);
  await visible(row(page, 'dropped-1.txt'), 'a dropped file is uploaded into the open folder');
  await visible(row(page, 'dropped-2.txt'), 'every dropped file is uploaded');
  assert(await row(page, 'cancel-me.bin').count() === 0, 'the cancelled file was not stored');
  const listed = await user.api(`/files/folder/${docs._id}`);
  assert(listed.length === 5, `the server has the 5 uploaded files, has ${listed.length}`);
  await page.getByRole('button', { name: 'Close uploads' }).click();
  await gone(page.getByTestId('uploads').locator('.upload'), 'closing the panel clears it');
  fs.rmSync(dir, { recursive: true, force: true });
});

journey('a large file goes up resumably (tus): pause, resume, and the file is whole', async ({ page, context }) => {
  const user = await newUser('resumable');
  const big = await user.folder('Big');
  // The server's threshold (8 MiB by default) is above this test server's MAX_FILE_SIZE: this page
  // is told a small one, and small chunks, so a 2.5 MB file goes through tus in ten pieces.
  const CHUNK = 256 * 1024;
  await page.route('**/api/config', async (route) => {
    const response = await route.fetch();
    const limits = await response.json();
    assert(limits.resumableUploads && limits.resumableUploads.endpoint === '/api/uploads/',
      `GET /api/config announces resumable uploads: ${JSON.stringify(limits.resumableUploads)}`);
    limits.resumableUploads = { ...limits.resumableUploads, threshold: 1_000_000, chunkSize: CHUNK };
    await route.fulfill({ response, json: limits });
  });
  const requests = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/uploads') || url.pathname.includes('tus')) {
      requests.push({ method: request.method(), path: url.pathname, origin: url.origin,
        offset: request.headers()['upload-offset'] });
    }
  });
  await openAs(page, user, `#/folder/${big._id}`);
  await titleIs(page, 'Big');

  const bytes = filler(2_500_000, 11);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const unthrottle = await throttleUploads(context, page, 400_000);
  await page.getByTestId('file-input').setInputFiles([{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: bytes }]);
  const bar = page.getByRole('progressbar', { name: 'Upload progress of big.bin' });
  await until(async () => Number(await bar.getAttribute('aria-valuenow')) >= 15,
    'the resumable upload makes progress', { timeout: 20_000, interval: 50 });

  await page.getByRole('button', { name: 'Pause upload of big.bin' }).click();
  const paused = page.locator('.upload.state-paused[data-name="big.bin"]');
  await visible(paused, 'the upload shows as paused');
  assert(/Paused/.test(await paused.locator('.upload-status').innerText()), 'the status says paused');
  const created = requests.filter((r) => r.method === 'POST');
  assert(created.length === 1, `one upload was created, saw ${created.length} POST requests`);
  const uploadPath = (await user.api(`/files/folder/${big._id}`)).length === 0 && requests.find((r) => r.method === 'PATCH').path;
  assert(uploadPath, 'nothing is in the folder while the upload is paused');
  let held = 0;
  await until(async () => {
    const head = await fetch(`${base}${uploadPath}`, { method: 'HEAD', headers: { Authorization: `Bearer ${user.token}`, 'Tus-Resumable': '1.0.0' } });
    held = Number(head.headers.get('upload-offset'));
    return head.status === 200 && held > 0;
  }, 'the server holds the bytes sent before the pause');
  assert(held < bytes.length, `the server holds part of the file (${held} of ${bytes.length})`);
  const patchesBeforeResume = requests.filter((r) => r.method === 'PATCH').length;

  await unthrottle();
  await page.getByRole('button', { name: 'Resume upload of big.bin' }).click();
  await visible(page.locator('.upload.state-done[data-name="big.bin"]'), 'the resumed upload completes', 30_000);
  await visible(row(page, 'big.bin'), 'big.bin appears in the folder');
  const resumed = requests.filter((r) => r.method === 'PATCH').slice(patchesBeforeResume);
  assert(resumed.length > 0 && Number(resumed[0].offset) > 0,
    `the first PATCH after resuming continues where the server stood (Upload-Offset ${resumed[0] && resumed[0].offset})`);
  assert(requests.filter((r) => r.method === 'POST').length === 1, 'resuming created no new upload');
  assert(requests.every((r) => r.origin === base), `tus-js-client is served by the app itself: ${JSON.stringify(requests.map((r) => r.origin))}`);
  assert(requests.some((r) => r.path === '/app/vendor/tus-js-client/tus.min.js'), 'the vendored tus-js-client was loaded');
  const listed = await user.api(`/files/folder/${big._id}`);
  assert(listed.length === 1 && listed[0].size === bytes.length && listed[0].sha256 === sha256,
    `the stored file is whole: ${JSON.stringify(listed.map((f) => [f.originalName, f.size, f.sha256]))}`);
});

journey('preview an image, text (shown as text, never HTML), a PDF and audio; download', async ({ page }) => {
  const user = await newUser('preview');
  const hostile = '<img src=x onerror="window.__pwned=1"><b id="injected">bold</b>\nsecond line\n';
  await user.upload('picture.png', png(320, 200));
  await user.upload('notes.txt', Buffer.from(hostile));
  await user.upload('paper.pdf', pdf('Preview me'));
  await user.upload('tone.wav', wav(1));
  await openAs(page, user);
  page.on('dialog', (d) => d.dismiss());

  await row(page, 'picture.png').locator('.item-main').click();
  const stage = page.getByTestId('preview-stage');
  const img = await visible(stage.locator('img.preview-image'), 'the image preview');
  await until(() => img.evaluate((el) => el.complete && el.naturalWidth === 320), 'the image is decoded at full size');
  assert((await img.getAttribute('src')).startsWith('blob:'), 'the image comes from a blob: URL');
  await page.keyboard.press('Escape');
  await gone(page.getByTestId('preview'), 'Escape closes the preview');

  await row(page, 'notes.txt').locator('.item-main').click();
  const pre = await visible(stage.locator('pre.preview-text'), 'the text preview');
  assert((await pre.textContent()) === hostile, 'the text is shown exactly, as text');
  assert(await page.locator('#injected').count() === 0, 'markup in a file is never rendered');
  assert(!(await page.evaluate(() => window.__pwned)), 'no script from a file runs');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('preview').getByRole('button', { name: 'Download' }).click(),
  ]);
  assert(download.suggestedFilename() === 'notes.txt', `download name, got ${download.suggestedFilename()}`);
  const saved = await download.path();
  assert(fs.readFileSync(saved, 'utf8') === hostile, 'the downloaded bytes are the file');

  // next/previous move through the folder's files (sorted by name: notes, paper, picture, tone)
  await page.getByRole('button', { name: 'Next file' }).click();
  await visible(page.locator('.preview-name').filter({ hasText: 'paper.pdf' }), 'Next goes to the PDF');
  const frame = await visible(stage.locator('iframe.preview-pdf'), 'the PDF preview');
  assert((await frame.getAttribute('src')).startsWith('blob:'), 'the PDF comes from a blob: URL');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await visible(page.locator('.preview-name').filter({ hasText: 'tone.wav' }), 'the arrow keys move too');
  const audio = await visible(stage.locator('audio'), 'the audio player');
  await until(() => audio.evaluate((el) => el.readyState >= 1 && el.duration > 0.9), 'the audio loads');
  await page.getByRole('button', { name: 'Close preview' }).click();
  await gone(page.getByTestId('preview'), 'the close button closes the preview');
});

journey('rename, move with the dialog, move by dragging onto a folder', async ({ page }) => {
  const user = await newUser('move');
  const archive = await user.folder('Archive');
  await user.folder('Inbox');
  await user.upload('draft.txt', Buffer.from('draft'));
  await user.upload('other.txt', Buffer.from('other'));
  await openAs(page, user);

  await itemAction(page, 'draft.txt', 'rename');
  const input = page.getByLabel('New name');
  assert(await input.inputValue() === 'draft.txt', 'the rename field starts with the current name');
  assert(await input.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd)) === 'draft',
    'the name without its extension is selected');
  await input.fill('other.txt');
  await page.getByRole('button', { name: 'Rename' }).click();
  await visible(page.locator('dialog .field-error').filter({ hasText: /already exists/ }), 'a taken name is refused in the dialog');
  await input.fill('final.txt');
  await page.getByRole('button', { name: 'Rename' }).click();
  await visible(row(page, 'final.txt'), 'the renamed file is listed');
  await gone(row(page, 'draft.txt'), 'the old name is gone');

  await itemAction(page, 'final.txt', 'move');
  await page.locator('dialog').getByRole('button', { name: 'Open Archive' }).click();
  await visible(page.getByTestId('move-here').filter({ hasText: 'Move to Archive' }), 'the picker opened Archive');
  await page.getByTestId('move-here').click();
  await gone(row(page, 'final.txt'), 'the moved file leaves My Drive');
  const inArchive = await user.api(`/files/folder/${archive._id}`);
  assert(inArchive.some((f) => f.originalName === 'final.txt'), 'the server has the file in Archive');

  // drag a file onto a folder row
  await row(page, 'other.txt').dragTo(row(page, 'Inbox'));
  await gone(row(page, 'other.txt'), 'the dragged file leaves My Drive');
  await row(page, 'Inbox').locator('.item-main').click();
  await titleIs(page, 'Inbox');
  await visible(row(page, 'other.txt'), 'the dragged file is in Inbox');
  // and a folder onto the breadcrumb's My Drive: Archive moves into Inbox first, then back up
  await page.locator('nav.crumbs').getByRole('link', { name: 'My Drive' }).click();
  await titleIs(page, 'My Drive');
  await row(page, 'Archive').dragTo(row(page, 'Inbox'));
  await gone(row(page, 'Archive'), 'the dragged folder leaves My Drive');
  await row(page, 'Inbox').locator('.item-main').click();
  await visible(row(page, 'Archive'), 'the dragged folder is in Inbox');
  await row(page, 'Archive').dragTo(page.locator('nav.crumbs').getByRole('link', { name: 'My Drive' }));
  await gone(row(page, 'Archive'), 'dropping on the breadcrumb moves it up');
  const roots = await user.api('/folders');
  assert(roots.some((f) => f.name === 'Archive') && roots.some((f) => f.name === 'Inbox'), 'both folders are at the root again');
});

journey('trash with undo, restore from the trash, delete forever, empty the trash', async ({ page }) => {
  const user = await newUser('trash');
  await user.upload('a.txt', Buffer.from('a'));
  await user.upload('b.txt', Buffer.from('b'));
  await user.upload('c.txt', Buffer.from('c'));
  const old = await user.folder('Old');
  await user.upload('inside.txt', Buffer.from('inside'), old._id);
  await openAs(page, user);

  await itemAction(page, 'a.txt', 'trash');
  await gone(row(page, 'a.txt'), 'a trashed file leaves the folder');
  await visible(page.locator('.toast').filter({ hasText: '“a.txt” moved to trash' }), 'a toast confirms');

  // the keyboard's Delete key, then Undo
  await row(page, 'b.txt').locator('.item-main').focus();
  await page.keyboard.press('Delete');
  await gone(row(page, 'b.txt'), 'Delete trashes the focused file');
  await page.locator('.toast').filter({ hasText: '“b.txt” moved to trash' }).getByRole('button', { name: 'Undo' }).click();
  await visible(row(page, 'b.txt'), 'Undo brings it back');

  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await titleIs(page, 'Trash');
  await visible(row(page, 'a.txt'), 'the trash lists the file');
  await page.getByRole('button', { name: 'Restore a.txt' }).click();
  await gone(row(page, 'a.txt'), 'a restored file leaves the trash');
  await page.getByRole('link', { name: 'My Drive', exact: true }).click();
  await visible(row(page, 'a.txt'), 'the restored file is back in My Drive');

  await itemAction(page, 'c.txt', 'trash');
  await gone(row(page, 'c.txt'), 'c.txt trashed');
  await itemAction(page, 'Old', 'trash');
  await gone(row(page, 'Old'), 'the folder is trashed');
  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await visible(row(page, 'Old'), 'the trashed folder is listed');
  await page.getByRole('button', { name: 'Delete c.txt forever' }).click();
  await page.locator('dialog').getByRole('button', { name: 'Delete forever' }).click();
  await gone(row(page, 'c.txt'), 'deleted forever');
  await page.getByTestId('empty-trash').click();
  await page.locator('dialog').getByRole('button', { name: 'Empty trash' }).click();
  await visible(page.getByText('Trash is empty'), 'the trash is empty');
  const [files, folders, stats] = await Promise.all([
    user.api('/files/trash/list'), user.api('/folders/trash/list'), user.api('/folders/stats/summary')]);
  assert(files.length === 0 && folders.length === 0, 'the server trash is empty');
  assert(stats.totalFiles === 2 && stats.totalFolders === 0, `a.txt and b.txt remain, got ${JSON.stringify(stats)}`);
  await visible(page.getByTestId('storage-used').filter({ hasText: '2 B used' }), 'storage usage follows');
});

if (adminToken) journey('storage quota: used of quota with a bar; an upload over it is refused with the reason; emptying the trash makes room', async ({ page }) => {
  const user = await newUser('quota');
  await setQuota(user, 1_048_576);
  await user.upload('old.bin', filler(600_000, 7));
  await openAs(page, user);
  const used = page.getByTestId('storage-used');
  await visible(used.filter({ hasText: '586 KB of 1.0 MB used' }), 'the sidebar shows what is used of the quota');
  const meter = page.getByTestId('storage-bar');
  assert(await meter.getAttribute('role') === 'meter' && await meter.getAttribute('aria-valuenow') === '600000',
    'the bar is a meter for assistive technology');
  const width = await meter.locator('.storage-bar-fill').evaluate((el) => parseFloat(el.style.width));
  assert(width > 57 && width < 58, `the bar shows the share of the quota used (57.2%), got ${width}%`);

  // more than what is left: the server refuses it, the panel says why
  await page.getByTestId('file-input').setInputFiles([{ name: 'big.bin', mimeType: 'application/octet-stream', buffer: filler(600_000, 8) }]);
  const failed = page.locator('.upload.state-failed[data-name="big.bin"]');
  await visible(failed, 'the upload over the quota fails', 20_000);
  const reason = await failed.locator('.upload-status').innerText();
  assert(reason.includes("Storage quota exceeded: 'big.bin' does not fit in the 438 KB left of your 1.0 MB quota"),
    `the refusal gives the server's reason, got: ${reason}`);
  assert(await row(page, 'big.bin').count() === 0, 'the refused file is not in the folder');

  // the trash still takes space, and the sidebar says so
  await itemAction(page, 'old.bin', 'trash');
  await gone(row(page, 'old.bin'), 'old.bin trashed');
  await visible(page.getByTestId('storage-detail').filter({ hasText: '586 KB in trash' }), 'the sidebar counts the trash');
  await visible(used.filter({ hasText: '586 KB of 1.0 MB used' }), 'trashing alone frees nothing');

  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await titleIs(page, 'Trash');
  await page.getByTestId('empty-trash').click();
  await page.locator('dialog').getByRole('button', { name: 'Empty trash' }).click();
  await visible(page.getByText('Trash is empty'), 'the trash is emptied');
  await visible(used.filter({ hasText: '0 B of 1.0 MB used' }), 'emptying the trash frees its space');

  await page.getByRole('link', { name: 'My Drive', exact: true }).click();
  await titleIs(page, 'My Drive');
  await page.getByRole('button', { name: 'Retry upload of big.bin' }).click();
  await visible(page.locator('.upload.state-done[data-name="big.bin"]'), 'the same file fits now', 20_000);
  await visible(row(page, 'big.bin'), 'and is in the folder');
  await visible(used.filter({ hasText: '586 KB of 1.0 MB used' }), 'usage follows the upload');
});

journey('share a file and a folder; the public pages work without an account; revoke', async ({ page, context, newContext }) => {
  const user = await newUser('share');
  await user.upload('readme.txt', Buffer.from('Read me, stranger.'));
  const shared = await user.folder('Shared stuff');
  const sub = await user.folder('Sub', shared._id);
  await user.upload('top.txt', Buffer.from('top'), shared._id);
  await user.upload('deep.txt', Buffer.from('deep down'), sub._id);
  await user.upload('private.txt', Buffer.from('not shared'));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await openAs(page, user);

  await itemAction(page, 'readme.txt', 'share');
  await page.locator('dialog').getByRole('button', { name: 'Create link' }).click();
  const urlField = await visible(page.getByTestId('share-url'), 'the link is shown');
  const fileUrl = await urlField.inputValue();
  assert(fileUrl.startsWith(`${base}/public/`), `a public link, got ${fileUrl}`);
  await page.locator('dialog').getByRole('button', { name: 'Copy' }).click();
  await visible(page.locator('dialog').getByRole('button', { name: 'Copied' }), 'the copy button confirms');
  assert(await page.evaluate(() => navigator.clipboard.readText()) === fileUrl, 'the link is in the clipboard');
  await page.locator('dialog').getByRole('button', { name: 'Done' }).click();
  await visible(row(page, 'readme.txt').getByRole('img', { name: 'Shared' }), 'the list marks the shared file');

  await itemAction(page, 'Shared stuff', 'share');
  await page.locator('dialog').getByRole('button', { name: 'Create link' }).click();
  const folderUrl = await (await visible(page.getByTestId('share-url'), 'the folder link')).inputValue();
  await page.locator('dialog').getByRole('button', { name: 'Done' }).click();

  // a visitor: a fresh browser context with no account and no token
  const visitor = await (await newContext()).newPage();
  await visitor.goto(fileUrl);
  await visible(visitor.getByRole('heading', { name: 'readme.txt' }), 'the public file page shows the file');
  await visible(visitor.getByTestId('public-preview').locator('pre').filter({ hasText: 'Read me, stranger.' }), 'and its contents');
  const [download] = await Promise.all([
    visitor.waitForEvent('download'),
    visitor.getByRole('link', { name: 'Download' }).click(),
  ]);
  assert(download.suggestedFilename() === 'readme.txt', 'the visitor downloads the file');
  assert(await visitor.evaluate(() => localStorage.getItem('opendrive.session')) === null, 'the visitor has no session');

  await visitor.goto(folderUrl);
  await titleIs(visitor, 'Shared stuff');
  await visible(row(visitor, 'top.txt'), 'the shared folder lists its file');
  assert(await row(visitor, 'private.txt').count() === 0, 'nothing outside the shared folder is shown');
  await row(visitor, 'Sub').locator('.item-main').click();
  await titleIs(visitor, 'Sub');
  await visible(row(visitor, 'deep.txt'), 'a subfolder can be browsed');
  await row(visitor, 'deep.txt').locator('.item-main').click();
  await visible(visitor.getByTestId('preview-stage').locator('pre').filter({ hasText: 'deep down' }), 'a file in a subfolder previews');
  await visitor.keyboard.press('Escape');
  const [deep] = await Promise.all([
    visitor.waitForEvent('download'),
    row(visitor, 'deep.txt').getByRole('link', { name: 'Download deep.txt' }).click(),
  ]);
  assert(fs.readFileSync(await deep.path(), 'utf8') === 'deep down', 'the visitor downloads from a subfolder');
  await visitor.locator('nav.crumbs').getByRole('link', { name: 'Shared stuff' }).click();
  await titleIs(visitor, 'Shared stuff');

  // revoke: the link stops working
  await itemAction(page, 'readme.txt', 'share');
  await page.locator('dialog').getByRole('button', { name: 'Stop sharing' }).click();
  await visible(page.locator('dialog').getByRole('button', { name: 'Create link' }), 'the dialog shows the item as not shared');
  await page.keyboard.press('Escape');
  await visitor.goto(fileUrl);
  await visible(visitor.getByRole('heading', { name: 'This link does not work anymore' }), 'a revoked link says so');
});

journey('a password-protected share: the owner sets a password; a visitor gets it wrong, then right, and downloads', async ({ page, newContext }) => {
  const user = await newUser('share-password');
  await user.upload('secret-plan.txt', Buffer.from('Meet at noon.'));
  await openAs(page, user);

  await itemAction(page, 'secret-plan.txt', 'share');
  const dialog = page.locator('dialog');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await (await visible(page.getByTestId('share-url'), 'the link is shown')).inputValue();
  await dialog.getByTestId('share-use-password').check();
  await dialog.getByTestId('share-password').fill('blue whale 9');
  await dialog.getByTestId('share-save').click();
  await until(async () => (await page.getByTestId('share-headline').textContent()) === 'Anyone with the link and its password',
    'the dialog says the link needs its password');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const visitor = await (await newContext()).newPage();
  await visitor.goto(url);
  await visible(visitor.getByRole('heading', { name: 'This link is protected by a password' }), 'the visitor is asked for the password');
  assert(await visitor.getByText('secret-plan.txt').count() === 0, 'nothing of the file shows before the password');
  await visitor.getByTestId('link-password').fill('orca 9');
  await visitor.getByRole('button', { name: 'Open' }).click();
  await visible(visitor.getByTestId('password-error').filter({ hasText: 'not the password' }), 'a wrong password is refused');
  await visitor.getByTestId('link-password').fill('blue whale 9');
  await visitor.getByRole('button', { name: 'Open' }).click();
  await visible(visitor.getByRole('heading', { name: 'secret-plan.txt' }), 'the right password opens the file page');
  await visible(visitor.getByTestId('public-preview').locator('pre').filter({ hasText: 'Meet at noon.' }), 'and its preview');
  const [download] = await Promise.all([
    visitor.waitForEvent('download'),
    visitor.getByRole('link', { name: 'Download' }).click(),
  ]);
  assert(fs.readFileSync(await download.path(), 'utf8') === 'Meet at noon.', 'the visitor downloads the file');
  await visitor.reload();
  await visible(visitor.getByRole('heading', { name: 'secret-plan.txt' }), 'the tab stays unlocked after a reload');
});

journey('a file-drop link: a visitor uploads into a folder they cannot see; the owner finds the file', async ({ page, newContext }) => {
  const user = await newUser('share-drop');
  const inbox = await user.folder('Inbox');
  await user.upload('owners-notes.txt', Buffer.from('private'), inbox._id);
  await openAs(page, user);

  await itemAction(page, 'Inbox', 'share');
  const dialog = page.locator('dialog');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await (await visible(page.getByTestId('share-url'), 'the link is shown')).inputValue();
  await dialog.getByTestId('share-mode-drop').check();
  await dialog.getByTestId('share-save').click();
  await visible(dialog.getByText('can upload files into this folder'), 'the dialog says visitors can only upload');
  await dialog.getByRole('button', { name: 'Done' }).click();

  const visitor = await (await newContext()).newPage();
  await visitor.goto(url);
  await visible(visitor.getByRole('heading', { name: 'Upload files to “Inbox”' }), 'the visitor sees an upload page');
  assert(await visitor.getByText('owners-notes.txt').count() === 0, 'the folder contents are not shown');
  await visitor.getByTestId('drop-input').setInputFiles([
    { name: 'homework.txt', mimeType: 'text/plain', buffer: Buffer.from('my homework') },
    { name: 'owners-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an overwrite') },
  ]);
  await until(async () => (await visitor.locator('.drop-item[data-state="done"]').count()) === 2,
    'both uploads finish', { timeout: 15_000 });
  await visible(visitor.locator('.drop-item[data-name="owners-notes.txt"]').getByText('Uploaded as “owners-notes (1).txt”'),
    'a name that is taken is kept apart, never overwritten');
  await visitor.goto(`${url}#/folder/${inbox._id}`);
  await visible(visitor.getByRole('heading', { name: 'This link only takes uploads' }), 'the folder cannot be listed through the link');

  await page.goto(`${base}/#/folder/${inbox._id}`);
  await titleIs(page, 'Inbox');
  await visible(row(page, 'homework.txt'), 'the owner finds the visitor\'s file');
  await visible(row(page, 'owners-notes (1).txt'), 'and the second one under its new name');
  await visible(row(page, 'owners-notes.txt'), 'their own file is untouched');
});

journey('download a folder as a ZIP, then a selection of items; a visitor downloads a shared folder', async ({ page, newContext }) => {
  const user = await newUser('zip');
  const trip = await user.folder('Trip');
  const day = await user.folder('Day 1', trip._id);
  await user.folder('Empty', trip._id);
  await user.upload('plan.txt', Buffer.from('the plan'), trip._id);
  const photo = png(64, 48);
  await user.upload('photo.png', photo, day._id);
  const trashed = await user.upload('trashed.txt', Buffer.from('in the trash'), trip._id);
  await user.api(`/files/${trashed._id}`, { method: 'DELETE' });
  await user.upload('loose.txt', Buffer.from('loose'));
  await user.upload('other.txt', Buffer.from('not selected'));
  await openAs(page, user);
  const tripEntries = ['Trip/', 'Trip/Day 1/', 'Trip/Day 1/photo.png', 'Trip/Empty/', 'Trip/plan.txt'];
  const namesIn = async (download) => unzip(fs.readFileSync(await download.path()));
  const sorted = (entries) => entries.map((e) => e.name).sort();

  // a folder's menu downloads it as <name>.zip, with its subfolders (even empty ones) and not its trash
  const [folderZip] = await Promise.all([page.waitForEvent('download'), itemAction(page, 'Trip', 'download')]);
  assert(folderZip.suggestedFilename() === 'Trip.zip', `the ZIP is named after the folder, got ${folderZip.suggestedFilename()}`);
  const entries = await namesIn(folderZip);
  assert(sorted(entries).join() === tripEntries.join(), `the folder's tree, got ${sorted(entries)}`);
  assert(entries.find((e) => e.name === 'Trip/plan.txt').data.toString() === 'the plan', 'a file keeps its bytes');
  assert(entries.find((e) => e.name === 'Trip/Day 1/photo.png').data.equals(photo), 'so does an image');

  // check two items: the head turns into a selection bar that downloads both as one ZIP
  await row(page, 'Trip').getByRole('checkbox', { name: 'Select Trip' }).check();
  await row(page, 'loose.txt').getByRole('checkbox', { name: 'Select loose.txt' }).check();
  const bar = await visible(page.getByTestId('selection-bar'), 'the selection bar');
  assert(/2 selected/.test(await bar.innerText()), 'the bar counts the selection');
  const [selectionZip] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-selection').filter({ hasText: 'Download (2)' }).click(),
  ]);
  assert(/^drive-download-\d{8}T\d{6}Z\.zip$/.test(selectionZip.suggestedFilename()),
    `a selection gets the server's name, got ${selectionZip.suggestedFilename()}`);
  const both = sorted(await namesIn(selectionZip));
  assert(both.join() === [...tripEntries, 'loose.txt'].sort().join(), `the selected items only, got ${both}`);
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await gone(page.getByTestId('selection-bar'), 'clearing the selection hides the bar');
  assert(!(await row(page, 'Trip').getByRole('checkbox').isChecked()), 'and unchecks the items');

  // a visitor of the folder's share link downloads it whole
  const { shareId } = await user.api(`/folders/${trip._id}/share`, { method: 'POST' });
  const visitor = await (await newContext()).newPage();
  await visitor.goto(`${base}/public/${shareId}`);
  await titleIs(visitor, 'Trip');
  const [sharedZip] = await Promise.all([visitor.waitForEvent('download'), visitor.getByTestId('download-folder').click()]);
  assert(sharedZip.suggestedFilename() === 'Trip.zip', `the visitor's ZIP name, got ${sharedZip.suggestedFilename()}`);
  assert(sorted(await namesIn(sharedZip)).join() === tripEntries.join(), 'the visitor gets the same tree');
});

journey('search as you type; a result opens the folder that holds it', async ({ page }) => {
  const user = await newUser('search');
  const taxes = await user.folder('Taxes');
  await user.upload('receipt-2026.pdf', pdf('Receipt'), taxes._id);
  await user.upload('recipes.txt', Buffer.from('soup'));
  await openAs(page, user);

  const box = page.getByRole('combobox', { name: 'Search files and folders' });
  await box.pressSequentially('receipt', { delay: 30 });
  const option = await visible(page.getByRole('option').filter({ hasText: 'receipt-2026.pdf' }), 'the file is found while typing');
  assert(/My Drive › Taxes/.test(await option.innerText()), 'the result says where the file is');
  assert(await page.getByRole('option').filter({ hasText: 'recipes.txt' }).count() === 0, 'only matches are listed');
  await option.click();
  await titleIs(page, 'Taxes');
  const found = row(page, 'receipt-2026.pdf');
  await visible(found, 'the containing folder opens with the file');
  await until(() => found.evaluate((el) => el.classList.contains('flash') && el.contains(document.activeElement)),
    'the file is highlighted and focused');

  // keyboard only: type, arrow down, Enter
  await box.fill('');
  await box.pressSequentially('tax', { delay: 30 });
  await visible(page.getByRole('option').filter({ hasText: 'Taxes' }), 'the folder is found');
  await page.keyboard.press('Escape');
  await hidden(page.getByRole('listbox', { includeHidden: true }), 'Escape closes the results');
  await page.waitForTimeout(500);
  assert(!(await page.locator('.search-popup').isVisible()), 'a late answer does not reopen the dismissed results');
  await page.locator('nav.crumbs').getByRole('link', { name: 'My Drive' }).click();
  await titleIs(page, 'My Drive');
  await box.focus();
  await page.keyboard.press('ArrowDown');
  await until(async () => (await box.getAttribute('aria-activedescendant')) !== null, 'arrow keys select a result');
  await page.keyboard.press('Enter');
  await titleIs(page, 'Taxes');
  await box.fill('zzzz-nothing');
  await visible(page.getByText('No files or folders match “zzzz-nothing”'), 'no matches are explained');
});

journey('sort by name, date and size; grid view with thumbnails; phone-sized screen', async ({ page, newContext }) => {
  const user = await newUser('views');
  const uploaded = [];
  uploaded.push(await user.upload('b-medium.txt', filler(2000)));
  uploaded.push(await user.upload('a-large.txt', filler(9000)));
  uploaded.push(await user.upload('c-small.txt', filler(10)));
  const photo = await user.upload('photo.png', png(300, 300));
  uploaded.push(photo);
  const bySize = [...uploaded].sort((x, y) => y.size - x.size).map((f) => f.originalName);
  const byDate = [...uploaded].reverse().map((f) => f.originalName);
  await user.folder('Zeta');
  await openAs(page, user);
  const names = () => page.locator('.items .item').evaluateAll((els) => els.map((e) => e.dataset.name));

  await until(async () => (await names()).join() === 'Zeta,a-large.txt,b-medium.txt,c-small.txt,photo.png',
    `sorted by name, folders first (got ${await names()})`);
  await page.getByRole('button', { name: /^Sort by size/ }).click();
  await until(async () => (await names()).join() === ['Zeta', ...bySize].join(),
    `sorted by size, largest first (got ${await names()})`);
  await page.getByTestId('sort-direction').click();
  await until(async () => (await names()).join() === ['Zeta', ...[...bySize].reverse()].join(),
    `sorted by size, smallest first (got ${await names()})`);
  await page.getByRole('button', { name: /^Sort by: / }).click();
  await page.locator('.menu [data-action="sort-date"]').click();
  await until(async () => (await names()).join() === ['Zeta', ...byDate].join(),
    `sorted by date, newest first (got ${await names()})`);

  // Thumbnails: the API marks a file hasThumbnail once the background worker has made one. The
  // test decides when that happens (on the network level), to see the icon first, then the
  // thumbnail arriving without a reload.
  let thumbnailReady = false;
  await page.route(/\/api\/(files\/folder\/root|folders\/[0-9a-f]{24})$/, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const list = Array.isArray(body) ? body : body.files || [];
    for (const f of list) {
      if (f._id === photo._id) Object.assign(f, { hasThumbnail: thumbnailReady, thumbnailGeneratedAt: thumbnailReady ? f.createdAt : null });
    }
    await route.fulfill({ response, json: body });
  });
  await page.route(`**/api/files/${photo._id}/thumbnail`, (route) => route.fulfill({
    status: 200, contentType: 'image/jpeg', body: png(200, 200, [250, 80, 80], [80, 80, 250]),
  }));
  await page.getByRole('button', { name: 'Grid view' }).click();
  await visible(page.locator('.grid-folders .item[data-name="Zeta"]'), 'folders get tiles');
  await page.reload();
  await visible(page.locator('.grid-files'), 'the chosen layout survives a reload');
  const card = page.locator('.grid-files .item[data-name="photo.png"]');
  await visible(card.locator('.thumb-icon'), 'an image without thumbnail shows its type icon');
  assert(await card.locator('img.thumb-img').count() === 0, 'no thumbnail before there is one');
  thumbnailReady = true;
  await until(() => card.locator('img.thumb-img').evaluate((el) => el.src.startsWith('blob:') && el.naturalWidth === 200),
    'the thumbnail appears once it exists, without a reload', { timeout: 12_000 });
  assert(await page.locator('.grid-files .item[data-name="a-large.txt"] .thumb-icon').count() === 1,
    'a file without thumbnail shows its type icon');

  const phone = await (await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await openAs(phone, user);
  const menuButton = await visible(phone.getByRole('button', { name: 'Open navigation' }), 'the phone layout has a menu button');
  assert(!(await phone.getByRole('link', { name: 'Trash' }).isVisible()), 'the navigation is tucked away');
  await menuButton.click();
  await visible(phone.getByRole('link', { name: 'Trash' }), 'the drawer shows the navigation');
  await phone.getByRole('link', { name: 'Trash' }).click();
  await titleIs(phone, 'Trash');
  await visible(phone.getByRole('button', { name: 'New folder or upload' }), 'the phone layout has a new/upload button');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
});

journey('upload a file again and replace it, keeping the old content as a version; restore the old version', async ({ page }) => {
  const user = await newUser('versions');
  const first = Buffer.from('first draft: the meeting is on monday\n');
  const second = Buffer.from('second draft: the meeting moved to thursday, room 4\n');
  const original = await user.upload('minutes.txt', first);
  await openAs(page, user);
  await visible(row(page, 'minutes.txt'), 'the file is listed');

  // the same name again: the app asks, and Replace keeps one file with the new content
  await page.getByTestId('file-input').setInputFiles([{ name: 'minutes.txt', mimeType: 'text/plain', buffer: second }]);
  const prompt = await visible(page.locator('dialog.conflict-dialog'), 'a name already taken is asked about');
  assert((await prompt.textContent()).includes('minutes.txt'), 'the prompt names the file');
  await page.getByTestId('conflict-replace').click();
  await visible(page.locator('.uploads-title').filter({ hasText: '1 upload complete' }), 'the upload completes');
  const listed = await user.api('/files/folder/root');
  assert(listed.length === 1 && listed[0]._id === original._id, 'still one file, with the same id');
  assert(listed[0].size === second.length, 'the file has the new content');
  await until(async () => (await page.locator('.items .item[data-name="minutes.txt"]').count()) === 1,
    'the list shows one minutes.txt');
  await gone(row(page, 'minutes (1).txt'), 'no second file was made');

  // the versions panel: the current content and the old one; the old one downloads as it was
  await itemAction(page, 'minutes.txt', 'versions');
  const panel = await visible(page.locator('dialog.versions-dialog'), 'the versions panel opens');
  const entries = panel.locator('.versions-list .version');
  await until(async () => (await entries.count()) === 2, 'two versions are listed');
  assert((await entries.nth(0).textContent()).includes('Current version'), 'the current content comes first');
  assert((await entries.nth(0).textContent()).includes(`${second.length} B`), 'with its size');
  assert((await entries.nth(1).textContent()).includes(`${first.length} B`), 'the old content is listed with its size');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    entries.nth(1).getByTestId('version-download').click(),
  ]);
  assert(fs.readFileSync(await download.path()).equals(first), 'the old version downloads byte for byte');

  // restore: the old content is current again, the replaced one is kept as a version
  await entries.nth(1).getByTestId('version-restore').click();
  await visible(page.locator('.toast').filter({ hasText: 'Version restored' }), 'the restore is confirmed');
  await until(async () => (await entries.nth(0).textContent()).includes(`${first.length} B`),
    'the panel shows the old content as current');
  assert((await entries.nth(1).textContent()).includes(`${second.length} B`), 'the replaced content is now a version');
  await panel.getByRole('button', { name: 'Done' }).click();
  await gone(page.locator('dialog.versions-dialog'), 'the panel closes');

  const restored = await fetch(`${base}/api/files/${original._id}/download`, { headers: { Authorization: `Bearer ${user.token}` } });
  assert(Buffer.from(await restored.arrayBuffer()).equals(first), 'the file downloads with the restored content');
  const history = await user.api(`/files/${original._id}/versions`);
  assert(history.versions.length === 2 && history.versions[0].current, 'the server lists current + one version');

  // Keep both: the old behaviour, a new file "name (1)"
  await page.getByTestId('file-input').setInputFiles([{ name: 'minutes.txt', mimeType: 'text/plain', buffer: second }]);
  await visible(page.locator('dialog.conflict-dialog'), 'asked again');
  await page.getByTestId('conflict-keep-both').click();
  await visible(row(page, 'minutes (1).txt'), 'Keep both stores a second file');
});

journey('app passwords for WebDAV: create one (shown once), it opens /dav/, listed without the secret, revoke ends access', async ({ page }) => {
  const user = await newUser('davpw');
  await openAs(page, user);
  await page.getByTestId('account-button').click();
  await page.locator('.menu [data-action="settings"]').click();
  await titleIs(page, 'Settings');
  const url = await visible(page.getByTestId('dav-url'), 'the WebDAV address is shown');
  assert(await url.inputValue() === `${base}/dav/`, `the WebDAV address is this server's /dav/, got ${await url.inputValue()}`);
  await visible(page.getByTestId('no-app-passwords'), 'no app passwords at first');

  await page.getByTestId('app-password-name').fill('Laptop rclone');
  await page.getByTestId('create-app-password').click();
  const secretField = await visible(page.getByTestId('new-app-password'), 'the new password is shown');
  const secret = await secretField.inputValue();
  assert(/^odap_[a-z2-7]{40}$/.test(secret), `an app password looks like odap_…, got ${secret}`);
  await visible(page.getByTestId('app-password').filter({ hasText: 'Laptop rclone' }), 'the list shows it by name');

  const propfind = () => fetch(`${base}/dav/`, {
    method: 'PROPFIND',
    headers: { Depth: '0', Authorization: `Basic ${Buffer.from(`${user.email}:${secret}`).toString('base64')}` },
  }).then((r) => r.status);
  assert(await propfind() === 207, 'the app password opens WebDAV');

  await page.reload();
  await titleIs(page, 'Settings');
  await visible(page.getByTestId('app-password').filter({ hasText: 'Laptop rclone' }), 'still listed after a reload');
  assert(await page.getByTestId('new-app-password').count() === 0, 'the secret is not shown again');
  assert(!(await page.content()).includes(secret), 'the page no longer holds the secret');
  await visible(page.getByTestId('app-password').filter({ hasText: 'last used' }), 'the list tells it was used');

  await page.getByRole('button', { name: 'Revoke Laptop rclone' }).click();
  await page.locator('dialog').getByRole('button', { name: 'Revoke' }).click();
  await visible(page.getByTestId('no-app-passwords'), 'the list is empty after revoking');
  assert(await propfind() === 401, 'a revoked app password no longer opens WebDAV');
});

const ok = await run({ base, artifacts, only });
process.exit(ok ? 0 : 1);
