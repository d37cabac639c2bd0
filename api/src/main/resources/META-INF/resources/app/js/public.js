// The page behind a share link (/public/<shareId>): no account needed. Uses only the /api/public
// routes; a shared folder can be browsed into its subfolders (#/folder/<id>) and downloaded, whole
// or from the open subfolder down, as a ZIP. (added) A link with a password asks for it first and
// keeps the token it gets for this tab (every request, link and image carries it as ?token=); an
// expired or used-up link says so; a file-drop link shows an upload-only page.

import { api, getSession, fetchBlob, uploadLimits, sizeError, ApiError } from './api.js';
import { h, mount, nextId } from './dom.js';
import { icon } from './icons.js';
import { formatSize, formatDate, formatLongDate, fileKind, previewMode, KIND_ICON, KIND_LABEL } from './format.js';
import { openPreview } from './preview.js';

const enc = encodeURIComponent;

/** The unlock token of this tab for a share (sessionStorage: it goes away with the tab). */
function shareToken(shareId) {
  const key = `opendrive.share-token.${shareId}`;
  return {
    get: () => sessionStorage.getItem(key),
    set: (token) => sessionStorage.setItem(key, token),
    clear: () => sessionStorage.removeItem(key),
  };
}

let currentToken = null;

/** A public URL with the unlock token, if any: plain links and images cannot send a header. */
function withToken(url) {
  if (!currentToken) return url;
  return `${url}${url.includes('?') ? '&' : '?'}token=${enc(currentToken)}`;
}

export function renderPublic(root, shareId) {
  const main = h('main', { class: 'public-main', id: 'main', tabindex: '-1' });
  const signedIn = Boolean(getSession());
  const token = shareToken(shareId);
  mount(root, h('div', { class: 'public-layout' },
    h('header', { class: 'topbar public-top' },
      h('a', { class: 'brand', href: '/', 'aria-label': 'OpenDrive home' },
        h('img', { src: '/app/img/logo.svg', alt: '', width: '32', height: '32' }),
        h('span', { class: 'brand-name', text: 'OpenDrive' })),
      h('span', { class: 'public-chip' }, icon('globe', { size: 16 }), h('span', { text: 'Shared with you' })),
      h('span', { class: 'spacer' }),
      h('a', { class: 'btn btn-ghost', href: '/', text: signedIn ? 'Go to my drive' : 'Sign in' })),
    main));

  const load = async () => {
    const folder = /^#\/folder\/([0-9a-fA-F]{24})$/.exec(location.hash);
    currentToken = token.get();
    main.setAttribute('aria-busy', 'true');
    try {
      const data = folder
        ? await api(withToken(`/public/${enc(shareId)}/folder/${folder[1]}`), { auth: false })
        : await api(withToken(`/public/${enc(shareId)}`), { auth: false });
      main.removeAttribute('aria-busy');
      if (data.type === 'file') renderFile(main, shareId, data.file, data.downloadsLeft);
      else if (data.type === 'drop') renderDrop(main, shareId, data.drop);
      else renderFolder(main, shareId, data);
    } catch (e) {
      main.removeAttribute('aria-busy');
      if (e.code === 'PASSWORD_REQUIRED') {
        token.clear();
        renderPassword(main, shareId, (t) => { token.set(t); load(); });
      } else {
        renderUnavailable(main, e);
      }
    }
  };
  window.addEventListener('hashchange', load);
  load();
}

/** The password prompt of a protected link; a right password gives a token for this tab. */
function renderPassword(main, shareId, onUnlocked) {
  document.title = 'Password required · OpenDrive';
  const inputId = nextId('link-password');
  const errorId = nextId('link-password-error');
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert', 'data-testid': 'password-error' });
  const input = h('input', {
    id: inputId, class: 'input', type: 'password', name: 'password', required: true,
    autocomplete: 'current-password', 'aria-describedby': errorId, 'data-testid': 'link-password',
  });
  const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, h('span', { text: 'Open' }));
  const form = h('form', {
    class: 'public-card public-password', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      if (!input.value) {
        error.textContent = 'Enter the password you were given with the link.';
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      submit.disabled = true;
      try {
        const unlocked = await api(`/public/${enc(shareId)}/unlock`, {
          method: 'POST', body: { password: input.value }, auth: false,
        });
        onUnlocked(unlocked.token);
      } catch (e) {
        submit.disabled = false;
        error.textContent = e.code === 'WRONG_PASSWORD' ? 'That is not the password of this link. Try again.' : e.message;
        input.setAttribute('aria-invalid', 'true');
        input.select();
        input.focus();
      }
    },
  },
  h('span', { class: 'empty-art' }, icon('lock', { size: 40 })),
  h('h1', { class: 'public-title', text: 'This link is protected by a password' }),
  h('p', { class: 'muted', text: 'Enter the password the owner gave you to open it.' }),
  h('div', { class: 'field' },
    h('label', { class: 'field-label', for: inputId, text: 'Password' }),
    input,
    error),
  h('div', { class: 'public-password-actions' }, submit));
  mount(main, form);
  input.focus();
}

