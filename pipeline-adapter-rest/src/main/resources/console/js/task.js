// One task: its steps with their results, the executions, the live progress of a running execution (from its
// Server-Sent Events), cancel and resume, the log following live, and the task's files.
import { download, follow, get, post } from './api.js';
import {
  amount, badge, bytes, errorBox, fill, h, json, mode, notify, pairs, seconds, table, when,
} from './dom.js';
import { STEPS } from './tasks.js';

const ARTIFACT = {
  ddl_generation: 'ddl_md_generation',
  qa_generation: 'question_sql_generation',
  sql_validation: 'sql_validation',
  training_load: 'training_data_load',
};
const MAX_EVENTS = 300;

export async function taskView(el, taskId, params) {
  const stream = new AbortController();
  let logTimer = null;
  let logToken = null;
  let following = null;
  let closed = false;

  const summary = h('section#task-summary', { 'aria-label': 'Task' });
  const live = h('section#live', { 'aria-labelledby': 'live-title', hidden: true });
  const vector = h('section#vector', { 'aria-labelledby': 'vector-title' });
  const steps = h('section#steps', { 'aria-labelledby': 'steps-title' });
  const executions = h('section#executions', { 'aria-labelledby': 'executions-title' });
  const files = h('section#files', { 'aria-labelledby': 'files-title' });
  const logLines = h('pre#log-lines', { tabindex: '0', 'aria-label': 'Task log' });
  const followBox = h('input', { type: 'checkbox', id: 'log-follow', checked: true });
  const logSection = h('section#log', { 'aria-labelledby': 'log-title' },
    h('div.title', h('h2#log-title', 'Log'),
      h('div.field.check', followBox, h('label', { for: 'log-follow' }, 'Follow the log'))),
    logLines);
  const cancelButton = h('button#cancel-execution', { type: 'button', disabled: true }, 'Cancel execution');
  const title = h('h1', 'Task ' + taskId);

  fill(el,
    h('div.title', title, h('div.actions',
      h('a.button.primary#execute-link', { href: `#/tasks/${taskId}/execute` }, 'Execute…'),
      h('a.button#resume-link', { href: `#/tasks/${taskId}/execute?mode=resume` }, 'Resume…'),
      cancelButton)),
    summary, live, vector, steps, executions, files, logSection);

  cancelButton.addEventListener('click', async () => {
    if (!following) return;
    cancelButton.disabled = true;
    try {
      await post(`/tasks/${taskId}/executions/${following}/cancel`);
      notify(`Cancel requested for ${following}; it stops at its next check and rolls back what it was doing.`);
    } catch (e) {
      notify(e.message, 'error');
      cancelButton.disabled = false;
    }
  });

  async function load() {
    const [task, history, listing] = await Promise.all([
      get('/tasks/' + taskId),
      get(`/tasks/${taskId}/executions?limit=20`),
      get(`/tasks/${taskId}/files`),
    ]);
    if (closed) return null;
    renderSummary(task);
    renderVector(task);
    renderSteps(task, history.executions);
    renderExecutions(history.executions);
    renderFiles(listing);
    return task;
  }

  // events come in bursts: at most one reload in flight, and one more after it when events arrived meanwhile
  let reloading = null;
  let reloadAgain = false;
  function reload() {
    if (reloading) {
      reloadAgain = true;
      return;
    }
    reloading = load().catch(() => {}).finally(() => {
      reloading = null;
      if (reloadAgain && !closed) {
        reloadAgain = false;
        reload();
      }
    });
  }

  function renderSummary(task) {
    fill(title, 'Task ' + task.task_id + ' ', badge(task.status));
    const p = task.parameters || {};
    fill(summary, pairs([
      ['Name', task.task_name || '–'],
      ['Business database', h('code#task-db', p.db_connection || '–')],
      ['Business context', p.business_context || '–'],
      ['Created', when(task.created_at)],
      ['Started', when(task.started_at)],
      ['Completed', when(task.completed_at)],
      task.error_message ? ['Error', h('span.error', task.error_message)] : null,
      ['Options', ['enable_sql_validation', 'enable_llm_repair', 'modify_original_file', 'enable_training_data_load',
        'restore_on_load_failure'].filter((k) => p[k] === false).map((k) => k + '=false').join(', ') || 'defaults'],
      ['Generation', h('span#task-generation', generationText(p))],
      ['LLM usage', h('span#task-llm-usage', usageText(task.result && task.result.llm_usage))],
    ]));
  }

  function vectorReport(task) {
    const doc = task.result && task.result.result;
    if (!doc) return null;
    return (doc.artifacts && doc.artifacts.vector_management) || doc.vector_management || null;
  }

  function renderVector(task) {
    const vm = vectorReport(task);
    if (!vm || (!vm.backup_performed && !vm.truncate_performed)) {
      fill(vector, h('h2#vector-title', 'Vector store'),
        h('p.muted', 'The last execution did not back up or truncate the vector tables.'));
      return;
    }
    const tables = Object.entries(vm.tables_backed_up || {});
    fill(vector, h('h2#vector-title', 'Vector store'),
      pairs([
        ['Backup set', vm.backup_timestamp
          ? h('a#vm-backup-timestamp', { href: '#/backups', dataset: { timestamp: vm.backup_timestamp } },
            vm.backup_timestamp) : '–'],
        ['Backed up', vm.backup_performed ? 'yes' : 'no'],
        ['Truncated', vm.truncate_performed ? 'yes' + (vm.truncate_scope ? ' (' + vm.truncate_scope + ')' : '') : 'no'],
        ['Commit', vm.commit_outcome || '–'],
        ['Rows backed up', tables.map(([t, r]) => `${t}: ${r.row_count} (${r.file_size})`).join(' · ') || '–'],
        vm.errors && vm.errors.length ? ['Errors', h('span.error', vm.errors.join('; '))] : null,
      ]));
  }

  function renderSteps(task, history) {
    const byId = new Map(history.map((e) => [e.execution_id, e]));
    const rows = STEPS.map((name) => {
      const s = (task.steps || []).find((x) => x.step_name === name);
      return { name, s, result: s ? artifactOf(byId.get(s.execution_id), name) : null };
    });
    fill(steps, h('h2#steps-title', 'Steps'),
      table('Steps and their results', [
        ['Step', (r) => r.name],
        ['Status', (r) => badge(r.s ? r.s.step_status : 'not run')],
        ['Started', (r) => when(r.s && r.s.started_at)],
        ['Completed', (r) => when(r.s && r.s.completed_at)],
        ['Result', (r) => r.s && r.s.error_message ? h('span.error', r.s.error_message)
          : r.result ? json(resultLine(r.name, r.result), r.result) : '–'],
        ['LLM', (r) => h('span.step-llm', usageText(r.result && r.result.llm_usage))],
      ], rows, (r) => ({ dataset: { step: r.name } })));
  }

  function artifactOf(execution, step) {
    const doc = execution && execution.result && execution.result.result;
    if (!doc) return null;
    const key = ARTIFACT[step];
    return (doc.artifacts && doc.artifacts[key]) || doc[key] || null;
  }

  function resultLine(step, r) {
    const v = (k) => (r[k] === undefined || r[k] === null ? '?' : r[k]);
    if (step === 'ddl_generation') {
      const failed = r.tables_failed && r.tables_failed.length ? `, ${r.tables_failed.length} failed` : '';
      const reused = r.tables_reused ? `, ${r.tables_reused} reused` : '';
      return `${v('tables_processed')} table(s), ${v('files_generated')} file(s)${failed}${reused}`;
    }
    if (step === 'qa_generation') {
      const reused = r.themes_reused ? `, ${r.themes_reused} reused` : '';
      return `${v('total_questions')} question(s) in ${v('total_themes')} theme(s)${reused}`;
    }
    if (step === 'sql_validation') return `${v('valid_sqls')} valid of ${v('total_sqls')} SQL, ${v('repaired_sqls')} repaired`;
    if (step === 'training_load') {
      const loaded = r.records_loaded && typeof r.records_loaded === 'object'
        ? Object.entries(r.records_loaded).map(([c, n]) => `${c} ${n}`).join(', ') : v('total_records');
      const sum = (m) => (m && typeof m === 'object' ? Object.values(m).reduce((a, b) => a + b, 0) : 0);
      const cost = r.embedded ? `; ${sum(r.embedded)} text(s) embedded` + (sum(r.reused) ? `, ${sum(r.reused)} reused` : '')
        + (sum(r.skipped_existing) ? `, ${sum(r.skipped_existing)} stored already` : '') : '';
      const diff = r.replaced_by_difference
        ? '; by difference: ' + Object.entries(r.replaced_by_difference)
          .map(([c, d]) => `${c} ${d.unchanged} kept +${d.inserted} −${d.deleted}`).join(', ') : '';
      return `loaded: ${loaded}${cost}${diff}${retrievalText(r.retrieval)}`;
    }
    return 'result';
  }

  /** "; ddl_hit@3 0.83 (old store 0.80), gate passed" from a training_load result's retrieval object. */
  function retrievalText(rv) {
    if (!rv) return '';
    const fig = (part) => (part && part.metrics ? part.metrics['ddl_hit@' + rv.k] : null);
    const now = fig(rv.after);
    const was = fig(rv.before);
    let text = `; ddl_hit@${rv.k} ` + (now === null || now === undefined ? 'not measured' : now.toFixed(2));
    if (was !== null && was !== undefined) text += ` (old store ${was.toFixed(2)})`;
    if (rv.gate) text += rv.gate.passed ? ', gate passed' : `, gate refused: ${rv.gate.failures.join('; ')}`;
    return text;
  }

  function renderExecutions(list) {
    fill(executions, h('h2#executions-title', 'Executions'),
      table('Execution history, newest first', [
        ['Execution', (e) => h('code', e.execution_id)],
        ['Mode', (e) => mode(e)],
        ['Status', (e) => badge(e.status)],
        ['Vector tables', (e) => decisionText(e.vector_management)],
        ['Warnings', (e) => (e.warnings && e.warnings.length ? h('ul.plain', e.warnings.map((w) => h('li', w))) : '–')],
        ['LLM', (e) => h('span.execution-llm', usageText(e.result && e.result.llm_usage))],
        ['Started', (e) => when(e.started_at)],
        ['Finished', (e) => when(e.finished_at)],
        ['Error', (e) => (e.error ? h('span.error', e.error) : '–')],
      ], list, (e) => ({ dataset: { executionId: e.execution_id, status: e.status } })));
  }

  function renderFiles(listing) {
    const row = (backup) => (f) => ({ f, backup });
    const earlier = [];
    (listing.file_backups || []).forEach((b) => b.files.forEach((f) => earlier.push({ f, folder: b.folder })));
    const all = listing.files.map(row(false)).concat((listing.backup_files || []).map(row(true)), earlier);
    fill(files, h('h2#files-title', 'Files'),
      table('Task files', [
        ['File', (r) => (r.folder ? r.folder + '/' : r.backup ? 'vector_bak/' : '') + r.f.file_name],
        ['Size', (r) => r.f.file_size_formatted || bytes(r.f.file_size)],
        ['Modified', (r) => when(r.f.modified_at)],
        ['', (r) => r.folder ? h('span.muted', 'earlier run') : h('button', {
          type: 'button',
          'aria-label': 'Download ' + r.f.file_name,
          dataset: { file: (r.backup ? 'vector_bak/' : '') + r.f.file_name },
          on: {
            click: () => download(`/tasks/${taskId}/files/${r.backup ? 'vector_bak/' : ''}${encodeURIComponent(r.f.file_name)}`,
              r.f.file_name).catch((e) => notify(e.message, 'error')),
          },
        }, 'Download')],
      ], all));
  }

  async function pollLog() {
    try {
      const page = logToken ? await get(`/tasks/${taskId}/logs?after=${encodeURIComponent(logToken)}&limit=1000`)
        : await get(`/tasks/${taskId}/logs?limit=200`);
      if (closed) return;
      if (page.next_token) logToken = page.next_token;
      if (page.logs.length) {
        logLines.append(page.logs.map((l) => `${l.timestamp || ''} ${l.level || ''} ${l.step ? '[' + l.step + '] ' : ''}${l.message}\n`).join(''));
        if (followBox.checked) logLines.scrollTop = logLines.scrollHeight;
      }
    } catch (e) {
      // the log is a convenience; the next poll tries again
    }
  }

  function startLog() {
    stopLog();
    logTimer = setInterval(pollLog, 1000);
  }

  function stopLog() {
    if (logTimer) clearInterval(logTimer);
    logTimer = null;
  }

  async function watch(executionId) {
    following = executionId;
    cancelButton.disabled = false;
    live.hidden = false;
    const status = h('span#live-status', badge('running'));
    const progress = h('div#live-progress', h('p.muted', 'Waiting for the first progress event…'));
    const events = h('ol#live-events', { 'aria-label': 'Events' });
    const decision = h('div#live-decision');
    fill(live,
      h('h2#live-title', 'Live execution ', h('code', executionId), ' ', status),
      decision, progress,
      h('h3', 'Events'), h('div.events-wrap', { tabindex: '0', role: 'log', 'aria-label': 'Execution events' }, events));
    get(`/tasks/${taskId}/executions/${executionId}`).then((e) => {
      fill(decision, pairs([
        ['Mode', mode(e)],
        ['Vector tables', decisionText(e.vector_management)],
        e.warnings && e.warnings.length ? ['Warnings', h('ul.plain', e.warnings.map((w) => h('li', w)))] : null,
      ]));
      if (e.progress) showProgress(progress, e.progress);
    }).catch(() => {});
    startLog();
    try {
      await follow(`/tasks/${taskId}/executions/${executionId}/events`, (ev) => {
        const d = ev.data || {};
        if (ev.event === 'progress' && d.progress) showProgress(progress, d.progress);
        if (ev.event === 'result') {
          fill(status, badge(d.status));
          // steps report progress before each unit of work: the last figures are where the run was, not its total
          progress.prepend(h('p.muted#progress-final', 'The execution ended ' + d.status + '; the last progress it reported:'));
          if (d.error) decision.append(h('p.error', d.error));
        }
        events.append(eventItem(ev));
        while (events.children.length > MAX_EVENTS) events.firstChild.remove();
        events.parentElement.scrollTop = events.parentElement.scrollHeight;
        if (ev.event !== 'progress') reload();
      }, stream.signal);
    } catch (e) {
      if (!closed) live.append(errorBox(e));
    }
    if (closed) return;
    cancelButton.disabled = true;
    following = null;
    stopLog();
    await pollLog();
    if (reloading) await reloading;
    await load().catch(() => {});
    live.dataset.state = 'ended';
  }

  let task;
  try {
    task = await load();
  } catch (e) {
    fill(el, h('h1', 'Task ' + taskId), errorBox(e));
    return undefined;
  }
  await pollLog();
  const asked = params.get('execution');
  const running = task.last_execution && task.last_execution.status === 'running' ? task.last_execution.execution_id : null;
  if (asked || running) watch(asked || running);

  return () => {
    closed = true;
    stream.abort();
    stopLog();
  };
}

