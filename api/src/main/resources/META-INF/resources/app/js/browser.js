// A folder (or My Drive): breadcrumb, list and grid views, sorting, item menus, keyboard use,
// drag a file or folder onto a folder to move it, previews, and a selection (checkboxes, or
// Ctrl/Cmd+click) to download several items as one ZIP.

import { api } from './api.js';
import { h, mount, debounce, arrowNavigate } from './dom.js';
import { icon } from './icons.js';
import { formatSize, formatDate, formatLongDate, fileKind, KIND_ICON } from './format.js';
import { openMenu, loadFailed, retryButton } from './ui.js';
import { openPreview } from './preview.js';
import { lazyThumbnail } from './thumbs.js';
import {
  renameItem, moveItem, moveTo, trashItem, shareItem, downloadFile, downloadFolder, downloadItems, newFolder, nameOf,
  showVersions,
} from './actions.js';
import { folderHash } from './routes.js';

const PREFS_KEY = 'opendrive.prefs';
const DRAG_TYPE = 'application/x-opendrive-item';
let dragging = null; // {type, id} of the item being dragged inside the page

function loadPrefs() {
  try {
    const p = JSON.parse(localStorage.getItem(PREFS_KEY) || '{}');
    return {
      view: p.view === 'grid' ? 'grid' : 'list',
      sort: ['name', 'date', 'size'].includes(p.sort) ? p.sort : 'name',
      dir: p.dir === 'desc' ? 'desc' : 'asc',
    };
  } catch {
    return { view: 'list', sort: 'name', dir: 'asc' };
  }
}

function savePrefs(prefs) {
  localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
}

const SORT_LABELS = { name: 'Name', date: 'Last modified', size: 'Size' };
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const modified = (x) => Date.parse(x.updatedAt || x.createdAt || 0) || 0;

function attachThumbnail(wrap, file) {
  if (wrap.querySelector('.thumb-img')) return;
  wrap.classList.add('thumb');
  const img = h('img', { class: 'thumb-img', alt: '', decoding: 'async' });
  wrap.append(img);
  lazyThumbnail(img, file);
}

export function sortItems(items, type, { sort, dir }) {
  const sign = dir === 'desc' ? -1 : 1;
  const byName = (a, b) => collator.compare(nameOf(a, type), nameOf(b, type));
  const compare = {
    name: byName,
    date: (a, b) => modified(a) - modified(b) || byName(a, b),
    size: type === 'file' ? (a, b) => (a.size - b.size) || byName(a, b) : byName,
  }[sort];
  return [...items].sort((a, b) => sign * compare(a, b));
}

export class FolderView {
  constructor(app, folderId, highlight) {
    this.app = app;
    this.folderId = folderId || null;
    this.folderName = folderId ? '' : 'My Drive';
    this.highlight = highlight;
    this.prefs = loadPrefs();
    this.data = null;
    this.request = 0;
    this.byId = new Map();
    this.selected = new Set(); // ids of the checked items, kept across refreshes while they exist
    this.el = h('section', { class: 'view folder-view', 'aria-busy': 'true' });
    this.head = h('div', { class: 'view-head' });
    this.body = h('div', { class: 'view-body' });
    this.el.append(this.head, this.body);
    this.refreshSoon = debounce(() => this.refresh(), 300);
    this.bindEvents();
    this.renderSkeleton();
    this.refresh(highlight);
  }

  destroy() {
    this.destroyed = true;
    this.refreshSoon.cancel();
    clearTimeout(this.thumbTimer);
  }

  /**
   * Thumbnails are made in the background after an upload: while recent images still lack one,
   * look again a few times and put the thumbnails in place without redrawing the list.
   */
  watchThumbnails() {
    clearTimeout(this.thumbTimer);
    const waiting = (this.data.files || []).filter((f) => !f.hasThumbnail && fileKind(f) === 'image'
      && Date.now() - Date.parse(f.createdAt || 0) < 2 * 60_000);
    if (!waiting.length || (this.thumbPolls || 0) >= 15) {
      this.thumbPolls = 0;
      return;
    }
    this.thumbPolls = (this.thumbPolls || 0) + 1;
    this.thumbTimer = setTimeout(async () => {
      if (this.destroyed || document.hidden) return this.watchThumbnails();
      try {
        const files = this.folderId ? (await api(`/folders/${this.folderId}`)).files : await api('/files/folder/root');
        if (this.destroyed) return undefined;
        for (const fresh of files) {
          const entry = this.byId.get(fresh._id);
          if (!fresh.hasThumbnail || !entry || entry.item.hasThumbnail) continue;
          Object.assign(entry.item, { hasThumbnail: true, thumbnailGeneratedAt: fresh.thumbnailGeneratedAt });
          const li = this.body.querySelector(`.item[data-id="${CSS.escape(fresh._id)}"]`);
          const wrap = li && li.querySelector('.thumb-area, .kind-icon');
          if (wrap) attachThumbnail(wrap, entry.item);
        }
      } catch {
        // the next refresh will do
      }
      return this.watchThumbnails();
    }, 1500 + 500 * this.thumbPolls);
  }

