// The real tus-js-client (Node build) against a running OpenDrive: upload in small chunks, abort
// midway, then resume with a new client from the URL it stored, and check the file through the API.
// Usage: node tus-client.mjs http://localhost:5000   (exit code 0 = passed)

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';

const base = (process.argv[2] || process.env.OPENDRIVE_BASE || 'http://localhost:5000').replace(/\/+$/, '');
const CHUNK = 64 * 1024;
const SIZE = 10 * CHUNK + 12_345; // eleven PATCH requests, the last one short

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function call(pathname, { token, method = 'GET', json } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}/api${pathname}`, { method, headers, body: json !== undefined ? JSON.stringify(json) : undefined });
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${body}`);
  return { response, body };
}

const json = async (...args) => JSON.parse((await call(...args)).body.toString('utf8'));

/** A tus client as an application would configure it; `seen` records each request it sends. */
function client(file, token, folderId, storage, seen, handlers) {
  return new tus.Upload(file, {
    endpoint: `${base}/api/uploads/`,
    chunkSize: CHUNK,
    retryDelays: [0, 200],
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: 'resumed video.bin', filetype: 'application/octet-stream', folderId },
    urlStorage: storage,
    storeFingerprintForResuming: true,
    onBeforeRequest(req) {
      seen.push({ method: req.getMethod(), offset: req.getHeader('Upload-Offset') });
    },
    ...handlers,
  });
}

async function main() {
  const email = `tus-${Date.now().toString(36)}@example.test`;
  const { token } = await json('/auth/register', { method: 'POST', json: { email, password: 'correct horse 42' } });
  const folder = await json('/folders', { method: 'POST', token, json: { name: 'Resumed' } });
  const data = crypto.randomBytes(SIZE);
  const storageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opendrive-tus-')), 'urls.json');
  const storage = new tus.FileUrlStorage(storageFile);

  // 1. the first client stops after a few chunks (a closed laptop, a lost connection)
  const firstRequests = [];
  let first;
  await new Promise((resolve, reject) => {
    first = client(data, token, folder._id, storage, firstRequests, {
      onChunkComplete(chunkSize, bytesAccepted) {
        if (bytesAccepted >= 4 * CHUNK) first.abort().then(resolve, reject);
      },
      onSuccess: () => reject(new Error('the first client should have been stopped before the end')),
      onError: reject,
    });
    first.start();
  });
  const uploadUrl = first.url;
  assert(uploadUrl && uploadUrl.startsWith(`${base}/api/uploads/`), `the upload URL is under /api/uploads/: ${uploadUrl}`);
  const head = await fetch(uploadUrl, { method: 'HEAD', headers: { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' } });
  const stored = Number(head.headers.get('upload-offset'));
  assert(head.status === 200 && stored >= 4 * CHUNK && stored < SIZE, `HEAD after the abort: ${head.status}, offset ${stored}`);
  const listedEarly = await json(`/files/folder/${folder._id}`, { token });
  assert(listedEarly.length === 0, 'no file is listed before the upload is complete');

  // 2. a new client (another page load) finds the stored URL and continues from the server's offset
  const secondRequests = [];
  let second;
  await new Promise((resolve, reject) => {
    second = client(data, token, folder._id, storage, secondRequests, { onSuccess: resolve, onError: reject });
    second.findPreviousUploads().then((previous) => {
      assert(previous.length === 1, `one previous upload stored for this file, found ${previous.length}`);
      second.resumeFromPreviousUpload(previous[0]);
      second.start();
    }, reject);
  });
  assert(second.url === uploadUrl, `the second client continued the same upload (${second.url})`);
  assert(!secondRequests.some((r) => r.method === 'POST'), 'the second client created no new upload');
  const patches = secondRequests.filter((r) => r.method === 'PATCH');
  assert(patches.length > 0 && Number(patches[0].offset) === stored,
    `the second client's first PATCH starts where the server stood (${patches[0] && patches[0].offset} vs ${stored})`);

  // 3. the file, through the API: one file, the same bytes
  const files = await json(`/files/folder/${folder._id}`, { token });
  assert(files.length === 1, `one file in the folder, found ${files.length}`);
  const file = files[0];
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  assert(file.originalName === 'resumed video.bin', `name ${file.originalName}`);
  assert(file.size === SIZE && file.sha256 === sha256, `size ${file.size}, sha256 ${file.sha256} (expected ${SIZE}, ${sha256})`);
  const download = await call(`/files/${file._id}/download`, { token });
  assert(Buffer.compare(download.body, data) === 0, 'the downloaded bytes are the uploaded ones');

  console.log(`tus-js-client ${SIZE} bytes: aborted at ${stored}, resumed with ${patches.length} PATCH requests, `
    + `file ${file._id} sha256 ${sha256.slice(0, 12)}…: passed`);
}

main().catch((e) => {
  console.error(`tus-js-client journey failed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