function renderUnavailable(main, error) {
  const gone = error.status === 404;
  const expired = error.code === 'SHARE_EXPIRED';
  const spent = error.code === 'DOWNLOAD_LIMIT_REACHED';
  const uploadOnly = error.code === 'UPLOAD_ONLY';
  document.title = 'Link unavailable · OpenDrive';
  const title = gone ? 'This link does not work anymore'
    : expired ? 'This link has expired'
      : spent ? 'This link has reached its download limit'
        : uploadOnly ? 'This link only takes uploads'
          : error.status === 403 ? 'Access denied' : 'Could not open this link';
  const text = gone ? 'The owner may have stopped sharing it, or moved it to the trash.'
    : expired || spent ? 'Ask the owner for a new link if you still need it.'
      : uploadOnly ? 'Nothing can be viewed or downloaded through it.' : error.message;
  mount(main, h('div', { class: 'empty public-empty', role: 'alert', 'data-testid': 'link-unavailable' },
    h('span', { class: 'empty-art warn' }, icon(gone || expired || spent ? 'link-off' : 'alert', { size: 44 })),
    h('h1', { class: 'empty-title', text: title }),
    h('p', { class: 'muted', text })));
}

/**
 * One visitor file into a file-drop link (PUT /api/public/:shareId/content), with progress.
 * Resolves with the name the file was stored under (the owner's folder may rename it).
 */
function dropFile(shareId, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', withToken(`/api/public/${enc(shareId)}/content?name=${enc(file.name)}`));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size));
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status === 201 && body && body.files && body.files.length) {
        resolve(body.files[0].name);
        return;
      }
      const message = body && (body.error || (body.errors && body.errors[0] && body.errors[0].error));
      reject(new ApiError(xhr.status, message || `Upload failed (HTTP ${xhr.status})`, body && body.code, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, 'The upload was interrupted (network error)', 'NETWORK')));
    xhr.send(file);
  });
}

/** The upload-only page of a file-drop link: visitors add files and see only their own uploads. */
function renderDrop(main, shareId, drop) {
  document.title = `Upload to ${drop.name} · OpenDrive`;
  const picker = h('input', {
    class: 'visually-hidden', type: 'file', multiple: true, tabindex: '-1', 'aria-hidden': 'true', 'data-testid': 'drop-input',
  });
  const list = h('ul', { class: 'drop-list', 'aria-label': 'Your uploads', 'data-testid': 'drop-list' });
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  let queue = Promise.resolve();
  const limitsReady = uploadLimits();

  const add = (files) => {
    for (const file of files) {
      const fill = h('div', { class: 'bar-fill' });
      const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': `Uploading ${file.name}`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, fill);
      const state = h('span', { class: 'drop-state muted', text: 'Waiting…' });
      const row = h('li', { class: 'drop-item', dataset: { name: file.name, state: 'queued' } },
        h('span', { class: 'drop-name', text: file.name }), h('span', { class: 'muted', text: formatSize(file.size) }), state, bar);
      list.append(row);
      queue = queue.then(async () => {
        const tooLarge = sizeError(file, await limitsReady);
        try {
          if (tooLarge) throw tooLarge;
          state.textContent = 'Uploading…';
          const stored = await dropFile(shareId, file, (loaded, total) => {
            const pct = total ? Math.round((loaded / total) * 100) : 0;
            fill.style.width = `${pct}%`;
            bar.setAttribute('aria-valuenow', String(pct));
          });
          fill.style.width = '100%';
          row.dataset.state = 'done';
          row.classList.add('state-done');
          state.textContent = stored === file.name ? 'Uploaded' : `Uploaded as “${stored}”`;
          live.textContent = `${file.name} uploaded`;
        } catch (e) {
          row.dataset.state = 'failed';
          state.classList.remove('muted');
          state.classList.add('drop-failed');
          state.textContent = e.message;
          live.textContent = `${file.name} could not be uploaded: ${e.message}`;
        }
      });
    }
  };
  picker.addEventListener('change', () => {
    add([...picker.files]);
    picker.value = '';
  });
  const zone = h('div', { class: 'drop-zone', 'data-testid': 'drop-zone' },
    icon('upload', { size: 36 }),
    h('p', { text: 'Drag files here, or' }),
    h('button', { class: 'btn btn-primary', type: 'button', onclick: () => picker.click() },
      icon('plus', { size: 18 }), h('span', { text: 'Choose files' })),
    picker);
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    add([...(event.dataTransfer ? event.dataTransfer.files : [])]);
  });
  mount(main, h('section', { class: 'public-card public-drop' },
    h('div', { class: 'public-file-head' },
      h('span', { class: 'kind-icon big kind-folder' }, icon('inbox', { size: 32 })),
      h('div', { class: 'public-file-titles' },
        h('h1', { class: 'public-title', text: `Upload files to “${drop.name}”` }),
        h('p', { class: 'muted', text: 'The files go to the owner of this folder. You cannot see what is already in it.' })),
      h('span', { class: 'public-chip subtle' }, icon('upload', { size: 16 }), h('span', { text: 'Upload only' }))),
    zone, list, live));
}

