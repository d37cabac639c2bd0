// Shared UI pieces: toasts, pop-up menus, modal dialogs (native <dialog>, so focus is trapped and
// Escape closes), and the copy-to-clipboard helper.

import { h, arrowNavigate, nextId } from './dom.js';
import { icon } from './icons.js';

// ---------------------------------------------------------------- toasts

/** A view's "could not load" panel: what failed, why, and a way on (usually {@link retryButton}). */
export function loadFailed({ title, message, iconName = 'alert', action }) {
  return h('div', { class: 'empty', role: 'alert' },
    h('span', { class: 'empty-art warn' }, icon(iconName, { size: 44 })),
    h('h2', { class: 'empty-title', text: title }),
    h('p', { class: 'muted', text: message }),
    action);
}

export const retryButton = (retry) =>
  h('button', { class: 'btn btn-primary', type: 'button', text: 'Try again', onclick: retry });

export function toast(message, { type = 'info', action, timeout = 5000 } = {}) {
  const region = document.getElementById('toasts');
  const close = () => {
    item.classList.add('leaving');
    setTimeout(() => item.remove(), 200);
  };
  const text = h('span', { class: 'toast-text', text: message });
  const item = h('div', { class: `toast toast-${type}` },
    icon(type === 'error' ? 'alert' : type === 'success' ? 'check' : 'info', { size: 18 }),
    text,
    action && h('button', {
      class: 'toast-action', type: 'button', text: action.label,
      onclick: () => { close(); action.run(); },
    }),
    h('button', { class: 'icon-btn toast-close', type: 'button', 'aria-label': 'Dismiss', onclick: close },
      icon('close', { size: 16 })));
  region.append(item);
  if (timeout) setTimeout(close, type === 'error' ? Math.max(timeout, 8000) : timeout);
  // the returned function dismisses the toast; .update(text) changes its message (progress)
  close.update = (next) => { text.textContent = next; };
  return close;
}

export function toastError(error, prefix) {
  if (error && error.name === 'AbortError') return;
  const message = error && error.message ? error.message : String(error);
  toast(prefix ? `${prefix}: ${message}` : message, { type: 'error' });
}

// ---------------------------------------------------------------- menus

let openMenuState = null;

export function closeMenu({ restoreFocus = true } = {}) {
  if (!openMenuState) return;
  const { el, trigger, cleanup } = openMenuState;
  openMenuState = null;
  cleanup();
  el.remove();
  if (trigger) {
    trigger.setAttribute('aria-expanded', 'false');
    if (restoreFocus) trigger.focus();
  }
}

/**
 * Opens a menu. items: [{label, icon, run, danger, disabled} | 'separator'].
 * at: {trigger: element} (positions below it) or {x, y} (context menu).
 */
export function openMenu(items, { trigger, x, y, label = 'Actions' } = {}) {
  closeMenu({ restoreFocus: false });
  const buttons = [];
  const el = h('div', { class: 'menu', role: 'menu', 'aria-label': label, tabindex: '-1' },
    items.map((item) => {
      if (item === 'separator') return h('div', { class: 'menu-sep', role: 'separator' });
      const button = h('button', {
        class: `menu-item${item.danger ? ' danger' : ''}`, type: 'button', role: 'menuitem',
        disabled: item.disabled, dataset: item.testId ? { action: item.testId } : undefined,
        onclick: () => { closeMenu(); item.run(); },
      }, item.icon && icon(item.icon, { size: 18 }), h('span', { text: item.label }));
      buttons.push(button);
      return button;
    }));
  document.body.append(el);

  const rect = trigger ? trigger.getBoundingClientRect() : { left: x, right: x, top: y, bottom: y };
  const width = el.offsetWidth;
  const height = el.offsetHeight;
  let left = trigger ? rect.right - width : rect.left;
  let top = rect.bottom + 4;
  if (left + width > window.innerWidth - 8) left = window.innerWidth - width - 8;
  if (left < 8) left = 8;
  if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 4);
  el.style.left = `${left + window.scrollX}px`;
  el.style.top = `${top + window.scrollY}px`;

  const onKey = (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeMenu();
    } else if (event.key === 'Tab') {
      closeMenu();
    } else {
      arrowNavigate(event, buttons.filter((b) => !b.disabled));
    }
  };
  const onPointer = (event) => {
    if (!el.contains(event.target) && event.target !== trigger && !(trigger && trigger.contains(event.target))) {
      closeMenu({ restoreFocus: false });
    }
  };
  const onScroll = () => closeMenu({ restoreFocus: false });
  el.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onPointer, true);
  document.addEventListener('scroll', onScroll, true);
  window.addEventListener('resize', onScroll);
  openMenuState = {
    el, trigger,
    cleanup: () => {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onScroll);
    },
  };
  if (trigger) trigger.setAttribute('aria-expanded', 'true');
  const first = buttons.find((b) => !b.disabled);
  (first || el).focus({ preventScroll: true });
  return el;
}

