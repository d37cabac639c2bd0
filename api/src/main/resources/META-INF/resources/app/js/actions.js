// What a user can do to a file or folder: create, rename, move, trash, share, download (a folder
// or several items as one ZIP the server streams).

import { api, fetchBlob, saveBlob } from './api.js';
import { h, mount, nextId } from './dom.js';
import { icon } from './icons.js';
import { baseNameLength, formatSize, formatLongDate } from './format.js';
import { toast, toastError, promptDialog, modal, copyText, confirmDialog } from './ui.js';

export const nameOf = (item, type) => (type === 'folder' ? item.name : item.originalName);
const idOf = (item) => item._id || item.id;
const base = (type) => (type === 'folder' ? '/folders' : '/files');

export async function newFolder(app, parentId) {
  const created = await promptDialog({
    title: 'New folder', label: 'Folder name', value: 'Untitled folder', confirmText: 'Create',
    submit: (name) => api('/folders', { method: 'POST', body: { name, parentId: parentId || null } }),
  });
  if (created) {
    toast(`Folder “${created.name}” created`, { type: 'success' });
    app.refresh();
  }
  return created;
}

export async function renameItem(app, item, type) {
  const current = nameOf(item, type);
  const updated = await promptDialog({
    title: type === 'folder' ? 'Rename folder' : 'Rename file', label: 'New name', value: current,
    confirmText: 'Rename', selectLength: type === 'folder' ? current.length : baseNameLength(current),
    submit: (name) => (name === current ? item
      : api(`${base(type)}/${idOf(item)}`, { method: 'PUT', body: { name } })),
  });
  if (updated && nameOf(updated, type) !== current) {
    toast(`Renamed to “${nameOf(updated, type)}”`, { type: 'success' });
    app.refresh();
  }
}

/** Moves to folderId (null = My Drive). Returns true when it moved. */
export async function moveTo(app, item, type, folderId, folderName) {
  try {
    const body = type === 'folder' ? { parentId: folderId || null } : { folderId: folderId || null };
    await api(`${base(type)}/${idOf(item)}`, { method: 'PUT', body });
    toast(`Moved “${nameOf(item, type)}” to ${folderName || 'My Drive'}`, { type: 'success' });
    app.refresh();
    return true;
  } catch (e) {
    toastError(e, 'Could not move');
    return false;
  }
}

export async function moveItem(app, item, type) {
  const target = await pickFolder({
    title: `Move “${nameOf(item, type)}”`,
    exclude: type === 'folder' ? idOf(item) : null,
    current: type === 'folder' ? item.parentId || null : item.folderId || null,
  });
  if (target) await moveTo(app, item, type, target.id, target.name);
}

export async function trashItem(app, item, type) {
  try {
    await api(`${base(type)}/${idOf(item)}`, { method: 'DELETE' });
    toast(`“${nameOf(item, type)}” moved to trash`, {
      action: {
        label: 'Undo',
        run: async () => {
          try {
            await api(`${base(type)}/${idOf(item)}/restore`, { method: 'POST' });
            toast(`“${nameOf(item, type)}” restored`, { type: 'success' });
            app.refresh();
          } catch (e) {
            toastError(e, 'Could not restore');
          }
        },
      },
    });
    app.refresh();
  } catch (e) {
    toastError(e, 'Could not move to trash');
  }
}

export async function downloadFile(file) {
  const name = file.originalName;
  const dismiss = file.size > 5 * 1024 * 1024 ? toast(`Downloading “${name}”…`, { timeout: 0 }) : null;
  try {
    const { blob } = await fetchBlob(`/api/files/${idOf(file)}/download`, { type: file.mimeType });
    saveBlob(blob, name);
  } catch (e) {
    toastError(e, 'Download failed');
  } finally {
    if (dismiss) dismiss();
  }
}

/**
 * Fetches a ZIP the server builds as it sends (no Content-Length, so progress is in bytes so far),
 * with a toast that shows it and can cancel it, then saves it under the server's name.
 */
async function downloadZip(url, { json, label, fallbackName }) {
  const controller = new AbortController();
  const progress = toast(`Preparing ${label}…`, {
    timeout: 0, action: { label: 'Cancel', run: () => controller.abort() },
  });
  try {
    const { blob, fileName } = await fetchBlob(url, {
      json, type: 'application/zip', signal: controller.signal,
      onProgress: (loaded) => progress.update(`Downloading ${label}… ${formatSize(loaded)}`),
    });
    saveBlob(blob, fileName || fallbackName);
  } catch (e) {
    toastError(e, 'Download failed');
  } finally {
    progress();
  }
}

