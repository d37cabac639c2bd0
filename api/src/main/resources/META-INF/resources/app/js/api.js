// Talks to the OpenDrive API: session (token) handling, JSON calls, uploads with progress, blobs.
//
// The token lives in localStorage so that a session survives a reload and new tabs. Only this
// origin's scripts can read it, and the UI's Content-Security-Policy allows scripts from this
// origin only (no inline scripts, no third-party scripts), so no third-party script can read it.

const STORAGE_KEY = 'opendrive.session';
const listeners = new Set();
let session = load();
let expiryTimer = null;

export class ApiError extends Error {
  constructor(status, message, code, body) {
    super(message);
    this.status = status;
    this.code = code || '';
    this.body = body;
  }
}

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    return saved && typeof saved.token === 'string' ? saved : null;
  } catch {
    return null;
  }
}

/** Seconds-since-epoch "exp" of a JWT, or null (the signature is the server's business). */
export function tokenExpiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function getSession() {
  return session;
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(reason) {
  for (const listener of listeners) listener(session, reason);
}

function scheduleExpiry() {
  clearTimeout(expiryTimer);
  const exp = session && tokenExpiry(session.token);
  if (!exp) return;
  const delay = exp - Date.now();
  if (delay <= 0) {
    endSession('expired');
  } else if (delay < 2 ** 31 - 1) {
    expiryTimer = setTimeout(() => endSession('expired'), delay);
  }
}

export function startSession(token, user) {
  session = { token, user };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  scheduleExpiry();
  notify('login');
}

/** reason: 'logout' (the user asked) or 'expired' (401 or past exp). */
export function endSession(reason = 'logout') {
  if (!session) return;
  session = null;
  clearTimeout(expiryTimer);
  localStorage.removeItem(STORAGE_KEY);
  notify(reason);
}

export function updateUser(user) {
  if (!session) return;
  session = { ...session, user };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

// Another tab logged in or out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  const next = load();
  if (!next && session) {
    session = null;
    notify('logout');
  } else if (next && (!session || next.token !== session.token)) {
    session = next;
    scheduleExpiry();
    notify('login');
  }
});

scheduleExpiry();

function authHeader() {
  return session ? { Authorization: `Bearer ${session.token}` } : {};
}

const STATUS_MESSAGES = {
  400: 'The request was not accepted.',
  401: 'Please log in again.',
  403: 'You do not have access to this.',
  404: 'Not found. It may have been moved or deleted.',
  409: 'That conflicts with something that already exists.',
  413: 'The file is too large.',
  415: 'This file type is not allowed.',
  429: 'Too many attempts. Please wait a little and try again.',
  507: 'Not enough storage left in your quota. Delete files and empty the trash to make room.',
  503: 'The server is temporarily unavailable. Please try again shortly.',
};

function errorFrom(status, body) {
  const message = body && typeof body.error === 'string' ? body.error
    : STATUS_MESSAGES[status] || `Something went wrong (HTTP ${status}).`;
  return new ApiError(status, message, body && body.code, body);
}

async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * JSON call to /api + path. A 401 on an authenticated call ends the session (expired or revoked
 * token): the app then shows the login page.
 */
