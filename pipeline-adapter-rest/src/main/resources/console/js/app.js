// The console: a thin client of /api/v0/data_pipeline. Hash routes, one view at a time; each view renders into
// <main id="view"> and may return a cleanup function (closing an event stream, stopping a log follower).
import { forgetToken, hasToken } from './api.js';
import { errorBox, fill, h, notify, takeFlash } from './dom.js';
import { newTaskView, tasksView } from './tasks.js';
import { taskView } from './task.js';
import { executeView } from './execute.js';
import { backupsView } from './backups.js';
import { storeView } from './store.js';

const routes = [
  [/^#\/tasks\/new$/, () => newTaskView, 'new'],
  [/^#\/tasks\/([A-Za-z0-9_\-]+)\/execute$/, (m) => (el, q) => executeView(el, m[1], q), 'tasks'],
  [/^#\/tasks\/([A-Za-z0-9_\-]+)$/, (m) => (el, q) => taskView(el, m[1], q), 'tasks'],
  [/^#\/backups$/, () => backupsView, 'backups'],
  [/^#\/store$/, () => storeView, 'store'],
  [/^#\/tasks$/, () => tasksView, 'tasks'],
];

let cleanup = null;
let generation = 0;

async function render() {
  const hash = location.hash || '#/tasks';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  if (cleanup) {
    try { cleanup(); } catch (e) { /* the old view is gone anyway */ }
    cleanup = null;
  }
  const view = document.getElementById('view');
  const mine = ++generation;
  let route = routes.find(([re]) => re.test(path));
  if (!route) {
    location.replace('#/tasks');
    return;
  }
  const [re, make, nav] = route;
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  fill(view, h('p', 'Loading…'));
  try {
    const result = await make(re.exec(path))(view, params);
    if (mine === generation) {
      cleanup = typeof result === 'function' ? result : null;
    } else if (typeof result === 'function') {
      result();
    }
  } catch (e) {
    if (mine === generation) fill(view, h('h1', 'Something went wrong'), errorBox(e));
  }
  if (mine === generation) {
    // keyboard and screen-reader users land on the new view's heading
    const heading = view.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }
}

// the skip link must not change the hash (that is the router's): it only moves the focus to the view
document.querySelector('a.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('view').focus();
});
document.getElementById('forget-token').addEventListener('click', () => {
  forgetToken();
  document.getElementById('forget-token').hidden = true;
  notify('Token forgotten; the console asks again on its next call.');
  render();
});
document.getElementById('forget-token').hidden = !hasToken();
window.addEventListener('hashchange', () => {
  notify(takeFlash() || '');
  render();
});
render();
