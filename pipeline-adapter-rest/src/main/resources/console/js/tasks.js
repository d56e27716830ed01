// Tasks: the list (POST /tasks/query: filters, sorting, paging) and the form that creates a task.
import { ApiError, post } from './api.js';
import { badge, check, errorBox, field, fill, go, h, mode, table, when } from './dom.js';

const STATUSES = ['pending', 'in_progress', 'completed', 'partial_completed', 'failed'];
const SORTS = ['created_at', 'started_at', 'completed_at', 'task_name', 'status'];
export const STEPS = ['ddl_generation', 'qa_generation', 'sql_validation', 'training_load'];

function select(id, options, value, blank) {
  const s = h('select', { id, name: id },
    blank ? h('option', { value: '' }, blank) : null,
    options.map((o) => h('option', { value: o }, o)));
  s.value = value || '';
  return s;
}

function input(id, value, attrs) {
  const i = h('input', Object.assign({ id, name: id, type: 'text' }, attrs || {}));
  i.value = value || '';
  return i;
}

export async function tasksView(el, params) {
  const q = {
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
    page_size: parseInt(params.get('page_size') || '20', 10) || 20,
    sort_by: params.get('sort_by') || 'created_at',
    sort_order: params.get('sort_order') || 'desc',
  };
  for (const k of ['status', 'task_name', 'db_name', 'created_time_start', 'created_time_end']) {
    if (params.get(k)) q[k] = params.get(k);
  }

  const form = h('form#task-filters', { role: 'search', 'aria-label': 'Filter tasks' },
    h('div.grid',
      field('Status', select('f-status', STATUSES, q.status, 'any')),
      field('Name contains', input('f-task-name', q.task_name)),
      field('Database name', input('f-db-name', q.db_name)),
      field('Created from', input('f-from', q.created_time_start, { type: 'date' })),
      field('Created until', input('f-to', q.created_time_end, { type: 'date' })),
      field('Sort by', select('f-sort', SORTS, q.sort_by)),
      field('Order', select('f-order', ['desc', 'asc'], q.sort_order)),
      field('Per page', select('f-size', ['10', '20', '50', '100'], String(q.page_size)))),
    h('div.actions',
      h('button.primary', { type: 'submit' }, 'Apply filters'),
      h('button', { type: 'button', on: { click: () => go('#/tasks') } }, 'Clear filters')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go('#/tasks?' + queryString({
      status: form['f-status'].value, task_name: form['f-task-name'].value.trim(),
      db_name: form['f-db-name'].value.trim(), created_time_start: form['f-from'].value,
      created_time_end: form['f-to'].value, sort_by: form['f-sort'].value, sort_order: form['f-order'].value,
      page_size: form['f-size'].value, page: '1',
    }));
  });

  const results = h('section', { 'aria-label': 'Tasks found' }, h('p', 'Loading…'));
  const filtered = ['status', 'task_name', 'db_name', 'created_time_start', 'created_time_end'].some((k) => q[k]);
  const filters = h('details.filters', { open: filtered || matchMedia('(min-width: 40rem)').matches },
    h('summary', filtered ? 'Filters and sorting (filtered)' : 'Filters and sorting'), form);
  fill(el,
    h('div.title', h('h1', 'Tasks'), h('a.button.primary', { href: '#/tasks/new' }, 'New task')),
    filters, results);

  let data;
  try {
    data = await post('/tasks/query', q);
  } catch (e) {
    fill(results, errorBox(e));
    return;
  }
  const p = data.pagination;
  const pageTo = (n) => go('#/tasks?' + queryString(Object.assign({}, q, { page: String(n) })));
  fill(results,
    table('Tasks', [
      ['Task', (t) => h('a', { href: '#/tasks/' + t.task_id }, t.task_id)],
      ['Name', (t) => t.task_name || '–'],
      ['Status', (t) => badge(t.status)],
      ['Steps', (t) => stepStates(t.step_status)],
      ['Last execution', (t) => lastExecution(t.last_execution)],
      ['Created', (t) => when(t.created_at)],
    ], data.tasks, (t) => ({ dataset: { taskId: t.task_id } })),
    h('nav.pager', { 'aria-label': 'Pages' },
      h('button', { type: 'button', id: 'page-prev', disabled: !p.has_prev, on: { click: () => pageTo(p.page - 1) } },
        'Previous page'),
      h('span', { id: 'page-info' }, `Page ${p.page} of ${Math.max(1, p.total_pages)} · ${p.total} task(s)`),
      h('button', { type: 'button', id: 'page-next', disabled: !p.has_next, on: { click: () => pageTo(p.page + 1) } },
        'Next page')));
}

export function stepStates(stepStatus) {
  const s = stepStatus || {};
  const known = STEPS.filter((k) => s[k]);
  if (known.length === 0) return h('span.muted', 'not run');
  return h('ul.steps', known.map((k) => h('li', h('span.step-name', k + ' '), badge(s[k]))));
}

function lastExecution(e) {
  if (!e) return h('span.muted', 'none');
  return h('span', badge(e.status), ' ', mode(e), h('br'),
    h('span.muted', when(e.started_at)));
}

function queryString(o) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  return u.toString();
}

/**
 * postgresql://user:***@host:port/db — what the console shows of a connection string: never the password, never
 * the query (it may carry one).
 */
export function maskUrl(raw) {
  const url = (raw || '').trim();
  if (!url) return '';
  const m = /^([a-z][a-z0-9+.:-]*:\/\/)(.*)$/i.exec(url);
  if (!m) return '(hidden: expected postgresql://user:password@host:port/db)';
  let rest = m[2];
  let credentials = '';
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const creds = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = creds.indexOf(':');
    credentials = (colon >= 0 ? creds.slice(0, colon) + ':***' : creds) + '@';
  }
  const qm = rest.indexOf('?');
  if (qm >= 0) rest = rest.slice(0, qm) + '?…';
  return m[1] + credentials + rest;
}

