// The console's only way to the server: same-origin calls to the REST API. When the server answers 401 the
// console asks for the token once (a modal dialog), keeps it in sessionStorage (this tab only) and sends it as
// Authorization: Bearer. The token never goes into a URL, the page or a log line.

export const BASE = '/api/v0/data_pipeline';
const KEY = 'pipeline.api-token';

/** An answer that was not a success: HTTP status and the envelope's data (response, error_type, field …). */
export class ApiError extends Error {
  constructor(status, data) {
    super(data && data.response ? data.response : 'HTTP ' + status);
    this.status = status;
    this.data = data || {};
  }
}

let asking = null;

// Escape would close the token dialog and leave the console without a way in: it stays open until a token works
document.getElementById('token-dialog').addEventListener('cancel', (e) => e.preventDefault());

function token() {
  return sessionStorage.getItem(KEY);
}

export function hasToken() {
  return token() !== null;
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
  knownScope = null;
}

let knownScope = null;

/**
 * The scope of the console's token ('read', 'execute' or 'admin'; 'admin' when the server asks for none), so the
 * pages can disable what the server would refuse, and say why. Asked once per token.
 */
export async function tokenScope() {
  if (knownScope === null) {
    knownScope = (await get('/auth')).scope;
  }
  return knownScope;
}

const ORDER = ['read', 'execute', 'admin'];

/** Why a token of `scope` cannot do what needs `needed`, or null when it can. */
export function missingScope(scope, needed, what) {
  return ORDER.indexOf(scope) >= ORDER.indexOf(needed) ? null
    : `${what} needs a token with scope ${needed} (this token has scope ${scope})`;
}

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  const t = token();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

/**
 * Asks for the token in the dialog; resolves once the server accepted it. One prompt at a time, whatever
 * number of calls were refused meanwhile.
 */
function askToken(reason) {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const error = document.getElementById('token-error');
  error.textContent = reason || '';
  asking = new Promise((resolve) => {
    const onSubmit = async (e) => {
      e.preventDefault();
      const candidate = input.value.trim();
      if (!candidate) return;
      const res = await fetch(BASE + '/tasks?limit=1', {
        headers: { Accept: 'application/json', Authorization: 'Bearer ' + candidate },
      });
      if (res.status === 401) {
        error.textContent = 'The server refused this token.';
        input.select();
        return;
      }
      sessionStorage.setItem(KEY, candidate);
      input.value = '';
      error.textContent = '';
      form.removeEventListener('submit', onSubmit);
      dialog.close();
      document.getElementById('forget-token').hidden = false;
      asking = null;
      resolve();
    };
    form.addEventListener('submit', onSubmit);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

async function send(method, path, body, accept) {
  const init = { method, headers: headers(accept ? { Accept: accept } : null) };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res = await fetch(BASE + path, init);
  if (res.status === 401) {
    const hadToken = hasToken();
    forgetToken();
    await askToken(hadToken ? 'The token was refused; give it again.' : '');
    init.headers = headers(accept ? { Accept: accept } : null);
    if (body !== undefined && !(body instanceof FormData)) init.headers['Content-Type'] = 'application/json';
    res = await fetch(BASE + path, init);
  }
  return res;
}

/** Calls the API and returns the envelope's data; throws ApiError for anything but success. */
export async function call(method, path, body) {
  const res = await send(method, path, body);
  let envelope = null;
  try {
    envelope = await res.json();
  } catch (e) {
    throw new ApiError(res.status, { response: 'the server answered HTTP ' + res.status + ' without JSON' });
  }
  if (!res.ok || !envelope || envelope.success !== true) {
    throw new ApiError(res.status, envelope ? envelope.data : null);
  }
  return envelope.data;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);

/** Downloads a file through fetch (so the token goes in a header, not in the link) and saves it. */
export async function download(path, fileName) {
  const res = await send('GET', path, undefined, 'application/octet-stream');
  if (!res.ok) {
    let data = null;
    try { data = (await res.json()).data; } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, data);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Follows an execution's Server-Sent Events with fetch and a stream reader (EventSource cannot send the
 * Authorization header). Reconnects with Last-Event-ID after a dropped connection; ends after the 'result' event
 * or when the signal aborts.
 */
export async function follow(path, onEvent, signal) {
  let lastId = null;
  let failures = 0;
  for (;;) {
    let finished = false;
    try {
      const extra = { Accept: 'text/event-stream' };
      if (lastId !== null) extra['Last-Event-ID'] = lastId;
      let res = await fetch(BASE + path, { headers: headers(extra), signal });
      if (res.status === 401) {
        forgetToken();
        await askToken('The token was refused; give it again.');
        continue;
      }
      if (!res.ok) {
        let data = null;
        try { data = (await res.json()).data; } catch (e) { /* not JSON */ }
        throw new ApiError(res.status, data);
      }
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const ev = parseEvent(block);
          if (!ev) continue;
          if (ev.id !== null) lastId = ev.id;
          failures = 0;
          onEvent(ev);
          if (ev.event === 'result') finished = true;
        }
      }
    } catch (e) {
      if (signal && signal.aborted) return;
      if (e instanceof ApiError && e.status < 500) throw e;
      failures++;
      if (failures > 5) throw e;
    }
    if (finished || (signal && signal.aborted)) return;
    await new Promise((r) => setTimeout(r, Math.min(5000, 300 * 2 ** failures)));
  }
}

function parseEvent(block) {
  const ev = { id: null, event: 'message', data: '' };
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const name = i < 0 ? line : line.slice(0, i);
    let value = i < 0 ? '' : line.slice(i + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'id') ev.id = value;
    else if (name === 'event') ev.event = value;
    else if (name === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    ev.data = JSON.parse(data.join('\n'));
  } catch (e) {
    ev.data = data.join('\n');
  }
  return ev;
}