  async refresh(highlight) {
    if (highlight) this.highlight = highlight;
    const request = ++this.request;
    try {
      let data;
      if (this.folderId) {
        data = await api(`/folders/${this.folderId}`);
      } else {
        const [subfolders, files] = await Promise.all([api('/folders'), api('/files/folder/root')]);
        data = { folder: null, subfolders, files, breadcrumb: [] };
      }
      if (this.destroyed || request !== this.request) return;
      this.data = data;
      this.folderName = data.folder ? data.folder.name : 'My Drive';
      this.render();
    } catch (e) {
      if (this.destroyed || request !== this.request) return;
      this.renderError(e);
    }
  }

  // ---------------------------------------------------------------- rendering

  renderSkeleton() {
    mount(this.head, h('div', { class: 'crumbs skeleton-line', 'aria-hidden': 'true' }));
    mount(this.body, h('ul', { class: 'items list skeleton', 'aria-hidden': 'true' },
      Array.from({ length: 6 }, () => h('li', { class: 'item skeleton-row' }, h('span'), h('span')))));
  }

  renderError(error) {
    this.el.removeAttribute('aria-busy');
    const missing = error.status === 404 || error.status === 400;
    document.title = 'OpenDrive';
    mount(this.head, this.breadcrumb([], missing ? 'Folder not found' : this.folderName || 'My Drive'));
    mount(this.body, loadFailed({
      title: missing ? 'This folder is not available' : 'Could not load this folder',
      message: missing ? 'It may have been moved to the trash or deleted.' : error.message,
      iconName: missing ? 'folder' : 'alert',
      action: h('div', { class: 'empty-actions' },
        missing ? h('a', { class: 'btn btn-primary', href: '#/', text: 'Go to My Drive' }) : retryButton(() => this.refresh())),
    }));
  }

  breadcrumb(trail, currentName) {
    const items = [];
    const all = this.folderId ? [{ id: null, name: 'My Drive' }, ...trail] : [];
    all.forEach((crumb) => {
      items.push(h('li', { class: 'crumb' },
        h('a', {
          class: 'crumb-link', href: folderHash(crumb.id), text: crumb.name,
          dataset: { dropFolder: crumb.id || '', dropName: crumb.name },
        })));
      items.push(h('li', { class: 'crumb-sep', 'aria-hidden': 'true' }, icon('chevron-right', { size: 18 })));
    });
    items.push(h('li', { class: 'crumb current' },
      h('h1', { class: 'view-title', 'aria-current': 'page', text: currentName, title: currentName })));
    return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', {}, items));
  }

  render() {
    const { folder, breadcrumb = [] } = this.data;
    const focused = this.focusedKey();
    this.el.removeAttribute('aria-busy');
    document.title = `${this.folderName} · OpenDrive`;
    const crumbs = breadcrumb.map((c) => ({ id: c.id || c._id, name: c.name }));
    if (folder) crumbs.pop(); // the API's breadcrumb ends with the current folder
    const folders = sortItems(this.data.subfolders || [], 'folder', this.prefs);
    const files = sortItems(this.data.files || [], 'file', this.prefs);
    this.byId = new Map([
      ...folders.map((f) => [f.id || f._id, { item: f, type: 'folder' }]),
      ...files.map((f) => [f._id, { item: f, type: 'file' }]),
    ]);
    this.files = files;
    this.crumbs = crumbs;
    this.counts = { folders: folders.length, files: files.length };
    for (const id of [...this.selected]) if (!this.byId.has(id)) this.selected.delete(id);

    if (!folders.length && !files.length) {
      mount(this.body, this.emptyState());
    } else if (this.prefs.view === 'grid') {
      mount(this.body,
        folders.length && h('h2', { class: 'section-title', text: 'Folders' }),
        folders.length && h('ul', { class: 'items grid grid-folders', 'aria-label': 'Folders' },
          folders.map((f) => this.folderTile(f))),
        files.length && h('h2', { class: 'section-title', text: 'Files' }),
        files.length && h('ul', { class: 'items grid grid-files', 'aria-label': 'Files' },
          files.map((f) => this.fileCard(f))));
    } else {
      mount(this.body,
        this.listHeader(),
        h('ul', { class: 'items list', 'aria-label': `Contents of ${this.folderName}` },
          folders.map((f) => this.listRow(f, 'folder')),
          files.map((f) => this.listRow(f, 'file'))));
    }
    this.renderHead();
    this.restoreFocus(focused);
    this.applyHighlight();
    this.watchThumbnails();
  }

