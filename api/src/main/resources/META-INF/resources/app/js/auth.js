// Log in and register.

import { api, startSession } from './api.js';
import { h, mount, nextId } from './dom.js';
import { icon } from './icons.js';

/** mode: 'login' | 'register'; notice: a message shown above the form (e.g. session expired). */
export function renderAuth(root, { mode = 'login', notice } = {}) {
  const isLogin = mode === 'login';
  document.title = isLogin ? 'Log in · OpenDrive' : 'Create account · OpenDrive';
  const emailId = nextId('email');
  const passwordId = nextId('password');
  const hintId = nextId('hint');
  const errorId = nextId('auth-error');

  const email = h('input', {
    id: emailId, class: 'input', type: 'email', name: 'email', autocomplete: 'username', required: true,
    inputmode: 'email', spellcheck: 'false', autocapitalize: 'off', 'aria-describedby': errorId,
  });
  const password = h('input', {
    id: passwordId, class: 'input', type: 'password', name: 'password', required: true,
    autocomplete: isLogin ? 'current-password' : 'new-password', minlength: isLogin ? undefined : '8',
    'aria-describedby': isLogin ? errorId : `${hintId} ${errorId}`,
  });
  const reveal = h('button', {
    class: 'icon-btn reveal', type: 'button', 'aria-label': 'Show password', 'aria-pressed': 'false',
    onclick: () => {
      const show = password.type === 'password';
      password.type = show ? 'text' : 'password';
      reveal.setAttribute('aria-pressed', String(show));
      reveal.setAttribute('aria-label', show ? 'Hide password' : 'Show password');
      password.focus();
    },
  }, icon('eye', { size: 18 }));
  const error = h('p', { id: errorId, class: 'form-error', role: 'alert' });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit' },
    h('span', { text: isLogin ? 'Log in' : 'Create account' }));

  const form = h('form', {
    class: 'auth-form', novalidate: true, 'aria-describedby': notice ? 'auth-notice' : undefined,
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      if (!email.value.trim() || !password.value) {
        error.textContent = 'Please enter your email and password.';
        (email.value.trim() ? password : email).focus();
        return;
      }
      submit.disabled = true;
      submit.classList.add('busy');
      try {
        const result = await api(isLogin ? '/auth/login' : '/auth/register', {
          method: 'POST', auth: false, body: { email: email.value.trim(), password: password.value },
        });
        startSession(result.token, result.user);
      } catch (e) {
        error.textContent = e.message;
        submit.disabled = false;
        submit.classList.remove('busy');
        (e.status === 401 ? password : email).focus();
      }
    },
  },
  h('div', { class: 'field' },
    h('label', { class: 'field-label', for: emailId, text: 'Email' }),
    email),
  h('div', { class: 'field' },
    h('label', { class: 'field-label', for: passwordId, text: 'Password' }),
    h('div', { class: 'input-wrap' }, password, reveal),
    !isLogin && h('p', { id: hintId, class: 'field-hint', text: 'At least 8 characters.' })),
  error,
  submit);

  mount(root,
    h('main', { class: 'auth-page' },
      h('div', { class: 'auth-card' },
        h('div', { class: 'auth-brand' },
          h('img', { src: '/app/img/logo.svg', alt: '', width: '48', height: '48' }),
          h('span', { class: 'brand-name', text: 'OpenDrive' })),
        h('h1', { class: 'auth-title', text: isLogin ? 'Welcome back' : 'Create your drive' }),
        h('p', {
          class: 'auth-subtitle',
          text: isLogin ? 'Log in to reach your files.' : 'Your files, on your own server. Free, private and yours.',
        }),
        notice && h('p', { id: 'auth-notice', class: 'notice', role: 'status' }, icon('info', { size: 18 }),
          h('span', { text: notice })),
        form,
        h('p', { class: 'auth-switch' },
          isLogin ? 'New to OpenDrive? ' : 'Already have an account? ',
          h('button', {
            class: 'link-btn', type: 'button', text: isLogin ? 'Create an account' : 'Log in',
            onclick: () => renderAuth(root, { mode: isLogin ? 'register' : 'login' }),
          }))),
      h('p', { class: 'auth-foot', text: 'Self-hosted cloud storage' })));
  email.focus();
}