/** A folder and everything in it, as “<name>.zip”. */
export function downloadFolder(folder) {
  return downloadZip(`/api/folders/${idOf(folder)}/download`, {
    label: `“${folder.name}.zip”`, fallbackName: `${folder.name}.zip`,
  });
}

/**
 * Several items ([{item, type}]): one file downloads as itself, one folder as its ZIP, anything
 * more as one ZIP with each folder as a directory.
 */
export function downloadItems(entries) {
  if (entries.length === 1) {
    const [{ item, type }] = entries;
    return type === 'folder' ? downloadFolder(item) : downloadFile(item);
  }
  const fileIds = entries.filter((e) => e.type === 'file').map((e) => idOf(e.item));
  const folderIds = entries.filter((e) => e.type === 'folder').map((e) => idOf(e.item));
  return downloadZip('/api/files/download', {
    json: { fileIds, folderIds }, label: `${entries.length} items`, fallbackName: 'drive-download.zip',
  });
}

export function shareUrlOf(shareId) {
  return `${location.origin}/public/${encodeURIComponent(shareId)}`;
}

/** A Date as the value of an <input type="datetime-local"> (local time, to the minute). */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Who can do what with the link, in one sentence pair for the dialog's head. */
function shareSummary(link) {
  const who = link && link.hasPassword ? 'Anyone with the link and its password' : 'Anyone with the link';
  const what = link && link.mode === 'drop'
    ? 'can upload files into this folder, without an account. They cannot see what is in it.'
    : 'can view and download, no account needed.';
  const rules = [];
  if (link && link.expiresAt) {
    rules.push(new Date(link.expiresAt) <= new Date() ? 'Expired' : `Expires ${formatLongDate(link.expiresAt)}`);
  }
  if (link && link.maxDownloads) rules.push(`${link.downloadCount} of ${link.maxDownloads} downloads used`);
  else if (link && link.downloadCount) rules.push(`Downloaded ${link.downloadCount} ${link.downloadCount === 1 ? 'time' : 'times'}`);
  return { who, what, rules };
}

/**
 * The link's settings (POST/PATCH /:id/share): password, expiry, download limit and, for a folder,
 * upload-only ("file drop"). Only what changed is sent; the password is never shown, only whether
 * there is one.
 */