/** The knobs of the language-model steps a new task may set (the original's names; the API checks their ranges). */
const KNOBS = [
  ['max_concurrent_tables', 'Tables documented at once'],
  ['max_table_failures', 'Failed tables before ddl_generation fails'],
  ['sample_data_limit', 'Sample rows per table'],
  ['enum_detection_sample_limit', 'Rows read to detect enumerations'],
  ['enum_max_distinct_values', 'Most values of an enumeration (0: no detection)'],
  ['max_concurrent_themes', 'Themes asked for at once'],
  ['theme_count', 'Themes'],
  ['questions_per_theme', 'Questions per theme'],
];

function tableNames(text) {
  return text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s && !s.startsWith('#') && !s.startsWith('--'));
}

export function newTaskView(el) {
  const db = h('input', { id: 'db_connection', name: 'db_connection', type: 'password', required: true,
    autocomplete: 'off', spellcheck: 'false' });
  const masked = h('output', { id: 'db-masked', for: 'db_connection', 'aria-live': 'polite' });
  const showMasked = () => { masked.textContent = db.value ? 'Will be stored as ' + maskUrl(db.value) : ''; };
  db.addEventListener('input', showMasked);
  const tables = h('textarea', { id: 'tables', name: 'tables', rows: '5', spellcheck: 'false' });
  const file = h('input', { id: 'table-file', name: 'table-file', type: 'file', accept: '.txt,text/plain' });
  const error = h('div', { id: 'create-error' });
  const form = h('form#create-task', { novalidate: true },
    h('fieldset',
      h('legend', 'Business database'),
      field('Connection string', db, 'postgresql://user:password@host:port/db — entered hidden, shown masked'),
      masked,
      field('Database name (optional)', input('db_name'))),
    h('fieldset',
      h('legend', 'Task'),
      field('Task name (optional)', input('task_name')),
      field('Business context', h('textarea', { id: 'business_context', name: 'business_context', rows: '3' }),
        'What the business does, in a sentence or two; it goes into the prompts')),
    h('fieldset',
      h('legend', 'Tables'),
      field('Table list', tables, 'One table per line or comma-separated (schema.table allowed); # starts a comment'),
      field('…or upload a table list file', file, 'A .txt file, up to 2 MB; used when the box above is empty')),
    h('fieldset',
      h('legend', 'Options'),
      check('enable_sql_validation', 'Validate the generated SQL (EXPLAIN)', true),
      check('enable_llm_repair', 'Let the model repair failing SQL', true),
      check('modify_original_file', 'Write repairs back to the pair file', true),
      check('enable_training_data_load', 'Load the training data into the vector store', true),
      check('restore_on_load_failure', 'Restore the vector store when a load fails', true)),
    h('fieldset',
      h('legend', 'Language model (empty: the server’s defaults)'),
      ...KNOBS.map(([k, label]) => field(label, input(k, '', { type: 'number', min: '0', inputmode: 'numeric' }))),
      field('When a theme fails', h('select', { id: 'continue_on_theme_error', name: 'continue_on_theme_error' },
        h('option', { value: '' }, 'server default'), h('option', { value: 'true' }, 'keep the other themes'),
        h('option', { value: 'false' }, 'fail the step')))),
    error,
    h('div.actions', h('button.primary', { type: 'submit', id: 'create-submit' }, 'Create task'),
      h('a.button', { href: '#/tasks' }, 'Cancel')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    fill(error);
    const names = tableNames(tables.value);
    const upload = file.files && file.files[0];
    if (!db.value.trim()) {
      fill(error, errorBox(new ApiError(400, { response: 'the connection string is required', field: 'db_connection' })));
      db.focus();
      return;
    }
    if (names.length > 0 && upload) {
      fill(error, errorBox(new ApiError(400, { response: 'give the table list one way: typed or uploaded, not both',
        field: 'tables' })));
      tables.focus();
      return;
    }
    const body = { db_connection: db.value.trim() };
    for (const k of ['task_name', 'db_name', 'business_context']) {
      const v = form[k].value.trim();
      if (v) body[k] = v;
    }
    for (const k of ['enable_sql_validation', 'enable_llm_repair', 'modify_original_file',
      'enable_training_data_load', 'restore_on_load_failure']) body[k] = form[k].checked;
    for (const [k] of KNOBS) {
      const v = form[k].value.trim();
      if (v) body[k] = Number(v);
    }
    if (form.continue_on_theme_error.value) body.continue_on_theme_error = form.continue_on_theme_error.value === 'true';
    if (names.length > 0) body.tables = names;
    const submit = document.getElementById('create-submit');
    submit.disabled = true;
    try {
      const task = await post('/tasks', body);
      db.value = '';
      if (upload) {
        const fd = new FormData();
        fd.append('file', upload, upload.name);
        try {
          const up = await post('/tasks/' + task.task_id + '/upload-table-list', fd);
          go('#/tasks/' + task.task_id, `Task ${task.task_id} created with ${up.table_count} table(s) from ${upload.name}.`);
        } catch (err) {
          go('#/tasks/' + task.task_id, `Task ${task.task_id} created, but the table list was refused: ${err.message}`);
        }
        return;
      }
      go('#/tasks/' + task.task_id, `Task ${task.task_id} created.`);
    } catch (err) {
      submit.disabled = false;
      fill(error, errorBox(err));
      const named = err.data && err.data.field && document.getElementById(err.data.field === 'table_list'
        ? 'tables' : err.data.field);
      (named || db).focus();
    }
  });

  fill(el, h('h1', 'New task'), form);
}
