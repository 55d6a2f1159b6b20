// The console's shell: sign-in, who the token is (GET /v1/whoami), and the hash router that shows one view at a time.
import { api, token, setToken, clearToken, ApiError } from './api.js';
import { fill, h, announce } from './dom.js';

// Views load on first use: the first page fetches only its own modules (index.html preloads the common ones).
const routes = [
  [/^#\/releases\/([\w-]+)$/, () => import('./release.js'), 'releases'],
  [/^#\/releases$/, () => import('./releases.js'), 'releases'],
  [/^#\/overrides$/, () => import('./overrides.js'), 'overrides'],
  [/^#\/decisions\/([\w-]+)$/, () => import('./decisions.js').then((m) => m.one), 'decisions'],
  [/^#\/decisions$/, () => import('./decisions.js'), 'decisions'],
  [/^#\/slos$/, () => import('./slos.js'), 'slos'],
  [/^#\/plans\/([\w-]+)$/, () => import('./plans.js').then((m) => m.one), 'plans'],
  [/^#\/plans$/, () => import('./plans.js').then((m) => m.list), 'plans'],
  [/^#\/delivery$/, () => import('./optional.js').then((m) => m.delivery), 'delivery'],
];

let session = null;
let stopView = () => {};

/** What the signed-in token may do, from GET /v1/whoami; the API enforces it again on every call. */
function sessionOf(me) {
  const permissions = new Set(me.permissions || []);
  return {
    subject: me.subject,
    roles: me.roles || [],
    can: (permission) => permissions.has(permission),
  };
}

const ME = 'tollgate.me';

async function signIn(value) {
  setToken(value);
  try {
    const me = await api.get('/v1/whoami');
    sessionStorage.setItem(ME, JSON.stringify(me));
    session = sessionOf(me);
  } catch (e) {
    clearToken();
    sessionStorage.removeItem(ME);
    session = null;
    throw e;
  }
}

/** Who the token was at sign-in, kept beside it in this tab, so a reload shows the page without waiting for whoami. */
function cachedSession() {
  try {
    const me = JSON.parse(sessionStorage.getItem(ME));
    return me && me.subject ? sessionOf(me) : null;
  } catch {
    return null;
  }
}

function showSignIn(message) {
  stopView();
  session = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  fill(document.getElementById('view'));
  document.getElementById('sign-in').hidden = false;
  document.getElementById('sign-in-error').textContent = message || '';
  document.getElementById('token').focus();
}

function showShell() {
  document.getElementById('sign-in').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('who-name').textContent = `${session.subject} (${session.roles.join(', ')})`;
}

async function route() {
  if (!session) return;
  stopView();
  stopView = () => {};
  const hash = location.hash || '#/releases';
  const match = routes.map(([re, view, section]) => [re.exec(hash), view, section]).find(([m]) => m);
  if (!match) {
    location.hash = '#/releases';
    return;
  }
  const [m, loadView, section] = match;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const container = fill(document.getElementById('view'));
  // Tests and the page-load measurement wait for data-loaded: it belongs to the view being shown.
  delete container.dataset.loaded;
  const ctx = {
    session,
    // Any view's call answered 401 (token revoked or unknown): back to sign-in.
    failed: (e) => {
      if (e instanceof ApiError && e.status === 401) {
        clearToken();
        sessionStorage.removeItem(ME);
        showSignIn('The token was not accepted: sign in again.');
      }
    },
  };
  try {
    const view = await loadView();
    stopView = (await view.render(container, ctx, m.slice(1))) || (() => {});
  } catch (e) {
    ctx.failed(e);
    fill(container, h('h1', 'Error'), h('p.error', { role: 'alert' }, e instanceof ApiError ? e.describe() : String(e)));
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  document.getElementById('sign-in-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = document.getElementById('token');
    const value = input.value.trim();
    input.value = '';
    try {
      await signIn(value);
      showShell();
      announce(`Signed in as ${session.subject}`);
      if (!location.hash) location.hash = '#/releases';
      await route();
    } catch (e) {
      showSignIn(e instanceof ApiError && e.status === 401 ? 'Unknown or revoked token.' : `Sign-in failed: ${e.message}`);
    }
  });
  document.getElementById('sign-out').addEventListener('click', () => {
    clearToken();
    sessionStorage.removeItem(ME);
    showSignIn('Signed out.');
  });
  window.addEventListener('hashchange', route);
  const cached = token() ? cachedSession() : null;
  if (cached) {
    // Show the page at once; whoami confirms the token meanwhile (a revoked one goes back to sign-in, a changed role
    // re-renders). The API checks every call anyway, so a stale role can only show a button whose call is refused.
    session = cached;
    showShell();
    const shown = route();
    signIn(token()).then(async () => {
      showShell();
      if (JSON.stringify(session.roles) !== JSON.stringify(cached.roles)) await route();
    }, (e) => showSignIn(e instanceof ApiError && e.status === 401 ? 'The token was not accepted: sign in again.' : `Sign-in failed: ${e.message}`));
    await shown;
    return;
  }
  if (token()) {
    try {
      await signIn(token());
      showShell();
      await route();
      return;
    } catch {
      // fall through to sign-in
    }
  }
  showSignIn();
});