  /** The breadcrumb, then the selection bar while something is selected, else the view tools. */
  renderHead() {
    const { folders, files } = this.counts;
    const count = [
      folders ? `${folders} ${folders === 1 ? 'folder' : 'folders'}` : null,
      files ? `${files} ${files === 1 ? 'file' : 'files'}` : null,
    ].filter(Boolean).join(', ');
    mount(this.head, this.breadcrumb(this.crumbs, this.folderName),
      this.selected.size ? this.selectionBar() : this.tools(count));
    this.el.classList.toggle('selecting', this.selected.size > 0);
    const all = this.body.querySelector('.select-all');
    if (all) {
      all.checked = this.selected.size > 0 && this.selected.size === this.byId.size;
      all.indeterminate = this.selected.size > 0 && this.selected.size < this.byId.size;
    }
  }

  selectionBar() {
    const n = this.selected.size;
    return h('div', { class: 'selection-bar', role: 'toolbar', 'aria-label': 'Selection', 'data-testid': 'selection-bar' },
      h('button', {
        class: 'icon-btn', type: 'button', 'aria-label': 'Clear selection', title: 'Clear selection',
        onclick: () => this.setSelected([...this.selected], false),
      }, icon('close', { size: 18 })),
      h('span', { class: 'selection-count', role: 'status', text: `${n} selected` }),
      h('button', {
        class: 'btn btn-primary btn-small', type: 'button', 'data-testid': 'download-selection',
        onclick: () => downloadItems([...this.selected].map((id) => this.byId.get(id)).filter(Boolean)),
      }, icon('download', { size: 18 }), h('span', { text: `Download (${n})` })));
  }

  /** Checks or unchecks items by id, and shows it on their rows and in the head. */
  setSelected(ids, on) {
    for (const id of ids) {
      if (on) this.selected.add(id);
      else this.selected.delete(id);
      const li = this.body.querySelector(`.item[data-id="${CSS.escape(id)}"]`);
      if (li) {
        li.classList.toggle('selected', on);
        const box = li.querySelector('.item-check');
        if (box) box.checked = on;
      }
    }
    this.renderHead();
  }