function shareSettingsForm(item, type, link, onSaved) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  const toggled = (checkbox, ...fields) => {
    const sync = () => fields.forEach((f) => { f.hidden = !checkbox.checked; });
    checkbox.addEventListener('change', sync);
    sync();
  };

  const modeView = h('input', { type: 'radio', name: 'share-mode', value: 'view', checked: link.mode !== 'drop', 'data-testid': 'share-mode-view' });
  const modeDrop = h('input', { type: 'radio', name: 'share-mode', value: 'drop', checked: link.mode === 'drop', 'data-testid': 'share-mode-drop' });
  const modeField = type === 'folder' && h('fieldset', { class: 'share-option share-modes' },
    h('legend', { class: 'field-label', text: 'Visitors can' }),
    h('label', { class: 'check' }, modeView, h('span', { text: 'View and download' })),
    h('label', { class: 'check' }, modeDrop, h('span', { text: 'Only upload files (file drop): they cannot see what is in the folder' })));

  const passwordId = nextId('share-password');
  const usePassword = h('input', { type: 'checkbox', checked: link.hasPassword, 'data-testid': 'share-use-password' });
  const password = h('input', {
    id: passwordId, class: 'input', type: 'password', autocomplete: 'new-password', 'data-testid': 'share-password',
    placeholder: link.hasPassword ? 'Leave empty to keep the current password' : 'Password for visitors',
    'aria-label': 'Link password',
  });
  const passwordRow = h('div', { class: 'share-sub' }, password);
  toggled(usePassword, passwordRow);

  const useExpiry = h('input', { type: 'checkbox', checked: Boolean(link.expiresAt), 'data-testid': 'share-use-expiry' });
  const defaultExpiry = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const expiry = h('input', {
    class: 'input', type: 'datetime-local', 'aria-label': 'Link expires at', 'data-testid': 'share-expiry',
    value: localInputValue(link.expiresAt ? new Date(link.expiresAt) : defaultExpiry),
  });
  const expiryRow = h('div', { class: 'share-sub' }, expiry);
  toggled(useExpiry, expiryRow);

  const useLimit = h('input', { type: 'checkbox', checked: Boolean(link.maxDownloads), 'data-testid': 'share-use-limit' });
  const limit = h('input', {
    class: 'input share-limit', type: 'number', min: '1', step: '1', inputmode: 'numeric',
    'aria-label': 'Downloads allowed', 'data-testid': 'share-limit', value: String(link.maxDownloads || 10),
  });
  const limitRow = h('div', { class: 'share-sub' }, limit,
    h('span', { class: 'field-hint', text: `downloads (${link.downloadCount || 0} so far)` }));
  toggled(useLimit, limitRow);

  const save = h('button', { class: 'btn btn-primary', type: 'submit', 'data-testid': 'share-save' },
    h('span', { text: 'Save settings' }));
  const form = h('form', {
    class: 'share-settings', 'aria-label': 'Link settings', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      const change = {};
      if (type === 'folder') {
        const mode = modeDrop.checked ? 'drop' : 'view';
        if (mode !== link.mode) change.mode = mode;
      }
      if (usePassword.checked && password.value) change.password = password.value;
      else if (usePassword.checked && !link.hasPassword) {
        error.textContent = 'Enter a password, or untick “Require a password”.';
        password.focus();
        return;
      } else if (!usePassword.checked && link.hasPassword) change.password = null;
      if (useExpiry.checked) {
        const at = new Date(expiry.value);
        if (!expiry.value || Number.isNaN(at.getTime())) {
          error.textContent = 'Choose when the link expires.';
          expiry.focus();
          return;
        }
        change.expiresAt = at.toISOString();
      } else if (link.expiresAt) change.expiresAt = null;
      if (useLimit.checked) {
        const n = Number(limit.value);
        if (!Number.isInteger(n) || n < 1) {
          error.textContent = 'The download limit must be a whole number of at least 1.';
          limit.focus();
          return;
        }
        if (n !== link.maxDownloads) change.maxDownloads = n;
      } else if (link.maxDownloads) change.maxDownloads = null;
      save.disabled = true;
      try {
        const updated = await api(`${base(type)}/${idOf(item)}/share`, { method: 'PATCH', body: change });
        status.textContent = 'Link settings saved';
        toast('Link settings saved', { type: 'success' });
        onSaved(updated);
      } catch (e) {
        error.textContent = e.message;
        save.disabled = false;
      }
    },
  },
  h('h3', { class: 'share-settings-title', text: 'Link settings' }),
  error,
  modeField,
  h('div', { class: 'share-option' },
    h('label', { class: 'check' }, usePassword, h('span', { text: 'Require a password' })), passwordRow),
  h('div', { class: 'share-option' },
    h('label', { class: 'check' }, useExpiry, h('span', { text: 'Expire the link' })), expiryRow),
  type === 'file' || link.mode !== 'drop' ? h('div', { class: 'share-option' },
    h('label', { class: 'check' }, useLimit, h('span', { text: 'Limit downloads' })), limitRow) : null,
  h('div', { class: 'share-settings-actions' }, save),
  status);
  return form;
}

