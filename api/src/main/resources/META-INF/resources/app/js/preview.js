// In-page preview of images, PDF, text/code, audio and video. The bytes are fetched (with the
// token for the owner, without for a public link) into a blob: URL. Text is always shown as text
// (textContent in a <pre>), never parsed as HTML.

import { fetchBlob } from './api.js';
import { h, mount } from './dom.js';
import { icon } from './icons.js';
import { formatSize, formatLongDate, fileKind, previewMode, KIND_ICON, KIND_LABEL } from './format.js';

const TEXT_LIMIT = 1024 * 1024;

/**
 * files: [File]; index: the one to show first.
 * source(file) -> {url, auth}: where the bytes come from.
 * download(file): what the Download button does.
 */
export function openPreview(files, index, { source, download }) {
  const previous = document.activeElement;
  let current = index;
  let controller = null;
  let objectUrl = null;

  const title = h('h2', { class: 'preview-name', id: 'preview-title' });
  const meta = h('p', { class: 'preview-meta' });
  const kindIcon = h('span', { class: 'kind-icon' });
  const stage = h('div', { class: 'preview-stage', 'data-testid': 'preview-stage' });
  const prev = h('button', {
    class: 'icon-btn preview-nav prev', type: 'button', 'aria-label': 'Previous file', onclick: () => go(-1),
  }, icon('chevron-left', { size: 28 }));
  const next = h('button', {
    class: 'icon-btn preview-nav next', type: 'button', 'aria-label': 'Next file', onclick: () => go(1),
  }, icon('chevron-right', { size: 28 }));
  const downloadBtn = h('button', {
    class: 'btn btn-on-dark', type: 'button', onclick: () => download(files[current]),
  }, icon('download', { size: 18 }), h('span', { class: 'hide-small', text: 'Download' }));
  const closeBtn = h('button', {
    class: 'icon-btn on-dark', type: 'button', 'aria-label': 'Close preview', onclick: () => close(),
  }, icon('close', { size: 22 }));

  const dialog = h('dialog', { class: 'preview', 'aria-labelledby': 'preview-title', 'data-testid': 'preview' },
    h('header', { class: 'preview-head' },
      kindIcon,
      h('div', { class: 'preview-titles' }, title, meta),
      downloadBtn,
      closeBtn),
    h('div', { class: 'preview-body' }, prev, stage, next));

  function cleanup() {
    if (controller) controller.abort();
    controller = null;
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = null;
  }

  function close() {
    cleanup();
    dialog.close();
    dialog.remove();
    document.removeEventListener('keydown', onKey, true);
    if (previous && previous.isConnected) previous.focus();
  }

  function go(delta) {
    const target = current + delta;
    if (target < 0 || target >= files.length) return;
    current = target;
    show();
  }

  function onKey(event) {
    if (!dialog.open) return;
    if (event.target.closest && event.target.closest('video, audio, input')) return;
    if (event.key === 'ArrowLeft') { event.preventDefault(); go(-1); }
    if (event.key === 'ArrowRight') { event.preventDefault(); go(1); }
  }

  function noPreview(file, message) {
    mount(stage, h('div', { class: 'preview-fallback' },
      h('span', { class: `kind-icon big kind-${fileKind(file)}` }, icon(KIND_ICON[fileKind(file)], { size: 48 })),
      h('p', { class: 'preview-fallback-title', text: message }),
      h('p', { class: 'muted', text: `${KIND_LABEL[fileKind(file)]} · ${formatSize(file.size)}` }),
      h('button', { class: 'btn btn-primary', type: 'button', onclick: () => download(file) },
        icon('download', { size: 18 }), h('span', { text: 'Download' }))));
  }

  async function show() {
    cleanup();
    const file = files[current];
    const kind = fileKind(file);
    const mode = previewMode(file);
    title.textContent = file.originalName;
    meta.textContent = [KIND_LABEL[kind], formatSize(file.size), formatLongDate(file.createdAt)].filter(Boolean).join(' · ');
    mount(kindIcon, icon(KIND_ICON[kind], { size: 20 }));
    kindIcon.className = `kind-icon kind-${kind}`;
    prev.hidden = current === 0;
    next.hidden = current === files.length - 1;
    if (!mode) {
      noPreview(file, 'No preview available for this file');
      return;
    }
    const fill = h('div', { class: 'bar-fill' });
    const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'Loading preview', 'aria-valuemin': '0',
      'aria-valuemax': '100', 'aria-valuenow': '0' }, fill);
    mount(stage, h('div', { class: 'preview-loading' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      h('p', { text: 'Loading preview…' }), bar));
    controller = new AbortController();
    const { url, auth } = source(file);
    try {
      const result = await fetchBlob(url, {
        auth, signal: controller.signal,
        range: mode === 'text' && file.size > TEXT_LIMIT ? `bytes=0-${TEXT_LIMIT - 1}` : undefined,
        type: mode === 'text' ? 'text/plain' : file.mimeType,
        onProgress: (loaded, total) => {
          const percent = Math.floor((loaded / (total || file.size || 1)) * 100);
          fill.style.width = `${percent}%`;
          bar.setAttribute('aria-valuenow', String(percent));
        },
      });
      if (files[current] !== file) return;
      await render(file, mode, result);
    } catch (e) {
      if (e.name === 'AbortError') return;
      noPreview(file, `Could not load the preview: ${e.message}`);
    }
  }

  async function render(file, mode, { blob, partial }) {
    if (mode === 'text') {
      const text = new TextDecoder('utf-8').decode(await blob.arrayBuffer());
      const truncated = partial || file.size > blob.size;
      mount(stage, h('div', { class: 'preview-text-wrap' },
        truncated && h('p', { class: 'preview-note', text: `Showing the first ${formatSize(blob.size)} of ${formatSize(file.size)}. Download the file to see all of it.` }),
        h('pre', { class: 'preview-text', tabindex: '0', 'aria-label': `Contents of ${file.originalName}`, text })));
      return;
    }
    objectUrl = URL.createObjectURL(blob);
    if (mode === 'image') {
      const img = h('img', { class: 'preview-image', src: objectUrl, alt: file.originalName });
      img.addEventListener('error', () => noPreview(file, 'This image cannot be shown in the browser'));
      mount(stage, img);
    } else if (mode === 'video') {
      const video = h('video', { class: 'preview-video', src: objectUrl, controls: true, playsinline: true,
        'aria-label': file.originalName });
      video.addEventListener('error', () => noPreview(file, 'This video format cannot be played in the browser'));
      mount(stage, video);
    } else if (mode === 'audio') {
      const audio = h('audio', { class: 'preview-audio', src: objectUrl, controls: true, 'aria-label': file.originalName });
      audio.addEventListener('error', () => noPreview(file, 'This audio format cannot be played in the browser'));
      mount(stage, h('div', { class: 'preview-audio-wrap' },
        h('span', { class: 'kind-icon big kind-audio' }, icon('audio', { size: 56 })), audio));
    } else if (mode === 'pdf') {
      mount(stage, h('iframe', { class: 'preview-pdf', src: objectUrl, title: `PDF: ${file.originalName}` }));
    }
  }

  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  document.addEventListener('keydown', onKey, true);
  document.body.append(dialog);
  dialog.showModal();
  closeBtn.focus();
  show();
  return { close };
}