export async function api(path, { method = 'GET', body, auth = true, signal } = {}) {
  const headers = { Accept: 'application/json', ...(auth ? authHeader() : {}) };
  const init = { method, headers, signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api${path}`, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.', 'NETWORK');
  }
  const data = await readJson(response);
  if (!response.ok) {
    if (response.status === 401 && auth && session) endSession('expired');
    throw errorFrom(response.status, data);
  }
  return data;
}

/**
 * Downloads bytes (with the token when auth) into a Blob, reporting progress.
 * Options: range ("bytes=0-1023"), type (forced blob type), onProgress(loaded, total), signal,
 * json (a body to POST as JSON). Resolves {blob, partial, fullSize, fileName (from Content-Disposition)}.
 */
export async function fetchBlob(url, { auth = true, range, type, onProgress, signal, json } = {}) {
  const headers = auth ? authHeader() : {};
  if (range) headers.Range = range;
  const init = { headers, signal };
  if (json !== undefined) {
    init.method = 'POST';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Cannot reach the server. Check your connection and try again.', 'NETWORK');
  }
  if (!response.ok) {
    const data = await readJson(response);
    if (response.status === 401 && auth && session) endSession('expired');
    throw errorFrom(response.status, data);
  }
  const total = Number(response.headers.get('Content-Length')) || 0;
  const blobType = type || response.headers.get('Content-Type') || 'application/octet-stream';
  const totalSize = /\/(\d+)$/.exec(response.headers.get('Content-Range') || '');
  const meta = {
    partial: response.status === 206,
    fullSize: totalSize ? Number(totalSize[1]) : total,
    fileName: fileNameOf(response.headers.get('Content-Disposition')),
  };
  if (!onProgress || !response.body) {
    return { blob: new Blob([await response.arrayBuffer()], { type: blobType }), ...meta };
  }
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  return { blob: new Blob(chunks, { type: blobType }), ...meta };
}

/** The file name of a Content-Disposition header: the RFC 5987 UTF-8 form when given, else the plain one. */
export function fileNameOf(disposition) {
  if (!disposition) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // fall back to the plain form
    }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Saves a blob under a file name through a temporary object URL. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function friendlyUploadError(status, body, fallback) {
  const code = body && body.code;
  const message = body && (body.error || body.errors && body.errors[0] && body.errors[0].error);
  if (status === 413 || code === 'FILE_TOO_LARGE') {
    const limit = /limit of (\d+) bytes/.exec(message || '');
    return new ApiError(413, limit ? `Too large: the limit is ${formatBytes(Number(limit[1]))} per file`
      : 'Too large for this server', code || 'FILE_TOO_LARGE', body);
  }
  if (status === 507 || code === 'QUOTA_EXCEEDED') {
    // the server says which file and how much is left; the trash counts until emptied
    return new ApiError(507, message || STATUS_MESSAGES[507], code || 'QUOTA_EXCEEDED', body);
  }
  if (status === 415 || code === 'TYPE_NOT_ALLOWED') {
    return new ApiError(415, message ? `Not allowed: ${message}` : 'This file type is not allowed on this server',
      code || 'TYPE_NOT_ALLOWED', body);
  }
  return new ApiError(status, message || fallback || STATUS_MESSAGES[status] || `Upload failed (HTTP ${status})`,
    code, body);
}

function formatBytes(n) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${Number.isInteger(n) ? n : n.toFixed(1)} ${units[i]}`;
}

let limits = null;

/**
 * The server's upload limits (GET /api/config), fetched once. Resolves to null when they cannot be
 * read: the server still enforces them, the page just cannot warn before sending.
 */
export function uploadLimits() {
  if (!limits) {
    limits = api('/config', { auth: false }).catch(() => {
      limits = null;
      return null;
    });
  }
  return limits;
}

/** The error an upload of this file would get for its size, or null when it fits. */
export function sizeError(file, serverLimits) {
  if (!serverLimits || !(file.size > serverLimits.maxFileSize)) return null;
  return new ApiError(413, `Too large: the limit is ${formatBytes(serverLimits.maxFileSize)} per file`, 'FILE_TOO_LARGE');
}

/**
 * Uploads one file in its own request (so one failure never takes the others down), as the raw
 * body of PUT /api/files/content: the server streams it straight into storage (no multipart
 * decoding, no spool file), which is faster and keeps large uploads out of the server's memory.
 * Returns {promise, abort}; the promise resolves with the stored File document.
 */
export function uploadFile(file, folderId, { onProgress, onConflict } = {}) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    const query = new URLSearchParams({ name: file.name });
    if (folderId) query.set('folderId', folderId);
    // 'version': a file of that name in the folder gets this content, its old one kept as a version
    if (onConflict) query.set('onConflict', onConflict);
    xhr.open('PUT', `/api/files/content?${query}`);
    xhr.setRequestHeader('Accept', 'application/json');
    if (session) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.addEventListener('progress', (e) => {
      if (onProgress) onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && Array.isArray(body.files) && body.files.length > 0) {
        resolve(body.files[0]);
        return;
      }
      if (xhr.status === 401 && session) endSession('expired');
      reject(friendlyUploadError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'The upload was interrupted (network error)', 'NETWORK')));
    xhr.addEventListener('abort', () => reject(new ApiError(0, 'Cancelled', 'CANCELLED')));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