/** The share dialog: create a link, copy it, set its password, expiry, limit or file drop, stop sharing. */
export function shareItem(app, item, type) {
  let shareId = item.isShared && item.shareId ? item.shareId : null;
  let link = null;
  let changed = false;
  return modal({
    title: `Share “${nameOf(item, type)}”`,
    className: 'share-dialog',
    initialFocus: (dialog) => dialog.querySelector('.share-primary'),
    build: (close) => {
      const body = h('div', { class: 'dialog-body' });
      const render = () => {
        if (!shareId) {
          const create = h('button', {
            class: 'btn btn-primary share-primary', type: 'button',
            onclick: async () => {
              create.disabled = true;
              try {
                link = await api(`${base(type)}/${idOf(item)}/share`, { method: 'POST' });
                shareId = link.shareId;
                changed = true;
                render();
              } catch (e) {
                create.disabled = false;
                toastError(e, 'Could not create the link');
              }
            },
          }, icon('link', { size: 18 }), h('span', { text: 'Create link' }));
          mount(body,
            h('div', { class: 'share-state' },
              h('span', { class: 'share-badge off' }, icon('link-off', { size: 20 })),
              h('div', {},
                h('p', { class: 'share-headline', text: 'Not shared' }),
                h('p', { class: 'muted', text: 'Create a link that anyone can use to view and download '
                  + `this ${type}, without an account. You can then add a password, an expiry date or a download limit`
                  + `${type === 'folder' ? ', or let visitors only upload into it' : ''}.` }))),
            h('div', { class: 'dialog-actions' },
              h('button', { class: 'btn', type: 'button', text: 'Close', onclick: () => close(changed) }),
              create));
          return;
        }
        const url = shareUrlOf(shareId);
        const inputId = nextId('share-url');
        const input = h('input', {
          id: inputId, class: 'input share-url', type: 'text', readonly: true, value: url,
          'data-testid': 'share-url', onfocus: () => input.select(),
        });
        const copied = h('span', { class: 'visually-hidden', role: 'status' });
        const copy = h('button', {
          class: 'btn btn-primary share-primary', type: 'button',
          onclick: async () => {
            const ok = await copyText(url, input);
            copy.lastChild.textContent = ok ? 'Copied' : 'Copy';
            copied.textContent = ok ? 'Link copied to the clipboard' : 'Select the link and copy it';
            if (!ok) input.select();
            setTimeout(() => { if (copy.isConnected) copy.lastChild.textContent = 'Copy'; }, 2000);
          },
        }, icon('copy', { size: 18 }), h('span', { text: 'Copy' }));
        const revoke = h('button', {
          class: 'btn btn-danger-ghost', type: 'button',
          onclick: async () => {
            revoke.disabled = true;
            try {
              await api(`${base(type)}/${idOf(item)}/share`, { method: 'DELETE' });
              shareId = null;
              link = null;
              changed = true;
              toast('Link removed: it no longer works', { type: 'success' });
              render();
              body.querySelector('.share-primary')?.focus();
            } catch (e) {
              revoke.disabled = false;
              toastError(e, 'Could not stop sharing');
            }
          },
        }, icon('link-off', { size: 18 }), h('span', { text: 'Stop sharing' }));
        const summary = shareSummary(link);
        mount(body,
          h('div', { class: 'share-state' },
            h('span', { class: 'share-badge on' }, icon(link && link.mode === 'drop' ? 'inbox' : link && link.hasPassword ? 'lock' : 'globe', { size: 20 })),
            h('div', {},
              h('p', { class: 'share-headline', text: summary.who, 'data-testid': 'share-headline' }),
              h('p', { class: 'muted', text: summary.what }),
              summary.rules.length ? h('p', { class: 'share-rules', text: summary.rules.join(' · ') }) : null)),
          h('label', { class: 'field-label', for: inputId, text: 'Link' }),
          h('div', { class: 'share-row' }, input, copy),
          copied,
          link ? shareSettingsForm(item, type, link, (updated) => { link = updated; changed = true; render(); })
            : h('p', { class: 'muted share-loading', text: 'Loading the link settings…' }),
          h('div', { class: 'dialog-actions split' },
            revoke,
            h('span', { class: 'spacer' }),
            h('a', { class: 'btn', href: url, target: '_blank', rel: 'noopener noreferrer' },
              h('span', { text: 'Open' })),
            h('button', { class: 'btn', type: 'button', text: 'Done', onclick: () => close(changed) })));
      };
      render();
      if (shareId) {
        api(`${base(type)}/${idOf(item)}/share`).then((current) => {
          link = current;
          if (!body.isConnected) return;
          const hadFocus = body.contains(document.activeElement);
          render();
          if (hadFocus) body.querySelector('.share-primary')?.focus(); // the old button is gone
        }).catch((e) => {
          if (e.status === 404) {
            shareId = null; // no longer shared (another tab stopped it)
            changed = true;
          } else {
            toastError(e, 'Could not load the link settings');
          }
          if (body.isConnected) render();
        });
      }
      return body;
    },
  }).then(() => {
    if (changed) app.refresh();
  });
}

