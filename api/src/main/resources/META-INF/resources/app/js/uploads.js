// The upload queue and its panel: one request per file (so one failure never takes the others
// down), a few at a time, each with its own progress bar, plus an overall bar; cancel, retry.
// Files over the server's resumable threshold (GET /api/config, 8 MiB by default) go up through
// tus in chunks instead: they survive a bad connection and can be paused and resumed.

import { uploadFile, uploadLimits, sizeError } from './api.js';
import { uploadResumable } from './resumable.js';
import { h, mount } from './dom.js';
import { icon } from './icons.js';
import { formatSize, fileKind, KIND_ICON } from './format.js';

const CONCURRENCY = 3;
let counter = 0;

export class UploadManager {
  constructor({ onUploaded, onFailed } = {}) {
    this.onUploaded = onUploaded || (() => {});
    this.onFailed = onFailed || (() => {});
    // Files over the server's limit fail at once instead of after their bytes went up.
    this.limits = null;
    this.limitsReady = uploadLimits().then((l) => { this.limits = l; });
    this.items = [];
    this.collapsed = false;

    this.title = h('h2', { class: 'uploads-title', id: 'uploads-title' });
    this.live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.overallFill = h('div', { class: 'bar-fill' });
    this.overallBar = h('div', {
      class: 'bar bar-overall', role: 'progressbar', 'aria-label': 'Overall upload progress',
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'data-testid': 'upload-overall',
    }, this.overallFill);
    this.overallText = h('p', { class: 'uploads-overall-text' });
    this.collapseBtn = h('button', {
      class: 'icon-btn', type: 'button', 'aria-label': 'Collapse uploads', 'aria-expanded': 'true',
      'aria-controls': 'uploads-body', onclick: () => this.setCollapsed(!this.collapsed),
    }, icon('chevron-down', { size: 18 }));
    this.cancelAllBtn = h('button', {
      class: 'btn btn-small btn-ghost', type: 'button', text: 'Cancel all', onclick: () => this.cancelAll(),
    });
    this.closeBtn = h('button', {
      class: 'icon-btn', type: 'button', 'aria-label': 'Close uploads', onclick: () => this.closePanel(),
    }, icon('close', { size: 18 }));
    this.list = h('ul', { class: 'uploads-list', 'aria-label': 'Files being uploaded' });
    this.el = h('section', { class: 'uploads', 'aria-labelledby': 'uploads-title', hidden: true, 'data-testid': 'uploads' },
      h('header', { class: 'uploads-head' }, this.title, this.cancelAllBtn, this.collapseBtn, this.closeBtn),
      h('div', { class: 'uploads-body', id: 'uploads-body' },
        h('div', { class: 'uploads-overall' }, this.overallBar, this.overallText),
        this.list),
      this.live);
  }

  /** onConflict: 'version' replaces same-named files (old content kept as a version); absent: "name (1)". */
  add(files, folderId, { onConflict } = {}) {
    for (const file of files) {
      const item = {
        id: ++counter, file, name: file.name, size: file.size, folderId: folderId || null, onConflict,
        state: 'queued', loaded: 0, total: file.size || 1, error: null, handle: null,
      };
      this.items.push(item);
      this.list.append(this.buildRow(item));
    }
    if (files.length) {
      this.live.textContent = `${files.length} ${files.length === 1 ? 'file' : 'files'} added to uploads`;
      this.show();
      this.limitsReady.then(() => this.pump());
    }
  }

  /** A row that failed before it started (e.g. a dropped folder). */
  reject(name, message) {
    const item = { id: ++counter, file: null, name, size: 0, folderId: null, state: 'failed', loaded: 0, total: 1,
      error: message, handle: null };
    this.items.push(item);
    this.list.append(this.buildRow(item));
    this.show();
    this.update(item);
  }

  show() {
    this.el.hidden = false;
    this.setCollapsed(false);
    this.renderSummary();
  }

  setCollapsed(collapsed) {
    this.collapsed = collapsed;
    this.el.classList.toggle('collapsed', collapsed);
    this.collapseBtn.setAttribute('aria-expanded', String(!collapsed));
    this.collapseBtn.setAttribute('aria-label', collapsed ? 'Expand uploads' : 'Collapse uploads');
  }