  tools(count) {
    const { sort, dir, view } = this.prefs;
    const sortBtn = h('button', {
      class: 'btn btn-ghost btn-small sort-btn', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'aria-label': `Sort by: ${SORT_LABELS[sort]}`,
      onclick: () => openMenu(['name', 'date', 'size'].map((key) => ({
        label: SORT_LABELS[key], icon: key === sort ? 'check' : undefined, testId: `sort-${key}`,
        run: () => this.setPrefs({ sort: key, dir: key === 'name' ? 'asc' : 'desc' }),
      })), { trigger: sortBtn, label: 'Sort by' }),
    }, icon('sort', { size: 18 }), h('span', { class: 'hide-small', text: SORT_LABELS[sort] }));
    const dirBtn = h('button', {
      class: 'icon-btn', type: 'button', 'data-testid': 'sort-direction',
      'aria-label': dir === 'asc' ? 'Ascending order: switch to descending' : 'Descending order: switch to ascending',
      title: dir === 'asc' ? 'Ascending' : 'Descending',
      onclick: () => this.setPrefs({ dir: dir === 'asc' ? 'desc' : 'asc' }),
    }, icon(dir === 'asc' ? 'arrow-up' : 'arrow-down', { size: 18 }));
    const toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Layout' },
      h('button', {
        class: 'seg', type: 'button', 'aria-pressed': String(view === 'list'), 'aria-label': 'List view',
        title: 'List view', onclick: () => this.setPrefs({ view: 'list' }),
      }, icon('list', { size: 18 })),
      h('button', {
        class: 'seg', type: 'button', 'aria-pressed': String(view === 'grid'), 'aria-label': 'Grid view',
        title: 'Grid view', onclick: () => this.setPrefs({ view: 'grid' }),
      }, icon('grid', { size: 18 })));
    return h('div', { class: 'view-tools' },
      count && h('span', { class: 'muted count hide-small', text: count }),
      sortBtn, dirBtn, toggle);
  }

  setPrefs(change) {
    this.prefs = { ...this.prefs, ...change };
    savePrefs(this.prefs);
    if (this.data) this.render();
  }

  listHeader() {
    const { sort, dir } = this.prefs;
    const col = (key, label, className) => h('button', {
      class: `col ${className}${sort === key ? ' sorted' : ''}`, type: 'button',
      'aria-label': `Sort by ${label.toLowerCase()}${sort === key ? `, currently ${dir === 'asc' ? 'ascending' : 'descending'}` : ''}`,
      onclick: () => this.setPrefs(sort === key ? { dir: dir === 'asc' ? 'desc' : 'asc' }
        : { sort: key, dir: key === 'name' ? 'asc' : 'desc' }),
    }, h('span', { text: label }), sort === key && icon(dir === 'asc' ? 'arrow-up' : 'arrow-down', { size: 14 }));
    const all = h('input', {
      type: 'checkbox', class: 'select-all', 'aria-label': 'Select all',
      onchange: () => this.setSelected([...this.byId.keys()], all.checked),
    });
    return h('div', { class: 'list-head' }, all,
      col('name', 'Name', 'col-name'), col('date', 'Modified', 'col-date'), col('size', 'Size', 'col-size'),
      h('span', { class: 'col col-actions' }));
  }

  itemIcon(item, type, size = 20) {
    if (type === 'folder') return h('span', { class: 'kind-icon kind-folder' }, icon('folder', { size }));
    const kind = fileKind(item);
    const wrap = h('span', { class: `kind-icon kind-${kind}` }, icon(KIND_ICON[kind], { size }));
    if (item.hasThumbnail) attachThumbnail(wrap, item);
    return wrap;
  }

  itemShell(item, type, className, main) {
    const id = type === 'folder' ? item.id || item._id : item._id;
    const name = nameOf(item, type);
    const selected = this.selected.has(id);
    const li = h('li', {
      class: `item ${className}${selected ? ' selected' : ''}`, draggable: 'true',
      dataset: { id, type, name, ...(type === 'folder' ? { dropFolder: id, dropName: name } : {}) },
    },
    h('label', { class: 'item-select', title: `Select ${name}` },
      h('input', { type: 'checkbox', class: 'item-check', checked: selected, 'aria-label': `Select ${name}` })),
    main,
    h('button', {
      class: 'icon-btn item-more', type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
      'aria-label': `More actions for ${name}`, title: 'More actions',
    }, icon('more', { size: 20 })));
    return li;
  }

  sharedBadge(item) {
    return item.isShared ? h('span', { class: 'shared-badge', title: 'Shared with a link' },
      icon('link', { size: 14, label: 'Shared' })) : null;
  }

  listRow(item, type) {
    const name = nameOf(item, type);
    const main = h('button', { class: 'item-main', type: 'button', title: name },
      this.itemIcon(item, type),
      h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: name }), this.sharedBadge(item)),
      h('span', { class: 'item-date', text: formatDate(item.updatedAt || item.createdAt), title: formatLongDate(item.updatedAt || item.createdAt) }),
      h('span', { class: 'item-size', text: type === 'file' ? formatSize(item.size) : '—' }));
    return this.itemShell(item, type, 'row', main);
  }

  folderTile(folder) {
    const main = h('button', { class: 'item-main', type: 'button', title: folder.name },
      this.itemIcon(folder, 'folder', 22),
      h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: folder.name }), this.sharedBadge(folder)));
    return this.itemShell(folder, 'folder', 'tile', main);
  }

  fileCard(file) {
    const kind = fileKind(file);
    const thumb = h('span', { class: `thumb-area kind-${kind}` }, icon(KIND_ICON[kind], { size: 48, className: 'thumb-icon' }));
    if (file.hasThumbnail) attachThumbnail(thumb, file);
    const main = h('button', { class: 'item-main', type: 'button', title: file.originalName },
      thumb,
      h('span', { class: 'card-foot' },
        h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: file.originalName }), this.sharedBadge(file))),
      h('span', { class: 'card-meta muted', text: `${formatSize(file.size)} · ${formatDate(file.updatedAt || file.createdAt)}` }));
    return this.itemShell(file, 'file', 'card', main);
  }

  emptyState() {
    const root = !this.folderId;
    return h('div', { class: 'empty', 'data-drop-folder': this.folderId || '', 'data-testid': 'empty-state' },
      h('span', { class: 'empty-art' }, icon(root ? 'cloud' : 'folder', { size: 48 })),
      h('h2', { class: 'empty-title', text: root ? 'Welcome to your drive' : 'This folder is empty' }),
      h('p', { class: 'muted', text: 'Drop files here, or use the buttons below.' }),
      h('div', { class: 'empty-actions' },
        h('button', { class: 'btn btn-primary', type: 'button', onclick: () => this.app.pickFiles() },
          icon('upload', { size: 18 }), h('span', { text: 'Upload files' })),
        h('button', { class: 'btn', type: 'button', onclick: () => newFolder(this.app, this.folderId) },
          icon('folder-plus', { size: 18 }), h('span', { text: 'New folder' }))));
  }

  // ---------------------------------------------------------------- focus & highlight

  focusedKey() {
    const active = document.activeElement;
    if (!active || !this.body.contains(active)) return null;
    const li = active.closest('.item');
    return li ? { id: li.dataset.id, more: active.classList.contains('item-more') } : null;
  }

  restoreFocus(key) {
    if (!key) return;
    const li = this.body.querySelector(`.item[data-id="${CSS.escape(key.id)}"]`);
    const target = li && li.querySelector(key.more ? '.item-more' : '.item-main');
    if (target) target.focus({ preventScroll: true });
  }

  applyHighlight() {
    if (!this.highlight) return;
    const li = this.body.querySelector(`.item[data-id="${CSS.escape(this.highlight)}"]`);
    this.highlight = null;
    history.replaceState(null, '', folderHash(this.folderId));
    if (!li) return;
    li.classList.add('flash');
    li.scrollIntoView({ block: 'center' });
    li.querySelector('.item-main').focus({ preventScroll: true });
    setTimeout(() => li.classList.remove('flash'), 2600);
  }

  // ---------------------------------------------------------------- actions

  entryOf(el) {
    const li = el.closest('.item');
    return li ? this.byId.get(li.dataset.id) : null;
  }

  open(entry) {
    const { item, type } = entry;
    if (type === 'folder') {
      this.app.navigate(folderHash(item.id || item._id));
      return;
    }
    openPreview(this.files, this.files.indexOf(item), {
      source: (file) => ({ url: `/api/files/${file._id}/download`, auth: true }),
      download: (file) => downloadFile(file),
    });
  }

  menuItems(entry) {
    const { item, type } = entry;
    const app = this.app;
    return [
      type === 'folder'
        ? { label: 'Open', icon: 'folder', testId: 'open', run: () => this.open(entry) }
        : { label: 'Preview', icon: 'eye', testId: 'preview', run: () => this.open(entry) },
      {
        label: type === 'folder' ? 'Download as ZIP' : 'Download', icon: 'download', testId: 'download',
        run: () => (type === 'folder' ? downloadFolder(item) : downloadFile(item)),
      },
      'separator',
      { label: 'Rename', icon: 'edit', testId: 'rename', run: () => renameItem(app, item, type) },
      { label: 'Move to…', icon: 'folder-move', testId: 'move', run: () => moveItem(app, item, type) },
      { label: item.isShared ? 'Share settings' : 'Share', icon: 'link', testId: 'share', run: () => shareItem(app, item, type) },
      type === 'file' && { label: 'Versions', icon: 'history', testId: 'versions', run: () => showVersions(app, item) },
      'separator',
      { label: 'Move to trash', icon: 'trash', danger: true, testId: 'trash', run: () => trashItem(app, item, type) },
    ].filter(Boolean);
  }

  showMenu(entry, at) {
    openMenu(this.menuItems(entry), { ...at, label: `Actions for ${nameOf(entry.item, entry.type)}` });
  }

  bindEvents() {
    const el = this.el;
    el.addEventListener('click', (event) => {
      const more = event.target.closest('.item-more');
      if (more) {
        const entry = this.entryOf(more);
        if (entry) this.showMenu(entry, { trigger: more });
        return;
      }
      const main = event.target.closest('.item-main');
      if (main) {
        const entry = this.entryOf(main);
        if (!entry) return;
        if (event.ctrlKey || event.metaKey) {
          const id = main.closest('.item').dataset.id;
          this.setSelected([id], !this.selected.has(id));
        } else {
          this.open(entry);
        }
      }
    });
    el.addEventListener('change', (event) => {
      if (!event.target.classList.contains('item-check')) return;
      this.setSelected([event.target.closest('.item').dataset.id], event.target.checked);
    });
    el.addEventListener('contextmenu', (event) => {
      const entry = event.target.closest('.item') && this.entryOf(event.target);
      if (!entry) return;
      event.preventDefault();
      this.showMenu(entry, { x: event.clientX, y: event.clientY });
    });
    el.addEventListener('keydown', (event) => {
      const main = event.target.closest('.item-main');
      if (!main) return;
      const entry = this.entryOf(main);
      if (!entry) return;
      if (event.key === 'Escape' && this.selected.size) {
        event.preventDefault();
        this.setSelected([...this.selected], false);
      } else if (event.key === 'F2') {
        event.preventDefault();
        renameItem(this.app, entry.item, entry.type);
      } else if (event.key === 'Delete') {
        event.preventDefault();
        trashItem(this.app, entry.item, entry.type);
      } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
        event.preventDefault();
        this.showMenu(entry, { trigger: main.parentElement.querySelector('.item-more') });
      } else {
        const mains = [...this.body.querySelectorAll('.item-main')];
        const list = main.closest('.items');
        const columns = list && list.classList.contains('grid')
          ? Math.max(1, Math.round(list.clientWidth / (main.closest('.item').offsetWidth || 1))) : 1;
        const scope = columns > 1 ? [...list.querySelectorAll('.item-main')] : mains;
        arrowNavigate(event, scope, { columns });
      }
    });

    // Drag an item onto a folder (a row, a tile or a breadcrumb link) to move it there.
    el.addEventListener('dragstart', (event) => {
      const li = event.target.closest && event.target.closest('.item');
      if (!li) return;
      dragging = { id: li.dataset.id, type: li.dataset.type };
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(dragging));
      event.dataTransfer.setData('text/plain', li.dataset.name || '');
      li.classList.add('dragging');
    });
    el.addEventListener('dragend', (event) => {
      const li = event.target.closest && event.target.closest('.item');
      if (li) li.classList.remove('dragging');
      dragging = null;
      el.querySelectorAll('.drop-hover').forEach((n) => n.classList.remove('drop-hover'));
    });
    const targetOf = (event) => {
      const target = event.target.closest && event.target.closest('[data-drop-folder]');
      if (!target || !el.contains(target)) return null;
      const types = [...event.dataTransfer.types];
      if (types.includes(DRAG_TYPE)) {
        if (!dragging || target.dataset.dropFolder === dragging.id) return null;
        return target;
      }
      return types.includes('Files') ? target : null;
    };
    el.addEventListener('dragover', (event) => {
      const target = targetOf(event);
      if (!target) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = [...event.dataTransfer.types].includes(DRAG_TYPE) ? 'move' : 'copy';
      if (!target.classList.contains('drop-hover')) {
        el.querySelectorAll('.drop-hover').forEach((n) => n.classList.remove('drop-hover'));
        target.classList.add('drop-hover');
      }
    });
    el.addEventListener('dragleave', (event) => {
      const target = event.target.closest && event.target.closest('[data-drop-folder]');
      if (target && !target.contains(event.relatedTarget)) target.classList.remove('drop-hover');
    });
    el.addEventListener('drop', (event) => {
      const target = targetOf(event);
      el.querySelectorAll('.drop-hover').forEach((n) => n.classList.remove('drop-hover'));
      if (!target || ![...event.dataTransfer.types].includes(DRAG_TYPE)) return; // files: the page handler uploads
      event.preventDefault();
      event.stopPropagation();
      let payload = dragging;
      try {
        payload = JSON.parse(event.dataTransfer.getData(DRAG_TYPE)) || dragging;
      } catch {
        // keep the in-page record
      }
      dragging = null;
      const entry = payload && this.byId.get(payload.id);
      const folderId = target.dataset.dropFolder || null;
      if (!entry) return;
      const current = entry.type === 'folder' ? entry.item.parentId || null : entry.item.folderId || null;
      if (current === folderId) return;
      moveTo(this.app, entry.item, entry.type, folderId, target.dataset.dropName);
    });
  }
}