/**
 * A folder picker dialog. Resolves {id, name} (id null = My Drive) or null.
 * exclude: a folder id that cannot be chosen or entered (the folder being moved).
 */
export function pickFolder({ title, exclude, current }) {
  let location = { id: null, name: 'My Drive', crumbs: [] };
  return modal({
    title,
    className: 'move-dialog',
    initialFocus: (dialog) => dialog.querySelector('.picker-list button, .dialog-actions .btn-primary'),
    build: (close) => {
      const crumbs = h('nav', { class: 'picker-crumbs', 'aria-label': 'Location' });
      const list = h('ul', { class: 'picker-list', 'aria-label': 'Folders' });
      const status = h('p', { class: 'picker-status muted', role: 'status' });
      const moveHere = h('button', { class: 'btn btn-primary', type: 'button', 'data-testid': 'move-here' },
        h('span', { text: 'Move here' }));
      moveHere.addEventListener('click', () => close({ id: location.id, name: location.name }));

      const open = async (id, name, crumbsTrail) => {
        status.textContent = 'Loading…';
        mount(list);
        try {
          let subfolders;
          if (id) {
            const data = await api(`/folders/${id}`);
            subfolders = data.subfolders;
            crumbsTrail = data.breadcrumb.map((c) => ({ id: c.id || c._id, name: c.name }));
            name = data.folder.name;
          } else {
            subfolders = await api('/folders');
            crumbsTrail = [];
          }
          location = { id, name, crumbs: crumbsTrail };
          mount(crumbs,
            h('button', { class: 'crumb-btn', type: 'button', text: 'My Drive', onclick: () => open(null, 'My Drive') }),
            crumbsTrail.map((c) => [
              icon('chevron-right', { size: 16, className: 'crumb-sep' }),
              h('button', { class: 'crumb-btn', type: 'button', text: c.name, onclick: () => open(c.id, c.name) }),
            ]));
          subfolders.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
          status.textContent = subfolders.length ? '' : 'No folders here';
          mount(list, subfolders.map((f) => {
            const fid = f.id || f._id;
            const disabled = fid === exclude;
            return h('li', {},
              h('button', {
                class: 'picker-item', type: 'button', disabled,
                'aria-label': disabled ? `${f.name} (the folder being moved)` : `Open ${f.name}`,
                onclick: () => open(fid, f.name),
              }, icon('folder', { size: 20, className: 'folder-icon' }), h('span', { text: f.name }),
              icon('chevron-right', { size: 16, className: 'picker-chevron' })));
          }));
          const same = (id || null) === (current || null);
          moveHere.disabled = same;
          moveHere.lastChild.textContent = same ? 'Already here' : `Move to ${name}`;
          list.querySelector('button:not([disabled])')?.focus();
        } catch (e) {
          status.textContent = e.message;
        }
      };
      open(null, 'My Drive');
      return h('div', { class: 'dialog-body' }, crumbs, list, status,
        h('div', { class: 'dialog-actions' },
          h('button', { class: 'btn', type: 'button', text: 'Cancel', onclick: () => close(null) }),
          moveHere));
    },
  });
}

/**
 * Before an upload: when some of the files' names are already taken in the target folder, asks
 * whether to replace those files (their old content kept as versions) or keep both ("name (1)").
 * Resolves 'version', undefined (no conflict, or keep both: the server's default) or null (cancel).
 * A prompt rather than a standing option: the choice is made when it matters, with the names in view.
 */
export async function askOnConflict(files, folderId, folderName) {
  let existing;
  try {
    existing = await api(`/files/folder/${folderId || 'root'}`);
  } catch {
    return undefined; // cannot tell: upload as always, nothing is overwritten
  }
  const taken = new Set(existing.map((f) => f.originalName.toLowerCase()));
  const clashes = files.filter((f) => taken.has(f.name.toLowerCase())).map((f) => f.name);
  if (!clashes.length) return undefined;
  const shown = clashes.slice(0, 5).map((n) => `“${n}”`).join(', ') + (clashes.length > 5 ? ` and ${clashes.length - 5} more` : '');
  return modal({
    title: clashes.length === 1 ? 'A file with this name exists' : `${clashes.length} files with these names exist`,
    className: 'conflict-dialog',
    initialFocus: (dialog) => dialog.querySelector('.btn-primary'),
    build: (close) => h('div', { class: 'dialog-body' },
      h('p', { class: 'dialog-message', text: `${shown} already in ${folderName || 'My Drive'}.` }),
      h('p', { class: 'muted', text: 'Replace keeps the same file (its links and shares too) with the new content; '
        + 'the current content stays available under Versions.' }),
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'btn', type: 'button', text: 'Cancel', onclick: () => close(null) }),
        h('button', { class: 'btn', type: 'button', text: 'Keep both', 'data-testid': 'conflict-keep-both',
          onclick: () => close(undefined) }),
        h('button', { class: 'btn btn-primary', type: 'button', text: 'Replace', 'data-testid': 'conflict-replace',
          onclick: () => close('version') }))),
  }).then((choice) => (choice === 'version' || choice === undefined ? choice : null));
}

