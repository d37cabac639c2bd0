// The trash: restore, delete forever, empty the trash.

import { api } from './api.js';
import { h, mount } from './dom.js';
import { icon } from './icons.js';
import { formatSize, formatDate, formatLongDate, fileKind, KIND_ICON } from './format.js';
import { toast, toastError, confirmDialog, loadFailed, retryButton } from './ui.js';

export class TrashView {
  constructor(app) {
    this.app = app;
    this.folderId = undefined; // uploads from here go to My Drive
    this.el = h('section', { class: 'view trash-view', 'aria-busy': 'true' });
    this.head = h('div', { class: 'view-head' });
    this.body = h('div', { class: 'view-body' });
    this.el.append(this.head, this.body);
    this.refreshSoon = () => this.refresh();
    document.title = 'Trash · OpenDrive';
    this.refresh();
  }

  destroy() {
    this.destroyed = true;
  }

  async refresh() {
    try {
      const [folders, files] = await Promise.all([api('/folders/trash/list'), api('/files/trash/list')]);
      if (this.destroyed) return;
      this.items = [
        ...folders.map((item) => ({ item, type: 'folder' })),
        ...files.map((item) => ({ item, type: 'file' })),
      ].sort((a, b) => Date.parse(b.item.deletedAt || 0) - Date.parse(a.item.deletedAt || 0));
      this.render();
    } catch (e) {
      if (this.destroyed) return;
      this.el.removeAttribute('aria-busy');
      mount(this.body, loadFailed({ title: 'Could not load the trash', message: e.message, action: retryButton(() => this.refresh()) }));
    }
  }

  render() {
    this.el.removeAttribute('aria-busy');
    const empty = h('button', {
      class: 'btn btn-danger-ghost', type: 'button', disabled: !this.items.length, 'data-testid': 'empty-trash',
      onclick: () => this.emptyTrash(),
    }, icon('trash', { size: 18 }), h('span', { text: 'Empty trash' }));
    mount(this.head,
      h('div', { class: 'trash-title' },
        h('h1', { class: 'view-title', text: 'Trash' }),
        h('p', { class: 'muted', text: 'Items stay here until you restore them or delete them forever.' })),
      h('div', { class: 'view-tools' }, empty));
    if (!this.items.length) {
      mount(this.body, h('div', { class: 'empty', 'data-testid': 'empty-state' },
        h('span', { class: 'empty-art' }, icon('trash', { size: 46 })),
        h('h2', { class: 'empty-title', text: 'Trash is empty' }),
        h('p', { class: 'muted', text: 'Files and folders you delete will show up here.' })));
      return;
    }
    mount(this.body,
      h('div', { class: 'list-head' },
        h('span', { class: 'col col-name', text: 'Name' }),
        h('span', { class: 'col col-date', text: 'Deleted' }),
        h('span', { class: 'col col-size', text: 'Size' }),
        h('span', { class: 'col col-actions wide' })),
      h('ul', { class: 'items list trash-list', 'aria-label': 'Items in the trash' },
        this.items.map((entry) => this.row(entry))));
  }

  row({ item, type }) {
    const name = type === 'folder' ? item.name : item.originalName;
    const kind = type === 'folder' ? 'folder' : fileKind(item);
    return h('li', { class: 'item row', dataset: { id: item._id, type, name } },
      h('div', { class: 'item-main static' },
        h('span', { class: `kind-icon kind-${kind}` }, icon(type === 'folder' ? 'folder' : KIND_ICON[kind], { size: 20 })),
        h('span', { class: 'item-name' }, h('span', { class: 'item-name-text', text: name, title: name })),
        h('span', { class: 'item-date', text: formatDate(item.deletedAt), title: formatLongDate(item.deletedAt) }),
        h('span', { class: 'item-size', text: type === 'file' ? formatSize(item.size) : '—' })),
      h('div', { class: 'row-actions' },
        h('button', {
          class: 'btn btn-small btn-ghost', type: 'button', 'aria-label': `Restore ${name}`, 'data-action': 'restore',
          onclick: () => this.restore(item, type, name),
        }, icon('restore', { size: 18 }), h('span', { class: 'hide-small', text: 'Restore' })),
        h('button', {
          class: 'btn btn-small btn-danger-ghost', type: 'button', 'aria-label': `Delete ${name} forever`,
          'data-action': 'delete-forever', onclick: () => this.deleteForever(item, type, name),
        }, icon('trash', { size: 18 }), h('span', { class: 'hide-small', text: 'Delete forever' }))));
  }

  async restore(item, type, name) {
    try {
      await api(`/${type === 'folder' ? 'folders' : 'files'}/${item._id}/restore`, { method: 'POST' });
      toast(`“${name}” restored`, { type: 'success' });
      this.refresh();
      this.app.refreshStats();
    } catch (e) {
      toastError(e, 'Could not restore');
    }
  }

  async deleteForever(item, type, name) {
    const ok = await confirmDialog({
      title: 'Delete forever?',
      message: type === 'folder'
        ? `“${name}” and everything in it will be deleted forever. This cannot be undone.`
        : `“${name}” will be deleted forever. This cannot be undone.`,
      confirmText: 'Delete forever', danger: true,
    });
    if (!ok) return;
    try {
      await api(`/${type === 'folder' ? 'folders' : 'files'}/${item._id}/permanent`, { method: 'DELETE' });
      toast(`“${name}” deleted forever`, { type: 'success' });
      this.refresh();
      this.app.refreshStats();
    } catch (e) {
      toastError(e, 'Could not delete');
    }
  }

  async emptyTrash() {
    const ok = await confirmDialog({
      title: 'Empty trash?',
      message: `All ${this.items.length} ${this.items.length === 1 ? 'item' : 'items'} in the trash will be deleted forever. This cannot be undone.`,
      confirmText: 'Empty trash', danger: true,
    });
    if (!ok) return;
    try {
      await api('/files/trash/empty', { method: 'POST' });
      await api('/folders/trash/empty', { method: 'POST' });
      toast('Trash emptied', { type: 'success' });
    } catch (e) {
      toastError(e, 'Could not empty the trash');
    }
    this.refresh();
    this.app.refreshStats();
  }
}