// ---------------------------------------------------------------- dialogs

/**
 * A modal dialog. build(close, dialog) returns the body nodes; close(value) resolves the promise.
 */
export function modal({ title, className = '', build, initialFocus }) {
  return new Promise((resolve) => {
    const titleId = nextId('dlg-title');
    const previous = document.activeElement;
    const dialog = h('dialog', { class: `dialog ${className}`.trim(), 'aria-labelledby': titleId });
    let done = false;
    const close = (value) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      if (previous && previous.isConnected && typeof previous.focus === 'function') previous.focus();
      resolve(value);
    };
    dialog.append(
      h('div', { class: 'dialog-head' },
        h('h2', { id: titleId, class: 'dialog-title', text: title }),
        h('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Close', onclick: () => close(null) },
          icon('close', { size: 18 }))),
      ...[].concat(build(close, dialog)));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) close(null); // click on the backdrop
    });
    document.body.append(dialog);
    dialog.showModal();
    const focus = typeof initialFocus === 'function' ? initialFocus(dialog) : null;
    if (focus) focus.focus();
  });
}

/** Asks for a name. validate/submit(value) may throw an Error whose message is shown inline. */
export function promptDialog({ title, label, value = '', confirmText = 'Save', selectLength, submit }) {
  let input;
  return modal({
    title,
    initialFocus: () => {
      setTimeout(() => {
        input.focus();
        input.setSelectionRange(0, selectLength ?? value.length);
      }, 0);
      return input;
    },
    build: (close) => {
      const inputId = nextId('field');
      const errorId = nextId('err');
      input = h('input', {
        id: inputId, class: 'input', type: 'text', value, autocomplete: 'off', spellcheck: 'false',
        required: true, maxlength: '255', 'aria-describedby': errorId,
      });
      const error = h('p', { id: errorId, class: 'field-error', role: 'alert' });
      const confirm = h('button', { class: 'btn btn-primary', type: 'submit', text: confirmText });
      const form = h('form', {
        class: 'dialog-body', novalidate: true,
        onsubmit: async (event) => {
          event.preventDefault();
          const name = input.value.trim();
          if (!name) {
            error.textContent = 'Please enter a name.';
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          confirm.disabled = true;
          try {
            const result = submit ? await submit(name) : name;
            close(result === undefined ? name : result);
          } catch (e) {
            error.textContent = e.message || String(e);
            input.setAttribute('aria-invalid', 'true');
            confirm.disabled = false;
            input.focus();
          }
        },
      },
      h('label', { class: 'field-label', for: inputId, text: label }),
      input,
      error,
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'btn', type: 'button', text: 'Cancel', onclick: () => close(null) }),
        confirm));
      return form;
    },
  });
}

export function confirmDialog({ title, message, confirmText = 'OK', danger = false }) {
  let confirm;
  return modal({
    title,
    initialFocus: () => confirm,
    build: (close) => {
      confirm = h('button', {
        class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, type: 'button', text: confirmText,
        onclick: () => close(true),
      });
      return h('div', { class: 'dialog-body' },
        h('p', { class: 'dialog-message', text: message }),
        h('div', { class: 'dialog-actions' },
          h('button', { class: 'btn', type: 'button', text: 'Cancel', onclick: () => close(false) }),
          confirm));
    },
  }).then((value) => value === true);
}

// ---------------------------------------------------------------- clipboard

export async function copyText(text, fallbackInput) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection-based copy
  }
  if (fallbackInput) {
    fallbackInput.focus();
    fallbackInput.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}
