// Resumable uploads (the tus protocol, /api/uploads/) for large files: the file goes up in chunks,
// a broken connection costs at most the chunk in flight, and an upload can be paused and resumed,
// even after a reload (tus-js-client remembers the upload's URL in localStorage; adding the same
// file to the same folder again continues it). The client library is the vendored tus-js-client
// browser build, loaded from this server on first use only.

import { ApiError, api, endSession, friendlyUploadError, getSession } from './api.js';

const TUS_SCRIPT = '/app/vendor/tus-js-client/tus.min.js';
let loading = null;

function loadTus() {
  if (window.tus) return Promise.resolve(window.tus);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = TUS_SCRIPT;
      script.async = true;
      script.onload = () => (window.tus ? resolve(window.tus) : reject(new Error('tus-js-client did not load')));
      script.onerror = () => {
        loading = null;
        script.remove();
        reject(new ApiError(0, 'The upload could not start (network error)', 'NETWORK'));
      };
      document.head.append(script);
    });
  }
  return loading;
}

function errorOf(error) {
  const response = error && error.originalResponse;
  if (!response) return new ApiError(0, 'The upload was interrupted (network error)', 'NETWORK');
  const status = response.getStatus();
  let body = null;
  try {
    body = JSON.parse(response.getBody() || 'null');
  } catch {
    body = null;
  }
  if (status === 401 && getSession()) endSession('expired');
  return friendlyUploadError(status, body);
}

/**
 * Uploads one file through tus. Returns {promise, abort, pause, resume}: the promise resolves with
 * the stored File document (as uploadFile's does); abort() cancels and removes what the server
 * holds; pause() stops sending and keeps it; resume() continues from where the server stands.
 */
export function uploadResumable(file, folderId, { endpoint, chunkSize, onConflict, onProgress } = {}) {
  let upload = null;
  let settled = false;
  let paused = false;
  let resolvePromise;
  let rejectPromise;
  const promise = new Promise((resolve, reject) => {
    resolvePromise = (v) => { settled = true; resolve(v); };
    rejectPromise = (e) => { settled = true; reject(e); };
  });

  loadTus().then((tus) => {
    if (settled) return;
    const metadata = { filename: file.name, filetype: file.type || 'application/octet-stream' };
    if (folderId) metadata.folderId = folderId;
    if (onConflict) metadata.onConflict = onConflict;
    upload = new tus.Upload(file, {
      endpoint,
      chunkSize,
      metadata,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // the token of the moment, on every request (a resumed upload may outlive the first one)
      onBeforeRequest(req) {
        const session = getSession();
        if (session) req.setHeader('Authorization', `Bearer ${session.token}`);
      },
      onProgress(loaded, total) {
        if (onProgress) onProgress(loaded, total);
      },
      onSuccess(payload) {
        const response = payload && payload.lastResponse;
        const fileId = response && response.getHeader('OpenDrive-File-Id');
        if (!fileId) {
          resolvePromise({ folderId: folderId || null, originalName: file.name, size: file.size });
          return;
        }
        api(`/files/${fileId}`).then(resolvePromise,
          () => resolvePromise({ _id: fileId, folderId: folderId || null, originalName: file.name, size: file.size }));
      },
      onError(error) {
        rejectPromise(errorOf(error));
      },
    });
    // the same file into the same folder, started before (a reload, a closed tab): continue it
    return upload.findPreviousUploads().then((previous) => {
      const same = previous.find((p) => ((p.metadata && p.metadata.folderId) || null) === (folderId || null));
      if (same) upload.resumeFromPreviousUpload(same);
    }, () => {}).then(() => {
      if (!settled && !paused) upload.start();
    });
  }, rejectPromise);

  return {
    promise,
    resumable: true,
    abort() {
      if (settled) return;
      rejectPromise(new ApiError(0, 'Cancelled', 'CANCELLED'));
      // true: also DELETE the upload on the server (tus termination), so its bytes do not linger
      if (upload) upload.abort(true).catch(() => {});
    },
    pause() {
      paused = true;
      return upload ? upload.abort(false) : Promise.resolve();
    },
    resume() {
      paused = false;
      if (upload && !settled) upload.start();
    },
  };
}
