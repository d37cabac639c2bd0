// The read-only page behind a share link (/public/<shareId>): no account needed. Uses only the
// /api/public routes; a shared folder can be browsed into its subfolders (#/folder/<id>) and
// downloaded, whole or from the open subfolder down, as a ZIP.

import { api, getSession, fetchBlob } from './api.js';
import { h, mount } from './dom.js';
import { icon } from './icons.js';
import { formatSize, formatDate, formatLongDate, fileKind, previewMode, KIND_ICON, KIND_LABEL } from './format.js';
import { openPreview } from './preview.js';

const enc = encodeURIComponent;

export function renderPublic(root, shareId) {
  const main = h('main', { class: 'public-main', id: 'main', tabindex: '-1' });
  const signedIn = Boolean(getSession());
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
    main.setAttribute('aria-busy', 'true');
    try {
      const data = folder
        ? await api(`/public/${enc(shareId)}/folder/${folder[1]}`, { auth: false })
        : await api(`/public/${enc(shareId)}`, { auth: false });
      main.removeAttribute('aria-busy');
      if (data.type === 'file') renderFile(main, shareId, data.file);
      else renderFolder(main, shareId, data);
    } catch (e) {
      main.removeAttribute('aria-busy');
      renderUnavailable(main, e);
    }
  };
  window.addEventListener('hashchange', load);
  load();
}

function renderUnavailable(main, error) {
  const gone = error.status === 404;
  document.title = 'Link unavailable · OpenDrive';
  mount(main, h('div', { class: 'empty public-empty', role: 'alert' },
    h('span', { class: 'empty-art warn' }, icon(gone ? 'link-off' : 'alert', { size: 44 })),
    h('h1', { class: 'empty-title', text: gone ? 'This link does not work anymore' : error.status === 403 ? 'Access denied' : 'Could not open this link' }),
    h('p', { class: 'muted', text: gone ? 'The owner may have stopped sharing it, or moved it to the trash.' : error.message })));
}

function downloadLink(url, name, { primary = false, label = 'Download' } = {}) {
  return h('a', {
    class: `btn ${primary ? 'btn-primary' : 'btn-ghost btn-small'}`, href: url, download: name,
    'aria-label': primary ? undefined : `Download ${name}`,
  }, icon('download', { size: 18 }), h('span', { class: primary ? '' : 'hide-small', text: label }));
}

// A shared image shows its thumbnail (public routes need no token, so a plain <img> works);
// everything else, and an image whose thumbnail fails to load, shows its type icon.
function kindIcon(file, kind, thumbnailUrl, { big = false } = {}) {
  const holder = h('span', { class: `kind-icon${big ? ' big' : ''} kind-${kind}` }, icon(KIND_ICON[kind], { size: big ? 32 : 20 }));
  if (file.hasThumbnail) {
    const img = h('img', { class: 'kind-thumb', src: thumbnailUrl, alt: '', decoding: 'async' });
    img.addEventListener('load', () => holder.replaceChildren(img), { once: true });
  }
  return holder;
}

function renderFile(main, shareId, file) {
  document.title = `${file.originalName} · OpenDrive`;
  const url = `/api/public/${enc(shareId)}/download`;
  const kind = fileKind(file);
  const mode = previewMode(file);
  const stage = h('div', { class: 'public-preview', 'data-testid': 'public-preview' });
  const autoPreview = mode && file.size <= 50 * 1024 * 1024;
  mount(main, h('article', { class: 'public-card' },
    h('div', { class: 'public-file-head' },
      kindIcon(file, kind, `/api/public/${enc(shareId)}/thumbnail`, { big: true }),
      h('div', { class: 'public-file-titles' },
        h('h1', { class: 'public-title', text: file.originalName }),
        h('p', { class: 'muted', text: `${KIND_LABEL[kind]} · ${formatSize(file.size)} · Uploaded ${formatLongDate(file.createdAt)}` })),
      downloadLink(url, file.originalName, { primary: true })),
    stage));
  if (!mode) {
    mount(stage, h('p', { class: 'muted center', text: 'No preview available for this kind of file. Download it to open it.' }));
  } else if (autoPreview) {
    showInline(stage, file, url);
  } else {
    mount(stage, h('button', { class: 'btn', type: 'button', onclick: () => showInline(stage, file, url) },
      icon('eye', { size: 18 }), h('span', { text: `Preview (${formatSize(file.size)})` })));
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
  const fileUrl = (f) => `/api/public/${enc(shareId)}/file/${enc(f._id)}/download`;
  const hashOf = (id) => (id === rootFolderId ? '#/' : `#/folder/${id}`);
  const zipUrl = folder._id === rootFolderId ? `/api/public/${enc(shareId)}/download`
    : `/api/public/${enc(shareId)}/folder/${enc(folder._id)}/download`;

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
          kindIcon(f, kind, `/api/public/${enc(shareId)}/file/${enc(f._id)}/thumbnail`),
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
