// Execute a task: the form, the vector-management policy's decision as the API returns it for exactly this form
// (POST …/execute/preview, nothing runs), a typed confirmation for a truncate, then POST …/execute.
import { get, missingScope, post, tokenScope } from './api.js';
import { badge, check, errorBox, field, fill, go, h, pairs } from './dom.js';
import { STEPS } from './tasks.js';

export async function executeView(el, taskId, params) {
  const task = await get('/tasks/' + taskId);
  const mode = h('select', { id: 'execution_mode', name: 'execution_mode' },
    ['complete', 'step', 'resume'].map((m) => h('option', { value: m }, m)));
  mode.value = ['complete', 'step', 'resume'].includes(params.get('mode')) ? params.get('mode') : 'complete';
  const step = h('select', { id: 'step_name', name: 'step_name' }, STEPS.map((s) => h('option', { value: s }, s)));
  if (STEPS.includes(params.get('step'))) step.value = params.get('step');
  const scope = h('select', { id: 'truncate_scope', name: 'truncate_scope' },
    h('option', { value: '' }, 'not given (table)'),
    h('option', { value: 'table' }, 'table: every row of langchain_pg_embedding'),
    h('option', { value: 'loaded_collections' }, 'loaded_collections: only the collections the load writes'));
  const confirmInput = h('input', { id: 'confirm-task-id', name: 'confirm-task-id', type: 'text', autocomplete: 'off',
    spellcheck: 'false' });
  const confirm = h('div#confirm-truncate', { hidden: true },
    field(`Type the task id ${taskId} to confirm the truncate`, confirmInput,
      'The backup is taken and the old rows removed in the same transaction as the load'));
  const decision = h('section#decision', { 'aria-live': 'polite', 'aria-labelledby': 'decision-title' });
  const start = h('button.primary#start-execution', { type: 'submit', disabled: true }, 'Start execution');
  const error = h('div#execute-error');

  const form = h('form#execute-form',
    h('div.columns', h('fieldset',
      h('legend', 'Execution'),
      field('Execution mode', mode, 'complete: every enabled step · step: one step · resume: from the first step that did not complete'),
      field('Step', step, 'Only used in step mode')),
    h('fieldset',
      h('legend', 'Vector tables'),
      check('backup_vector_tables', 'Back up the vector tables before training_load', false),
      check('truncate_vector_tables', 'Truncate the vector tables before loading (implies a backup)', false),
      field('Truncate scope', scope),
      check('skip_training', 'Skip the load (vector management only)', false))),
    decision, confirm, error,
    h('div.actions', start, h('a.button', { href: '#/tasks/' + taskId }, 'Back to the task')));

  fill(el, h('h1', 'Execute ' + taskId + ' ', badge(task.status)), form);

  // a truncate replaces the store: admin only (the server refuses a smaller token, preview included)
  const truncateRefused = missingScope(await tokenScope(), 'admin', 'truncate_vector_tables');
  if (truncateRefused) {
    const box = form.truncate_vector_tables;
    box.checked = false;
    box.disabled = true;
    box.closest('.field').append(h('span.hint#truncate-refused', ' Disabled: ' + truncateRefused + '.'));
  }

  const body = () => {
    const b = { execution_mode: mode.value };
    if (mode.value === 'step') b.step_name = step.value;
    b.backup_vector_tables = form.backup_vector_tables.checked;
    b.truncate_vector_tables = form.truncate_vector_tables.checked;
    b.skip_training = form.skip_training.checked;
    if (scope.value) b.truncate_scope = scope.value;
    return b;
  };

  let decidedFor = null;
  let truncates = false;
  let seq = 0;
  let timer = null;

  const refreshStart = () => {
    const current = JSON.stringify(body());
    const confirmed = !truncates || confirmInput.value.trim() === taskId;
    start.disabled = decidedFor !== current || !confirmed;
  };

  async function preview() {
    const mine = ++seq;
    const b = body();
    decidedFor = null;
    refreshStart();
    try {
      const d = await post(`/tasks/${taskId}/execute/preview`, b);
      if (mine !== seq) return;
      const vm = d.vector_management;
      truncates = !!vm.truncate;
      fill(decision, h('h2#decision-title', 'What this execution will do (the API\'s decision)'),
        pairs([
          ['Steps', h('span#decision-steps', d.steps.join(' → '))],
          ['Backup', h('span#decision-backup', vm.backup ? 'yes' : 'no')],
          ['Truncate', h('span#decision-truncate', vm.truncate ? 'yes — scope ' + vm.truncate_scope : 'no')],
          ['Skip training', h('span#decision-skip', d.skip_training ? 'yes' : 'no')],
        ]),
        d.warnings.length
          ? h('div.warning', h('h3', 'Warnings'), h('ul#decision-warnings', d.warnings.map((w) => h('li', w))))
          : h('p.muted#decision-warnings', 'No warnings.'));
      confirm.hidden = !truncates;
      if (!truncates) confirmInput.value = '';
      decidedFor = JSON.stringify(b);
    } catch (e) {
      if (mine !== seq) return;
      truncates = false;
      confirm.hidden = true;
      fill(decision, h('h2#decision-title', 'This execution would be refused'), errorBox(e));
    }
    refreshStart();
  }

  const changed = () => {
    step.disabled = mode.value !== 'step';
    clearTimeout(timer);
    decidedFor = null;
    refreshStart();
    timer = setTimeout(preview, 150);
  };
  form.addEventListener('change', (e) => { if (e.target !== confirmInput) changed(); });
  confirmInput.addEventListener('input', refreshStart);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    refreshStart();
    if (start.disabled) return;
    start.disabled = true;
    fill(error);
    try {
      const r = await post(`/tasks/${taskId}/execute`, body());
      go(`#/tasks/${taskId}?execution=${encodeURIComponent(r.execution_id)}`,
        `Execution ${r.execution_id} started.` + (r.warnings.length ? ' Warnings: ' + r.warnings.join('; ') : ''));
    } catch (err) {
      fill(error, errorBox(err));
      refreshStart();
    }
  });

  step.disabled = mode.value !== 'step';
  await preview();
  return () => clearTimeout(timer);
}
