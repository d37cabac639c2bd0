// Settings: app passwords for WebDAV clients (create and show the secret once, list, revoke) and
// the WebDAV address to give those clients.

import { api, getSession } from './api.js';
import { h, mount } from './dom.js';
import { icon } from './icons.js';
import { formatLongDate } from './format.js';
import { toast, toastError, confirmDialog, copyText, loadFailed, retryButton } from './ui.js';

export class SettingsView {
  constructor(app) {
    this.app = app;
    this.folderId = undefined; // uploads from here go to My Drive
    this.el = h('section', { class: 'view settings-view', 'aria-busy': 'true', 'data-testid': 'settings' });
    this.head = h('div', { class: 'view-head' },
      h('div', {}, h('h1', { class: 'view-title', text: 'Settings' })));
    this.body = h('div', { class: 'view-body settings-body' });
    this.el.append(this.head, this.body);
    this.refreshSoon = () => this.refresh();
    this.created = null;
    document.title = 'Settings · OpenDrive';
    this.refresh();
  }

  destroy() {
    this.destroyed = true;
  }

  async refresh() {
    try {
      this.passwords = await api('/auth/app-passwords');
      if (this.destroyed) return;
      this.render();
    } catch (e) {
      if (this.destroyed) return;
      this.el.removeAttribute('aria-busy');
      mount(this.body, loadFailed({ title: 'Could not load your app passwords', message: e.message, action: retryButton(() => this.refresh()) }));
    }
  }

  render() {
    this.el.removeAttribute('aria-busy');
    const davUrl = `${location.origin}/dav/`;
    const email = (getSession().user || {}).email || '';
    const urlField = h('input', {
      class: 'input mono', type: 'text', readonly: true, value: davUrl, 'aria-label': 'WebDAV address',
      'data-testid': 'dav-url',
    });
    const address = h('section', { class: 'settings-card', 'aria-labelledby': 'dav-title' },
      h('h2', { id: 'dav-title', class: 'settings-title', text: 'WebDAV' }),
      h('p', { class: 'muted', text: 'Connect a file manager or a sync tool (Finder, Windows, rclone, davfs2) to '
        + 'this address with your email and an app password.' }),
      h('div', { class: 'copy-row' }, urlField,
        h('button', { class: 'btn', type: 'button', onclick: () => this.copy(davUrl, urlField) },
          icon('copy', { size: 18 }), h('span', { text: 'Copy' }))),
      h('p', { class: 'muted small' }, 'User name: ', h('strong', { text: email })));

    const nameInput = h('input', {
      class: 'input', type: 'text', maxlength: '100', required: true, placeholder: 'e.g. Laptop rclone',
      'aria-label': 'Name of the new app password', 'data-testid': 'app-password-name',
    });
    const form = h('form', {
      class: 'copy-row', onsubmit: (event) => { event.preventDefault(); this.create(nameInput); },
    }, nameInput, h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'create-app-password' },
      icon('plus', { size: 18 }), h('span', { text: 'Create' })));

    const parts = [
      h('h2', { id: 'app-pw-title', class: 'settings-title', text: 'App passwords' }),
      h('p', { class: 'muted', text: 'An app password opens WebDAV only: it cannot sign in here or change your '
        + 'account. Give each device its own, and revoke one when the device is gone.' }),
      form,
    ];
    if (this.created) {
      const secretField = h('input', {
        class: 'input mono', type: 'text', readonly: true, value: this.created.password,
        'aria-label': 'The new app password', 'data-testid': 'new-app-password',
      });
      parts.push(h('div', { class: 'secret-once', role: 'status' },
        h('p', {}, h('strong', { text: `“${this.created.name}” created.` }),
          ' Copy it now: it will not be shown again.'),
        h('div', { class: 'copy-row' }, secretField,
          h('button', { class: 'btn', type: 'button', onclick: () => this.copy(this.created.password, secretField) },
            icon('copy', { size: 18 }), h('span', { text: 'Copy' })))));
    }
    if (!this.passwords.length) {
      parts.push(h('p', { class: 'muted', 'data-testid': 'no-app-passwords', text: 'No app passwords yet.' }));
    } else {
      parts.push(h('ul', { class: 'app-passwords', 'data-testid': 'app-passwords' },
        ...this.passwords.map((p) => h('li', { class: 'app-password', 'data-testid': 'app-password' },
          h('div', { class: 'app-password-text' },
            h('span', { class: 'app-password-name', text: p.name }),
            h('span', { class: 'muted small', text: `Created ${formatLongDate(p.createdAt)} · `
              + (p.lastUsedAt ? `last used ${formatLongDate(p.lastUsedAt)}` : 'never used') })),
          h('button', {
            class: 'btn btn-danger-ghost', type: 'button', 'aria-label': `Revoke ${p.name}`,
            'data-testid': 'revoke-app-password', onclick: () => this.revoke(p),
          }, h('span', { text: 'Revoke' }))))));
    }
    mount(this.body, address, h('section', { class: 'settings-card', 'aria-labelledby': 'app-pw-title' }, ...parts));
  }

  async copy(text, field) {
    if (await copyText(text, field)) toast('Copied');
  }

  async create(nameInput) {
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      return;
    }
    try {
      this.created = await api('/auth/app-passwords', { method: 'POST', body: { name } });
      await this.refresh();
    } catch (e) {
      toastError(e, 'Could not create the app password');
    }
  }

  async revoke(p) {
    const ok = await confirmDialog({
      title: 'Revoke app password?',
      message: `Devices using “${p.name}” lose access to WebDAV at once.`,
      confirmText: 'Revoke', danger: true,
    });
    if (!ok) return;
    try {
      await api(`/auth/app-passwords/${p.id}`, { method: 'DELETE' });
      if (this.created && this.created.id === p.id) this.created = null;
      toast(`Revoked “${p.name}”`);
      await this.refresh();
    } catch (e) {
      toastError(e, 'Could not revoke the app password');
    }
  }
}