  pump() {
    // One at a time: a file refused before sending frees its slot for the next one at once.
    while (this.items.filter((i) => i.state === 'uploading').length < CONCURRENCY) {
      const next = this.items.find((i) => i.state === 'queued');
      if (!next) break;
      this.start(next);
    }
    this.renderSummary();
  }

  start(item) {
    const tooLarge = sizeError(item.file, this.limits);
    if (tooLarge) {
      item.state = 'failed';
      item.error = tooLarge.message;
      item.retryable = false;
      this.update(item);
      return;
    }
    item.state = 'uploading';
    item.loaded = 0;
    item.error = null;
    this.update(item);
    const onProgress = (loaded, total) => {
      item.loaded = loaded;
      item.total = total || item.total;
      this.update(item);
      this.renderSummary();
    };
    const resumable = this.limits && this.limits.resumableUploads;
    item.handle = resumable && item.file.size > resumable.threshold
      ? uploadResumable(item.file, item.folderId, {
        endpoint: resumable.endpoint, chunkSize: resumable.chunkSize, onConflict: item.onConflict, onProgress,
      })
      : uploadFile(item.file, item.folderId, { onConflict: item.onConflict, onProgress });
    item.handle.promise.then((stored) => {
      item.state = 'done';
      item.loaded = item.total;
      item.stored = stored;
      this.update(item);
      this.onUploaded(stored);
    }, (error) => {
      if (error.code === 'CANCELLED') {
        item.state = 'cancelled';
      } else {
        item.state = 'failed';
        item.error = error.message;
        // 507 (quota) too: after deleting files and emptying the trash, the same file fits
        item.retryable = error.status === 0 || error.status >= 500 || error.status === 429;
        this.onFailed(error);
      }
      this.update(item);
    }).finally(() => {
      item.handle = null;
      this.pump();
    });
  }

  /** Resumable uploads only: stop sending, keep what the server holds. */
  pause(item) {
    if (item.state !== 'uploading' || !item.handle || !item.handle.resumable) return;
    item.state = 'paused';
    item.handle.pause();
    this.update(item);
    this.live.textContent = `${item.name} paused`;
    this.pump();
  }

  resume(item) {
    if (item.state !== 'paused' || !item.handle) return;
    item.state = 'uploading';
    item.handle.resume();
    this.update(item);
    this.live.textContent = `${item.name} resumed`;
    this.renderSummary();
  }

  cancel(item) {
    if ((item.state === 'uploading' || item.state === 'paused') && item.handle) {
      item.handle.abort();
    } else if (item.state === 'queued') {
      item.state = 'cancelled';
      this.update(item);
      this.renderSummary();
    }
  }

  cancelAll() {
    for (const item of this.items) {
      if (item.state === 'queued') {
        item.state = 'cancelled';
        this.update(item);
      }
    }
    for (const item of this.items) if (item.state === 'uploading' || item.state === 'paused') this.cancel(item);
    this.renderSummary();
  }

  abortAll() {
    this.cancelAll();
  }

  retry(item) {
    item.state = 'queued';
    item.error = null;
    this.update(item);
    this.pump();
  }

  remove(item) {
    this.items = this.items.filter((i) => i !== item);
    item.row.remove();
    if (!this.items.length) this.closePanel();
    else this.renderSummary();
  }

  closePanel() {
    if (this.items.some((i) => i.state === 'uploading' || i.state === 'queued' || i.state === 'paused')) return;
    this.items = [];
    mount(this.list);
    this.el.hidden = true;
  }

  buildRow(item) {
    const kind = item.file ? fileKind({ mimeType: item.file.type, originalName: item.name }) : 'folder';
    item.fill = h('div', { class: 'bar-fill' });
    item.bar = h('div', {
      class: 'bar', role: 'progressbar', 'aria-label': `Upload progress of ${item.name}`,
      'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
    }, item.fill);
    item.status = h('span', { class: 'upload-status' });
    item.action = h('div', { class: 'upload-actions' });
    item.row = h('li', { class: 'upload', dataset: { name: item.name } },
      h('span', { class: `kind-icon kind-${kind}` }, icon(kind === 'folder' ? 'folder' : KIND_ICON[kind], { size: 18 })),
      h('div', { class: 'upload-main' },
        h('span', { class: 'upload-name', text: item.name, title: item.name }),
        item.bar,
        item.status),
      item.action);
    this.update(item);
    return item.row;
  }

