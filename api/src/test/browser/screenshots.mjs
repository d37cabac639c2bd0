// Takes the screenshots of the main views used in the docs (and handy when changing the UI).
// Usage: node screenshots.mjs <baseUrl> <outDir> [--all]
// Creates a demo user with a few folders and files on that server.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './harness.mjs';
import { png, wav, pdf, filler } from './fixtures.mjs';

const base = (process.argv[2] || 'http://localhost:5000').replace(/\/+$/, '');
const out = path.resolve(process.argv[3] || '.');
const all = process.argv.includes('--all');
fs.mkdirSync(out, { recursive: true });

async function call(pathname, { token, method = 'GET', json, body } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${base}/api${pathname}`, { method, headers, body: json !== undefined ? JSON.stringify(json) : body });
  if (!r.ok) throw new Error(`${method} ${pathname}: ${r.status} ${await r.text()}`);
  return r.json();
}

const email = `alex.morgan.${Date.now().toString(36)}@example.com`;
const { token } = await call('/auth/register', { method: 'POST', json: { email, password: 'demo password 1' } });
const folder = (name, parentId) => call('/folders', { method: 'POST', token, json: { name, parentId: parentId || null } });
const upload = async (name, bytes, folderId) => {
  const form = new FormData();
  if (folderId) form.append('folderId', folderId);
  form.append('files', new Blob([bytes]), name);
  return (await call('/files', { method: 'POST', token, body: form })).files[0];
};

const photos = await folder('Photos');
const projects = await folder('Projects');
await folder('Music');
await folder('Taxes 2026');
const trip = await folder('Lisbon trip', photos._id);
await upload('tram-28.png', png(640, 420, [250, 204, 21], [239, 68, 68]), trip._id);
await upload('alfama-sunset.png', png(640, 420, [244, 63, 94], [251, 146, 60]), trip._id);
await upload('Project plan.pdf', pdf('Project plan'), null);
await upload('Meeting notes.md', Buffer.from('# Weekly sync\n\n- Ship the web UI\n- Thumbnails next\n'), null);
await upload('budget.csv', Buffer.from('item,cost\nserver,120\ndisk,80\n'), null);
await upload('intro-jingle.wav', wav(3), null);
const images = [
  await upload('team-photo.png', png(800, 533, [99, 102, 241], [6, 182, 212]), null),
  await upload('coast.png', png(800, 533, [14, 165, 233], [250, 204, 21]), null),
  await upload('dunes.png', png(800, 533, [251, 146, 60], [124, 58, 237]), null),
];
await upload('backup-2026-11.zip', Buffer.concat([Buffer.from('PK\x03\x04'), filler(2_400_000)]), null);
await upload('app.js', Buffer.from('export const hello = () => "world";\n'), projects._id);
const shared = await call(`/folders/${trip._id}/share`, { method: 'POST', token });

// thumbnails are made in the background: give them a moment (the icons stay when there are none)
for (let i = 0; i < 40; i += 1) {
  const listed = await call('/files/folder/root', { token });
  if (images.every((img) => listed.find((f) => f._id === img._id)?.hasThumbnail)) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
const signIn = async (page) => {
  await page.goto(`${base}/`);
  await page.evaluate(([t, e]) => localStorage.setItem('opendrive.session', JSON.stringify({ token: t, user: { email: e } })), [token, email]);
  await page.reload();
  await page.locator('.items').waitFor();
};

const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, deviceScaleFactor: 1 });
const page = await context.newPage();
await signIn(page);
await page.getByRole('button', { name: 'Grid view' }).click();
// an upload in progress, so the panel shows
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400_000 });
await page.getByTestId('file-input').setInputFiles([
  { name: 'holiday-video.mp4', mimeType: 'video/mp4', buffer: filler(4_000_000) },
  { name: 'slides.pdf', mimeType: 'application/pdf', buffer: pdf('Slides') },
]);
await page.locator('.upload.state-done[data-name="slides.pdf"]').waitFor({ timeout: 20_000 });
await page.waitForTimeout(1500);
await page.screenshot({ path: path.join(out, 'drive.png') });
await page.getByRole('button', { name: 'Cancel all' }).click();
await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
await page.getByRole('button', { name: 'Close uploads' }).click();

const visitor = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
await visitor.goto(`${base}${shared.shareUrl}`);
await visitor.locator('.items').waitFor();
await visitor.screenshot({ path: path.join(out, 'public-share.png') });

if (all) {
  await page.getByRole('button', { name: 'List view' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, 'list.png') });
  await page.locator('.item[data-name="team-photo.png"] .item-main').click();
  await page.locator('img.preview-image').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, 'preview.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'More actions for Project plan.pdf' }).click();
  await page.locator('.menu [data-action="share"]').click();
  await page.getByRole('button', { name: 'Create link' }).click();
  await page.getByTestId('share-url').waitFor();
  await page.screenshot({ path: path.join(out, 'share-dialog.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'More actions for budget.csv' }).click();
  await page.locator('.menu [data-action="move"]').click();
  await page.getByRole('button', { name: 'Open Photos' }).waitFor();
  await page.screenshot({ path: path.join(out, 'move-dialog.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Search files and folders' }).fill('p');
  await page.getByRole('option').first().waitFor();
  await page.screenshot({ path: path.join(out, 'search.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'More actions for backup-2026-11.zip' }).click();
  await page.locator('.menu [data-action="trash"]').click();
  await page.getByRole('link', { name: 'Trash', exact: true }).click();
  await page.locator('.trash-list').waitFor();
  await page.screenshot({ path: path.join(out, 'trash.png') });
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  await signIn(phone);
  await phone.screenshot({ path: path.join(out, 'phone.png') });
  await phone.goto(`${base}${shared.shareUrl}`);
  await phone.locator('.items').waitFor();
  await phone.screenshot({ path: path.join(out, 'phone-public.png') });
  const login = await (await browser.newContext({ viewport: { width: 1360, height: 820 } })).newPage();
  await login.goto(`${base}/`);
  await login.getByRole('heading', { name: 'Welcome back' }).waitFor();
  await login.screenshot({ path: path.join(out, 'login.png') });
}
await browser.close();
console.log(`screenshots in ${out}`);