export function decisionText(vm) {
  if (!vm) return '–';
  if (vm.truncate) return 'backup + truncate' + (vm.truncate_scope ? ' (' + vm.truncate_scope + ')' : '');
  return vm.backup ? 'backup' : 'untouched';
}

/** `4 tables · 4 themes at once · 5 themes × 10 questions · 20 sample rows`: the task's generation knobs. */
export function generationText(p) {
  if (p.max_concurrent_tables === undefined) return 'defaults';
  return `${p.max_concurrent_tables} tables and ${p.max_concurrent_themes} themes at once · ${p.theme_count} themes × `
    + `${p.questions_per_theme} questions${p.continue_on_theme_error === false ? ' (a failed theme stops the step)' : ''}`
    + ` · ${p.sample_data_limit} sample rows · enums up to ${p.enum_max_distinct_values} values in `
    + `${p.enum_detection_sample_limit} rows · at most ${p.max_table_failures} failed tables`;
}

/** `24 calls · 12,345 tokens (10,000 prompt + 2,345 completion) · 1 retry · 1 wait 2 s`, or – without calls. */
export function usageText(u) {
  if (!u || (!u.calls && !u.waits && !u.retries)) return '–';
  const n = (x) => Number(x || 0).toLocaleString('en');
  return `${n(u.calls)} call${u.calls === 1 ? '' : 's'} · ${n(u.total_tokens)} tokens (${n(u.prompt_tokens)} prompt + `
    + `${n(u.completion_tokens)} completion)` + (u.retries ? ` · ${n(u.retries)} retr${u.retries === 1 ? 'y' : 'ies'}` : '')
    + (u.waits ? ` · ${n(u.waits)} wait${u.waits === 1 ? '' : 's'} ${seconds(u.wait_seconds)}` : '');
}