  update(item) {
    if (!item.row) return;
    const percent = item.state === 'done' ? 100 : Math.min(99, Math.floor((item.loaded / (item.total || 1)) * 100));
    item.row.className = `upload state-${item.state}`;
    item.fill.style.width = `${item.state === 'queued' ? 0 : percent}%`;
    item.bar.setAttribute('aria-valuenow', String(percent));
    item.bar.hidden = item.state === 'failed' || item.state === 'cancelled';
    let text;
    switch (item.state) {
      case 'queued': text = `Waiting · ${formatSize(item.size)}`; break;
      case 'uploading': text = `${percent}% of ${formatSize(item.size)}`; break;
      case 'paused': text = `Paused · ${percent}% of ${formatSize(item.size)}`; break;
      case 'done': text = `Uploaded · ${formatSize(item.size)}`; break;
      case 'cancelled': text = 'Cancelled'; break;
      default: text = item.error || 'Upload failed';
    }
    item.status.textContent = text;
    item.status.classList.toggle('error', item.state === 'failed');
    const buttons = [];
    if (item.state === 'uploading' && item.handle && item.handle.resumable) {
      buttons.push(h('button', {
        class: 'icon-btn', type: 'button', 'aria-label': `Pause upload of ${item.name}`, title: 'Pause',
        onclick: () => this.pause(item),
      }, icon('pause', { size: 18 })));
    } else if (item.state === 'paused') {
      buttons.push(h('button', {
        class: 'icon-btn', type: 'button', 'aria-label': `Resume upload of ${item.name}`, title: 'Resume',
        onclick: () => this.resume(item),
      }, icon('play', { size: 18 })));
    }
    if (item.state === 'queued' || item.state === 'uploading' || item.state === 'paused') {
      buttons.push(h('button', {
        class: 'icon-btn', type: 'button', 'aria-label': `Cancel upload of ${item.name}`, title: 'Cancel',
        onclick: () => this.cancel(item),
      }, icon('close', { size: 18 })));
    } else if (item.state === 'done') {
      buttons.push(h('span', { class: 'upload-done', 'aria-hidden': 'true' }, icon('check', { size: 18 })));
    } else {
      if (item.file && (item.state === 'cancelled' || item.retryable)) {
        buttons.push(h('button', {
          class: 'icon-btn', type: 'button', 'aria-label': `Retry upload of ${item.name}`, title: 'Retry',
          onclick: () => this.retry(item),
        }, icon('restore', { size: 18 })));
      }
      buttons.push(h('button', {
        class: 'icon-btn', type: 'button', 'aria-label': `Remove ${item.name} from the list`, title: 'Remove',
        onclick: () => this.remove(item),
      }, icon('close', { size: 18 })));
    }
    mount(item.action, buttons);
  }

  renderSummary() {
    const live = this.items.filter((i) => i.state !== 'cancelled');
    const active = this.items.filter((i) => i.state === 'uploading' || i.state === 'queued' || i.state === 'paused');
    const done = this.items.filter((i) => i.state === 'done').length;
    const failed = this.items.filter((i) => i.state === 'failed').length;
    const total = live.reduce((sum, i) => sum + (i.size || 0), 0);
    const loaded = live.reduce((sum, i) => {
      if (i.state === 'done' || i.state === 'failed') return sum + (i.size || 0);
      return sum + Math.min(i.size || 0, (i.loaded / (i.total || 1)) * (i.size || 0));
    }, 0);
    const percent = total ? Math.floor((loaded / total) * 100) : (active.length ? 0 : 100);
    this.overallFill.style.width = `${percent}%`;
    this.overallBar.setAttribute('aria-valuenow', String(percent));
    let title;
    if (active.length) {
      title = `Uploading ${active.length} ${active.length === 1 ? 'file' : 'files'}`;
      this.overallText.textContent = `${percent}% · ${formatSize(loaded)} of ${formatSize(total)}`;
    } else {
      title = failed
        ? `${done} uploaded, ${failed} failed`
        : done ? `${done} ${done === 1 ? 'upload' : 'uploads'} complete` : 'Uploads cancelled';
      this.overallText.textContent = failed ? 'Some files could not be uploaded: see below.' : 'All done.';
      if (this.title.textContent !== title) this.live.textContent = title;
    }
    this.title.textContent = title;
    this.cancelAllBtn.hidden = !active.length;
    this.closeBtn.hidden = active.length > 0;
    this.el.classList.toggle('finished', !active.length);
  }
}