/** The versions panel of a file: its contents newest first, each with download, and restore/delete for the old ones. */
export function showVersions(app, file) {
  const fileId = idOf(file);
  let changed = false;
  return modal({
    title: `Versions of “${file.originalName}”`,
    className: 'versions-dialog',
    initialFocus: (dialog) => dialog.querySelector('.dialog-actions .btn'),
    build: (close) => {
      const list = h('ul', { class: 'versions-list', 'aria-label': 'Versions', 'data-testid': 'versions-list' });
      const status = h('p', { class: 'muted', role: 'status' });
      const load = async () => {
        status.textContent = 'Loading…';
        try {
          const data = await api(`/files/${fileId}/versions`);
          status.textContent = data.versions.length > 1 ? ''
            : 'No earlier versions: upload a file with the same name and choose Replace to keep one.';
          mount(list, data.versions.map((v) => row(v)));
        } catch (e) {
          status.textContent = e.message;
        }
      };
      const act = async (button, run, done) => {
        button.disabled = true;
        try {
          await run();
          changed = true;
          if (done) toast(done, { type: 'success' });
          await load();
        } catch (e) {
          button.disabled = false;
          toastError(e, 'Could not change the versions');
        }
      };
      const row = (v) => {
        const label = v.current ? 'Current version' : formatLongDate(v.replacedAt || v.createdAt);
        const buttons = [h('button', {
          class: 'btn btn-small', type: 'button', 'aria-label': `Download ${label}`, 'data-testid': 'version-download',
          onclick: async () => {
            try {
              const { blob } = await fetchBlob(`/api/files/${fileId}/versions/${v.versionId}/download`, { type: v.mimeType });
              saveBlob(blob, file.originalName);
            } catch (e) {
              toastError(e, 'Download failed');
            }
          },
        }, icon('download', { size: 16 }))];
        if (!v.current) {
          const restore = h('button', {
            class: 'btn btn-small', type: 'button', text: 'Restore', 'aria-label': `Restore ${label}`,
            'data-testid': 'version-restore',
            onclick: () => act(restore, () => api(`/files/${fileId}/versions/${v.versionId}/restore`, { method: 'POST' }),
              'Version restored'),
          });
          const remove = h('button', {
            class: 'btn btn-small btn-danger-ghost', type: 'button', 'aria-label': `Delete ${label}`,
            'data-testid': 'version-delete',
            onclick: async () => {
              const ok = await confirmDialog({ title: 'Delete this version?', danger: true, confirmText: 'Delete',
                message: `The content of ${label} (${formatSize(v.size)}) is deleted for good.` });
              if (ok) act(remove, () => api(`/files/${fileId}/versions/${v.versionId}`, { method: 'DELETE' }), 'Version deleted');
            },
          }, icon('trash', { size: 16 }));
          buttons.push(restore, remove);
        }
        return h('li', { class: `version${v.current ? ' current' : ''}`, dataset: { versionId: v.versionId } },
          h('div', { class: 'version-main' },
            h('span', { class: 'version-label', text: label }),
            h('span', { class: 'muted', text: `${formatSize(v.size)}${v.current ? '' : ` · uploaded ${formatLongDate(v.createdAt)}`}` })),
          h('div', { class: 'version-actions' }, buttons));
      };
      load();
      return h('div', { class: 'dialog-body' }, status, list,
        h('div', { class: 'dialog-actions' },
          h('button', { class: 'btn', type: 'button', text: 'Done', onclick: () => close(changed) })));
    },
  }).then(() => {
    if (changed) app.refresh();
  });
}
