// The signed-in application: top bar with search, sidebar with navigation and storage usage, the
// routed main view (a folder or the trash), uploads and file drops anywhere on the page.

import { api, endSession, getSession } from './api.js';
import { h, mount, debounce, highlighted, nextId } from './dom.js';
import { icon } from './icons.js';
import { formatSize, fileKind, KIND_ICON } from './format.js';
import { openMenu, closeMenu, toastError } from './ui.js';
import { UploadManager } from './uploads.js';
import { FolderView } from './browser.js';
import { TrashView } from './trash.js';
import { SettingsView } from './settings.js';
import { newFolder, askOnConflict } from './actions.js';
import { clearThumbnailCache } from './thumbs.js';
import { parseRoute, folderHash } from './routes.js';

/**
 * "My Drive › A › B" for a folder path. A search result's folder reference carries the folder's
 * own full path ("/A/B/"), a folder document the path of its parent: `name` is appended only when
 * the path does not already end with it.
 */
function locationLabel(path, name) {
  const parts = (path || '/').split('/').filter(Boolean);
  if (name && parts[parts.length - 1] !== name) parts.push(name);
  return ['My Drive', ...parts].join(' › ');
}

export function startDrive(root) {
  const user = getSession().user || {};
  let view = null;
  let disposed = false;

  const fileInput = h('input', {
    type: 'file', multiple: true, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true',
    id: 'file-input', 'data-testid': 'file-input',
    onchange: () => {
      if (fileInput.files.length) app.upload([...fileInput.files], app.uploadTarget());
      fileInput.value = '';
    },
  });

  const uploads = new UploadManager({
    onUploaded: (file) => {
      if (view && view.folderId !== undefined && (view.folderId || null) === (file.folderId || null)) view.refreshSoon();
      refreshStatsSoon();
    },
    // a refused upload shows how full the drive is
    onFailed: (error) => { if (error.code === 'QUOTA_EXCEEDED') refreshStatsSoon(); },
  });

  const app = {
    get route() { return parseRoute(); },
    navigate(hash) {
      if (location.hash === hash) renderRoute();
      else location.hash = hash;
    },
    refresh() { if (view) view.refresh(); refreshStatsSoon(); },
    refreshStats: () => refreshStatsSoon(),
    /**
     * Asks what to do when names are already taken in the target folder (the server decides by
     * name again, so a list that is a moment old only changes whether we ask).
     */
    async upload(files, folderId) {
      if (!files.length) return;
      const onConflict = await askOnConflict(files, folderId, app.uploadTargetName());
      if (onConflict === null) return; // cancelled
      uploads.add(files, folderId, { onConflict });
    },
    pickFiles() { fileInput.click(); },
    uploadTarget() {
      return view && view.folderId !== undefined ? view.folderId : null;
    },
    uploadTargetName() {
      return view && view.folderName ? view.folderName : 'My Drive';
    },
  };

  // ------------------------------------------------------------------ search
  const search = buildSearch(app);

  // ------------------------------------------------------------------ top bar
  const menuToggle = h('button', {
    class: 'icon-btn menu-toggle', type: 'button', 'aria-label': 'Open navigation', 'aria-expanded': 'false',
    'aria-controls': 'sidebar', onclick: () => setDrawer(!layout.classList.contains('drawer-open')),
  }, icon('menu'));
  const initial = (user.email || '?').trim().charAt(0).toUpperCase();
  const avatar = h('button', {
    class: 'avatar', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-label': `Account: ${user.email || ''}`, title: user.email || '', 'data-testid': 'account-button',
    text: initial,
    onclick: () => openMenu([
      { label: user.email || 'Signed in', icon: 'user', disabled: true, run: () => {} },
      'separator',
      { label: 'Settings and app passwords', icon: 'user', run: () => app.navigate('#/settings'), testId: 'settings' },
      { label: 'Log out', icon: 'logout', run: () => logout(), testId: 'logout' },
    ], { trigger: avatar, label: 'Account' }),
  });
  const topbar = h('header', { class: 'topbar' },
    menuToggle,
    h('a', { class: 'brand', href: '#/', 'aria-label': 'OpenDrive, go to My Drive' },
      h('img', { src: '/app/img/logo.svg', alt: '', width: '32', height: '32' }),
      h('span', { class: 'brand-name', text: 'OpenDrive' })),
    search.el,
    avatar);

  // ------------------------------------------------------------------ sidebar
  const newButton = h('button', {
    class: 'btn btn-new', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    onclick: () => openNewMenu(newButton),
  }, icon('plus', { size: 22 }), h('span', { text: 'New' }));
  const navDrive = h('a', { class: 'nav-link', href: '#/' }, icon('drive'), h('span', { text: 'My Drive' }));
  const navTrash = h('a', { class: 'nav-link', href: '#/trash' }, icon('trash'), h('span', { text: 'Trash' }));
  const storageText = h('p', { class: 'storage-used', 'data-testid': 'storage-used', text: '…' });
  const storageDetail = h('p', { class: 'storage-detail', 'data-testid': 'storage-detail' });
  const storageBar = h('div', { class: 'storage-bar-fill' });
  const storageMeter = h('div', { class: 'storage-bar', 'aria-hidden': 'true', 'data-testid': 'storage-bar' }, storageBar);
  const sidebar = h('nav', { id: 'sidebar', class: 'sidebar', 'aria-label': 'Drive' },
    h('div', { class: 'drawer-brand', 'aria-hidden': 'true' },
      h('img', { src: '/app/img/logo.svg', alt: '', width: '28', height: '28' }),
      h('span', { class: 'brand-name', text: 'OpenDrive' })),
    newButton,
    h('ul', { class: 'nav' }, h('li', {}, navDrive), h('li', {}, navTrash)),
    h('section', { class: 'storage', 'aria-label': 'Storage' },
      h('div', { class: 'storage-head' }, icon('cloud', { size: 18 }), h('span', { text: 'Storage' })),
      storageMeter,
      storageText,
      storageDetail));
  const fab = h('button', {
    class: 'fab', type: 'button', 'aria-label': 'New folder or upload', 'aria-haspopup': 'menu',
    'aria-expanded': 'false', onclick: () => openNewMenu(fab),
  }, icon('plus', { size: 26 }));

  function openNewMenu(trigger) {
    // From the trash, new things go to My Drive: show it, so the user sees them arrive.
    const toDrive = () => { if (!(view instanceof FolderView)) app.navigate('#/'); };
    openMenu([
      { label: 'New folder', icon: 'folder-plus', testId: 'new-folder', run: () => { toDrive(); newFolder(app, app.uploadTarget()); } },
      { label: 'Upload files', icon: 'upload', testId: 'upload-files', run: () => { toDrive(); app.pickFiles(); } },
    ], { trigger, label: 'New' });
  }

  const mainEl = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const scrim = h('div', { class: 'scrim', onclick: () => setDrawer(false) });
  const dropOverlay = h('div', { class: 'drop-overlay', 'aria-hidden': 'true' },
    h('div', { class: 'drop-card' }, icon('upload', { size: 40 }),
      h('p', { class: 'drop-title', text: 'Drop files to upload' }),
      h('p', { class: 'drop-target' })));
  const skip = h('button', { class: 'skip-link', type: 'button', text: 'Skip to content', onclick: () => mainEl.focus() });

  const layout = h('div', { class: 'layout' }, skip, topbar, sidebar, scrim, mainEl, fab, dropOverlay,
    uploads.el, fileInput);
  mount(root, layout);

  function setDrawer(open) {
    layout.classList.toggle('drawer-open', open);
    menuToggle.setAttribute('aria-expanded', String(open));
    menuToggle.setAttribute('aria-label', open ? 'Close navigation' : 'Open navigation');
    if (open) navDrive.focus();
  }

  // ------------------------------------------------------------------ storage usage
  async function refreshStats() {
    try {
      const stats = await api('/folders/stats/summary');
      if (disposed) return;
      const counts = `${stats.totalFiles} ${stats.totalFiles === 1 ? 'file' : 'files'} · `
        + `${stats.totalFolders} ${stats.totalFolders === 1 ? 'folder' : 'folders'}`;
      const trashBytes = (stats.trash && stats.trash.storageUsed) || 0;
      if (typeof stats.quota === 'number') {
        // The trash counts toward the quota until it is emptied: say so, since it is not in the list.
        const used = stats.quotaUsed;
        const share = stats.quota > 0 ? used / stats.quota : 1;
        storageText.textContent = `${formatSize(used)} of ${formatSize(stats.quota)} used`;
        storageDetail.textContent = trashBytes > 0 ? `${counts} · ${formatSize(trashBytes)} in trash` : counts;
        storageBar.style.width = `${Math.max(2, Math.min(100, share * 100))}%`;
        storageMeter.classList.toggle('nearly-full', share >= 0.9 && share < 1);
        storageMeter.classList.toggle('full', share >= 1);
        storageMeter.setAttribute('role', 'meter');
        storageMeter.setAttribute('aria-hidden', 'false');
        storageMeter.setAttribute('aria-label', 'Storage used of your quota');
        storageMeter.setAttribute('aria-valuemin', '0');
        storageMeter.setAttribute('aria-valuemax', String(stats.quota));
        storageMeter.setAttribute('aria-valuenow', String(Math.min(used, stats.quota)));
        storageMeter.setAttribute('aria-valuetext', storageText.textContent);
      } else {
        storageText.textContent = `${formatSize(stats.storageUsed)} used`;
        storageDetail.textContent = counts;
        // No quota: the bar shows the share of a 1 GB..1 TB scale, for a sense of size.
        const scale = [2 ** 30, 2 ** 33, 2 ** 36, 2 ** 40].find((s) => stats.storageUsed <= s) || 2 ** 40;
        storageBar.style.width = `${Math.max(2, Math.min(100, (stats.storageUsed / scale) * 100))}%`;
        storageMeter.classList.remove('nearly-full', 'full');
        for (const a of ['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext']) {
          storageMeter.removeAttribute(a);
        }
        storageMeter.setAttribute('aria-hidden', 'true');
      }
    } catch (e) {
      if (e.status !== 401) storageText.textContent = 'Usage unavailable';
    }
  }
  const refreshStatsSoon = debounce(refreshStats, 250);

  // ------------------------------------------------------------------ routing
  function renderRoute() {
    if (disposed) return;
    closeMenu({ restoreFocus: false });
    setDrawer(false);
    const route = parseRoute();
    const previous = view;
    if (route.name === 'trash') {
      if (!(view instanceof TrashView)) view = new TrashView(app);
      else view.refresh();
    } else if (route.name === 'settings') {
      if (!(view instanceof SettingsView)) view = new SettingsView(app);
      else view.refresh();
    } else if (view instanceof FolderView && view.folderId === route.folderId) {
      view.refresh(route.highlight);
    } else {
      view = new FolderView(app, route.folderId, route.highlight);
    }
    if (previous && previous !== view) previous.destroy();
    if (!mainEl.contains(view.el)) mount(mainEl, view.el);
    navDrive.toggleAttribute('aria-current', route.name === 'folder');
    if (route.name === 'folder') navDrive.setAttribute('aria-current', 'page');
    navTrash.toggleAttribute('aria-current', route.name === 'trash');
    if (route.name === 'trash') navTrash.setAttribute('aria-current', 'page');
  }
  const onHash = () => renderRoute();
  window.addEventListener('hashchange', onHash);

  // ------------------------------------------------------------------ files dropped from the computer
  let dragDepth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  const onDragEnter = (event) => {
    if (!hasFiles(event) || !(view instanceof FolderView)) return;
    dragDepth += 1;
    dropOverlay.querySelector('.drop-target').textContent = `to ${app.uploadTargetName()}`;
    layout.classList.add('dropping');
  };
  const onDragOver = (event) => {
    if (!hasFiles(event) || !(view instanceof FolderView)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (event) => {
    if (!hasFiles(event)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) layout.classList.remove('dropping');
  };
  const onDrop = (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    layout.classList.remove('dropping');
    if (!(view instanceof FolderView)) return;
    const target = event.target.closest && event.target.closest('[data-drop-folder]');
    const folderId = target ? target.dataset.dropFolder || null : app.uploadTarget();
    app.upload(droppedFiles(event.dataTransfer, uploads), folderId);
  };
  document.addEventListener('dragenter', onDragEnter);
  document.addEventListener('dragover', onDragOver);
  document.addEventListener('dragleave', onDragLeave);
  document.addEventListener('drop', onDrop);

  const onKey = (event) => {
    if (event.key === '/' && !event.target.closest('input, textarea, [contenteditable]') && !document.querySelector('dialog[open]')) {
      event.preventDefault();
      search.focus();
    }
    if (event.key === 'Escape' && layout.classList.contains('drawer-open')) setDrawer(false);
  };
  document.addEventListener('keydown', onKey);

  function logout() {
    endSession('logout');
  }

  renderRoute();
  refreshStats();

  return {
    destroy() {
      disposed = true;
      uploads.abortAll();
      window.removeEventListener('hashchange', onHash);
      document.removeEventListener('dragenter', onDragEnter);
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('dragleave', onDragLeave);
      document.removeEventListener('drop', onDrop);
      document.removeEventListener('keydown', onKey);
      closeMenu({ restoreFocus: false });
      document.querySelectorAll('dialog').forEach((d) => d.remove());
      if (view) view.destroy();
      search.destroy();
      clearThumbnailCache();
    },
  };
}

/** Files of a drop; folders (which cannot be uploaded as such) are reported as failed rows. */
function droppedFiles(dataTransfer, uploads) {
  const items = [...(dataTransfer.items || [])];
  const files = [];
  if (items.length && typeof items[0].webkitGetAsEntry === 'function') {
    for (const item of items) {
      if (item.kind !== 'file') continue;
      const entry = item.webkitGetAsEntry();
      const file = item.getAsFile();
      if (entry && entry.isDirectory) {
        uploads.reject(entry.name, 'Folders cannot be uploaded: open the folder and drop its files');
      } else if (file) {
        files.push(file);
      }
    }
    return files;
  }
  return [...dataTransfer.files];
}

// -------------------------------------------------------------------- search box

function buildSearch(app) {
  const listId = nextId('search-list');
  const statusId = nextId('search-status');
  let results = [];
  let active = -1;
  let controller = null;
  let lastQuery = '';

  const input = h('input', {
    class: 'search-input', type: 'search', placeholder: 'Search in Drive', autocomplete: 'off',
    spellcheck: 'false', role: 'combobox', 'aria-label': 'Search files and folders', 'aria-expanded': 'false',
    'aria-controls': listId, 'aria-autocomplete': 'list', 'aria-describedby': statusId, enterkeyhint: 'search',
  });
  const list = h('ul', { id: listId, class: 'search-list', role: 'listbox', 'aria-label': 'Search results' });
  const status = h('p', { id: statusId, class: 'search-status', role: 'status' });
  const popup = h('div', { class: 'search-popup', hidden: true }, status, list);
  const clearBtn = h('button', {
    class: 'icon-btn search-clear', type: 'button', 'aria-label': 'Clear search', hidden: true,
    onclick: () => { input.value = ''; close(); clearBtn.hidden = true; input.focus(); },
  }, icon('close', { size: 18 }));
  const el = h('div', { class: 'search', role: 'search' },
    icon('search', { size: 20, className: 'search-icon' }), input, clearBtn, popup);

  function open() {
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function close() {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function setActive(index) {
    const options = [...list.querySelectorAll('[role=option]')];
    options.forEach((o, i) => o.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }
  function choose(result) {
    close();
    input.blur();
    if (result.type === 'folder') {
      app.navigate(folderHash(result.item.id || result.item._id));
    } else {
      const folder = result.item.folderId;
      const folderId = folder && typeof folder === 'object' ? folder._id : folder;
      app.navigate(folderHash(folderId || null, result.item._id));
    }
  }

  const run = debounce(async () => {
    const q = input.value.trim();
    if (!q) return;
    if (controller) controller.abort();
    controller = new AbortController();
    lastQuery = q;
    status.textContent = 'Searching…';
    if (document.activeElement === input) open();
    try {
      const data = await api(`/search?q=${encodeURIComponent(q)}&limit=20`, { signal: controller.signal });
      if (q !== input.value.trim()) return;
      results = [
        ...(data.folders || []).map((item) => ({ type: 'folder', item })),
        ...(data.files || []).map((item) => ({ type: 'file', item })),
      ];
      renderResults(q);
    } catch (e) {
      if (e.name === 'AbortError') return;
      status.textContent = e.message;
      mount(list);
    }
  }, 220);

  function renderResults(q) {
    status.textContent = results.length
      ? `${results.length} ${results.length === 1 ? 'result' : 'results'}`
      : `No files or folders match “${q}”`;
    mount(list, results.map((result, index) => {
      const { item, type } = result;
      const name = type === 'folder' ? item.name : item.originalName;
      let where;
      if (type === 'folder') {
        where = locationLabel(item.path);
      } else {
        const folder = item.folderId && typeof item.folderId === 'object' ? item.folderId : null;
        where = folder ? locationLabel(folder.path, folder.name) : 'My Drive';
      }
      const kind = type === 'folder' ? 'folder' : KIND_ICON[fileKind(item)];
      return h('li', {
        id: `${listId}-${index}`, class: 'search-option', role: 'option', 'aria-selected': 'false',
        dataset: { type, id: item._id },
        onmousedown: (event) => event.preventDefault(),
        onclick: () => choose(result),
      },
      h('span', { class: `kind-icon kind-${type === 'folder' ? 'folder' : fileKind(item)}` }, icon(kind, { size: 18 })),
      h('span', { class: 'search-text' },
        h('span', { class: 'search-name' }, highlighted(name, q)),
        h('span', { class: 'search-where', text: where })));
    }));
    setActive(-1);
    if (document.activeElement === input) open(); // a late answer does not reopen a dismissed list
  }

  input.addEventListener('input', () => {
    clearBtn.hidden = !input.value;
    if (!input.value.trim()) {
      run.cancel();
      if (controller) controller.abort();
      close();
      return;
    }
    run();
  });
  input.addEventListener('keydown', (event) => {
    const count = list.children.length;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (popup.hidden && input.value.trim()) { open(); return; }
      if (count) setActive((active + 1) % count);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      if (count) setActive(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!popup.hidden && results.length && input.value.trim() === lastQuery) choose(results[Math.max(0, active)]);
      else run();
    } else if (event.key === 'Escape') {
      run.cancel();
      if (controller) controller.abort();
      if (!popup.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) {
        input.value = '';
        clearBtn.hidden = true;
      }
    }
  });
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.children.length) open();
  });
  // closes a moment after the box loses focus (a click on a result lands first), unless the box has
  // the focus again by then: refocusing quickly must not lose the list the user is arrowing through
  input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) close(); }, 120));

  return {
    el,
    focus: () => input.focus(),
    destroy: () => { run.cancel(); if (controller) controller.abort(); },
  };
}
