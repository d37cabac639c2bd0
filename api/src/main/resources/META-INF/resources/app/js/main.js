// Entry point: the public share page at /public/<shareId>, otherwise the drive (or the login page).

import { getSession, onSessionChange, tokenExpiry, endSession, api, updateUser } from './api.js';
import { renderAuth } from './auth.js';
import { startDrive } from './shell.js';
import { renderPublic } from './public.js';

const root = document.getElementById('app');
const publicMatch = /^\/public\/([^/]+)\/?$/.exec(location.pathname);

if (publicMatch) {
  renderPublic(root, decodeURIComponent(publicMatch[1]));
} else {
  let drive = null;
  const show = (reason) => {
    if (drive) {
      drive.destroy();
      drive = null;
    }
    if (getSession()) {
      drive = startDrive(root);
    } else {
      renderAuth(root, {
        notice: reason === 'expired' ? 'Your session has expired. Please log in again.'
          : reason === 'logout' ? 'You have been logged out.' : undefined,
      });
    }
  };
  onSessionChange((session, reason) => show(reason));

  const session = getSession();
  const exp = session && tokenExpiry(session.token);
  if (session && exp && exp <= Date.now()) {
    endSession('expired'); // shows the login page through the listener
  } else {
    show();
    if (session) {
      // Confirms the stored token is still accepted; a 401 ends the session (back to login).
      api('/auth/me').then((me) => me && me.user && updateUser(me.user)).catch(() => {});
    }
  }
}