function downloadLink(url, name, { primary = false, label = 'Download' } = {}) {
  return h('a', {
    class: `btn ${primary ? 'btn-primary' : 'btn-ghost btn-small'}`, href: url, download: name,
    'aria-label': primary ? undefined : `Download ${name}`,
  }, icon('download', { size: 18 }), h('span', { class: primary ? '' : 'hide-small', text: label }));
}

// A shared image shows its thumbnail (a plain <img>: the unlock token, if any, rides in the URL);
// everything else, and an image whose thumbnail fails to load, shows its type icon.
function kindIcon(file, kind, thumbnailUrl, { big = false } = {}) {
  const holder = h('span', { class: `kind-icon${big ? ' big' : ''} kind-${kind}` }, icon(KIND_ICON[kind], { size: big ? 32 : 20 }));
  if (file.hasThumbnail) {
    const img = h('img', { class: 'kind-thumb', src: thumbnailUrl, alt: '', decoding: 'async' });
    img.addEventListener('load', () => holder.replaceChildren(img), { once: true });
  }
  return holder;
}

function downloadsLeftChip(left) {
  if (left === undefined || left === null) return null;
  return h('span', { class: 'public-chip subtle', 'data-testid': 'downloads-left' }, icon('download', { size: 16 }),
    h('span', { text: `${left} ${left === 1 ? 'download' : 'downloads'} left` }));
}

function renderFile(main, shareId, file, downloadsLeft) {
  document.title = `${file.originalName} · OpenDrive`;
  const url = withToken(`/api/public/${enc(shareId)}/download`);
  const kind = fileKind(file);
  const mode = previewMode(file);
  const stage = h('div', { class: 'public-preview', 'data-testid': 'public-preview' });
  // a preview is a download too: on a limited link it is only shown when asked for
  const limited = downloadsLeft !== undefined && downloadsLeft !== null;
  const autoPreview = mode && !limited && file.size <= 50 * 1024 * 1024;
  mount(main, h('article', { class: 'public-card' },
    h('div', { class: 'public-file-head' },
      kindIcon(file, kind, withToken(`/api/public/${enc(shareId)}/thumbnail`), { big: true }),
      h('div', { class: 'public-file-titles' },
        h('h1', { class: 'public-title', text: file.originalName }),
        h('p', { class: 'muted', text: `${KIND_LABEL[kind]} · ${formatSize(file.size)} · Uploaded ${formatLongDate(file.createdAt)}` })),
      downloadsLeftChip(downloadsLeft),
      downloadLink(url, file.originalName, { primary: true })),
    stage));
  if (!mode) {
    mount(stage, h('p', { class: 'muted center', text: 'No preview available for this kind of file. Download it to open it.' }));
  } else if (autoPreview) {
    showInline(stage, file, url);
  } else {
    mount(stage, h('button', { class: 'btn', type: 'button', onclick: () => showInline(stage, file, url) },
      icon('eye', { size: 18 }), h('span', { text: `Preview (${formatSize(file.size)}${limited ? ', uses a download' : ''})` })));
  }
}