function showProgress(el, p) {
  const total = p.total === null || p.total === undefined ? null : p.total;
  const bar = total ? h('progress', { max: String(total), value: String(Math.min(p.done, total)),
    'aria-label': 'Progress of ' + p.phase }) : null;
  fill(el, pairs([
    ['Step', h('span#progress-step', p.step || '–')],
    ['Phase', h('span#progress-phase', p.phase || '–')],
    ['Done', h('span#progress-done', amount(p.done, p.unit) + (total !== null ? ' of ' + amount(total, p.unit) : ''))],
    ['Rate', h('span#progress-rate', p.rate !== null && p.rate !== undefined ? amount(p.rate, p.unit) + '/s' : '–')],
    ['ETA', h('span#progress-eta', p.eta_seconds !== null && p.eta_seconds !== undefined ? seconds(p.eta_seconds) : '–')],
    ['LLM so far', h('span#progress-llm', usageText(p.llm_usage))],
    p.waiting ? ['Waiting', h('span#progress-waiting', p.waiting)] : null,
  ]), bar);
}

function eventItem(ev) {
  const d = ev.data || {};
  let text;
  if (ev.event === 'progress' && d.progress) {
    const p = d.progress;
    text = `${p.phase}: ${amount(p.done, p.unit)}${p.total != null ? ' of ' + amount(p.total, p.unit) : ''}`
      + (p.waiting ? ' — ' + p.waiting : '');
  } else if (ev.event === 'result') {
    text = 'execution ' + d.status + (d.error ? ': ' + d.error : '');
  } else {
    text = [d.status, d.message].filter(Boolean).join(' — ');
  }
  return h('li', { dataset: { event: ev.event } },
    h('span.muted', d.at ? when(d.at) + ' ' : ''), h('strong', ev.event), d.step ? ' ' + d.step : '', text ? ' ' + text : '');
}