async function showInline(stage, file, url) {
  const mode = previewMode(file);
  mount(stage, h('div', { class: 'preview-loading light' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h('p', { text: 'Loading preview…' })));
  try {
    const limit = 1024 * 1024;
    const { blob, partial } = await fetchBlob(url, {
      auth: false, type: mode === 'text' ? 'text/plain' : file.mimeType,
      range: mode === 'text' && file.size > limit ? `bytes=0-${limit - 1}` : undefined,
    });
    if (mode === 'text') {
      const text = new TextDecoder('utf-8').decode(await blob.arrayBuffer());
      mount(stage,
        (partial || file.size > blob.size) && h('p', { class: 'preview-note', text: `Showing the first ${formatSize(blob.size)}.` }),
        h('pre', { class: 'preview-text light', tabindex: '0', 'aria-label': `Contents of ${file.originalName}`, text }));
      return;
    }
    const objectUrl = URL.createObjectURL(blob);
    const node = {
      image: () => h('img', { class: 'public-image', src: objectUrl, alt: file.originalName }),
      video: () => h('video', { class: 'public-video', src: objectUrl, controls: true, playsinline: true, 'aria-label': file.originalName }),
      audio: () => h('audio', { src: objectUrl, controls: true, 'aria-label': file.originalName }),
      pdf: () => h('iframe', { class: 'public-pdf', src: objectUrl, title: `PDF: ${file.originalName}` }),
    }[mode]();
    mount(stage, node);
  } catch (e) {
    mount(stage, h('p', { class: 'muted center', text: `The preview could not be loaded: ${e.message}` }));
  }
}

function renderFolder(main, shareId, data) {
  const { folder } = data;
  document.title = `${folder.name} · OpenDrive`;
  const rootFolderId = data.rootFolderId || folder._id;
  const crumbs = (data.breadcrumb && data.breadcrumb.length ? data.breadcrumb : [{ _id: folder._id, name: folder.name }]);
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const subfolders = [...(data.subfolders || [])].sort((a, b) => collator.compare(a.name, b.name));
  const files = [...(data.files || [])].sort((a, b) => collator.compare(a.originalName, b.originalName));
  const fileUrl = (f) => withToken(`/api/public/${enc(shareId)}/file/${enc(f._id)}/download`);
  const hashOf = (id) => (id === rootFolderId ? '#/' : `#/folder/${id}`);
  const zipUrl = withToken(folder._id === rootFolderId ? `/api/public/${enc(shareId)}/download`
    : `/api/public/${enc(shareId)}/folder/${enc(folder._id)}/download`);

  const crumbNodes = [];
  crumbs.forEach((c, i) => {
    const last = i === crumbs.length - 1;
    if (i > 0) crumbNodes.push(h('li', { class: 'crumb-sep', 'aria-hidden': 'true' }, icon('chevron-right', { size: 18 })));
    crumbNodes.push(h('li', { class: `crumb${last ? ' current' : ''}` }, last
      ? h('h1', { class: 'view-title', 'aria-current': 'page', text: c.name })
      : h('a', { class: 'crumb-link', href: hashOf(c._id), text: c.name })));
  });

  const preview = (file) => openPreview(files, files.indexOf(file), {
    source: (f) => ({ url: fileUrl(f), auth: false }),
    download: (f) => {
      const a = h('a', { href: fileUrl(f), download: f.originalName });
      document.body.append(a);
      a.click();
      a.remove();
    },
  });

  const rows = [
    ...subfolders.map((f) => h('li', { class: 'item row', dataset: { type: 'folder', name: f.name } },
      h('a', { class: 'item-main', href: `#/folder/${f._id}` },
        h('span', { class: 'kind-icon kind-folder' }, icon('folder', { size: 20 })),
        h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: f.name })),
        h('span', { class: 'item-date', text: formatDate(f.createdAt) }),
        h('span', { class: 'item-size', text: '—' })),
      h('span', { class: 'row-actions' }))),
    ...files.map((f) => {
      const kind = fileKind(f);
      return h('li', { class: 'item row', dataset: { type: 'file', name: f.originalName } },
        h('button', { class: 'item-main', type: 'button', title: f.originalName, onclick: () => preview(f) },
          kindIcon(f, kind, withToken(`/api/public/${enc(shareId)}/file/${enc(f._id)}/thumbnail`)),
          h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: f.originalName })),
          h('span', { class: 'item-date', text: formatDate(f.createdAt) }),
          h('span', { class: 'item-size', text: formatSize(f.size) })),
        h('span', { class: 'row-actions' }, downloadLink(fileUrl(f), f.originalName)));
    }),
  ];

  mount(main, h('section', { class: 'view public-folder' },
    h('div', { class: 'view-head' },
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, crumbNodes)),
      h('div', { class: 'view-tools' },
        h('span', { class: 'public-chip subtle' }, icon('eye', { size: 16 }), h('span', { text: 'View only' })),
        downloadsLeftChip(data.downloadsLeft),
        // a plain link: the browser's own download manager streams the ZIP to disk
        h('a', {
          class: 'btn btn-ghost btn-small', href: zipUrl, download: `${folder.name}.zip`, 'data-testid': 'download-folder',
          'aria-label': `Download ${folder.name} as ZIP`,
        }, icon('download', { size: 18 }), h('span', { class: 'hide-small', text: 'Download all' })))),
    rows.length
      ? [h('div', { class: 'list-head' },
        h('span', { class: 'col col-name', text: 'Name' }), h('span', { class: 'col col-date', text: 'Added' }),
        h('span', { class: 'col col-size', text: 'Size' }), h('span', { class: 'col col-actions wide' })),
      h('ul', { class: 'items list', 'aria-label': `Contents of ${folder.name}` }, rows)]
      : h('div', { class: 'empty' },
        h('span', { class: 'empty-art' }, icon('folder', { size: 46 })),
        h('h2', { class: 'empty-title', text: 'This folder is empty' }))));
}
