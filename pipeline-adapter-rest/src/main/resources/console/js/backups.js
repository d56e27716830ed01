// Backup sets of every location with their state; verify, restore drill, restore (what will change first, then a
// typed timestamp), and prune (a dry run first, then apply).
import { get, missingScope, post, tokenScope } from './api.js';
import { badge, bytes, check, errorBox, field, fill, h, pairs, table } from './dom.js';

const where = (loc) => (loc.type === 'task' ? { task_id: loc.task_id } : {});
const locationName = (loc) => (loc.type === 'task' ? 'task ' + loc.task_id : 'global');

export async function backupsView(el) {
  const summary = h('p#backup-summary', 'Loading…');
  const result = h('section#backup-result', { 'aria-live': 'polite', 'aria-label': 'Result of the last action' });
  const restorePanel = h('section#restore-panel', { hidden: true, 'aria-labelledby': 'restore-title' });
  const locations = h('div#backup-locations');
  const pruneSection = h('section#prune', { 'aria-labelledby': 'prune-title' });
  fill(el,
    h('div.title', h('h1', 'Backups'),
      h('button#refresh-backups', { type: 'button', on: { click: () => refresh() } }, 'Refresh')),
    summary, result, restorePanel, locations, pruneSection);

  let listing = null;
  const scope = await tokenScope();
  // a restore replaces rows and a prune apply deletes sets: admin only (the server refuses a smaller token too)
  const restoreRefused = missingScope(scope, 'admin', 'a restore');
  const pruneRefused = missingScope(scope, 'admin', 'prune with apply');

  async function refresh() {
    try {
      listing = await get('/vector/restore/list');
    } catch (e) {
      fill(locations, errorBox(e));
      return;
    }
    const s = listing.summary;
    fill(summary, `${s.total_backup_sets} backup set(s) in ${s.total_locations} location(s): ${s.global_backups} global, `
      + `${s.task_backups} of tasks.`);
    fill(locations, restoreRefused ? h('p.hint#restore-refused', 'Restore is disabled: ' + restoreRefused + '.') : null,
      listing.backup_locations.length === 0 ? h('p.muted', 'No backup sets yet.')
        : listing.backup_locations.map(locationSection));
    renderPrune();
  }

  function locationSection(loc) {
    const heading = loc.type === 'task'
      ? h('h2', 'Task ', h('a', { href: '#/tasks/' + loc.task_id }, loc.task_id))
      : h('h2', 'Global backups');
    return h('section.location', { dataset: { location: loc.type === 'task' ? loc.task_id : 'global' } },
      heading, h('p.muted', loc.relative_path),
      table('Backup sets of ' + locationName(loc), [
        ['Timestamp', (b) => h('code', b.timestamp)],
        ['State', (b) => h('span', badge(b.state), b.state_reason ? h('span.hint', ' ' + b.state_reason) : null)],
        ['Taken', (b) => b.backup_date || '–'],
        ['Format', (b) => `${b.format || 'csv'}${b.compression && b.compression !== 'none' ? ' + ' + b.compression : ''}`
          + (b.legacy ? ' (legacy)' : '')],
        ['Size', (b) => bytes((b.collection_size_bytes || 0) + (b.embedding_size_bytes || 0))],
        ['Rows per collection', (b) => (b.collections && b.collections.length
          ? h('ul.plain', b.collections.map((c) => h('li', `${c.name}: ${c.rows}`)))
          : rowCounts(b))],
        ['Embedding model', (b) => models(b)],
        ['Actions', (b) => h('div.row-actions',
          h('button', { type: 'button', dataset: { action: 'verify' }, 'aria-label': `Verify ${b.timestamp}`,
            on: { click: () => verify(loc, b, false) } }, 'Verify'),
          h('button', { type: 'button', dataset: { action: 'drill' }, 'aria-label': `Restore drill of ${b.timestamp}`,
            disabled: b.state === 'damaged', on: { click: () => verify(loc, b, true) } }, 'Restore drill'),
          h('button', { type: 'button', dataset: { action: 'restore' }, 'aria-label': `Restore ${b.timestamp}…`,
            title: restoreRefused || null, disabled: b.state === 'damaged' || restoreRefused !== null,
            on: { click: () => openRestore(loc, b) } }, 'Restore…'))],
      ], loc.backups, (b) => ({ dataset: { timestamp: b.timestamp, state: b.state } })));
  }

  function rowCounts(b) {
    const rc = b.row_counts || {};
    const entries = Object.entries(rc);
    return entries.length ? h('ul.plain', entries.map(([t, n]) => h('li', `${t}: ${n}`))) : '–';
  }

  function models(b) {
    const names = [...new Set((b.collections || []).map((c) => c.embedding_model).filter(Boolean))];
    return names.length ? names.join(', ') : '–';
  }

  async function verify(loc, b, drill) {
    fill(result, h('h2', (drill ? 'Restore drill of ' : 'Verifying ') + b.timestamp + '…'));
    try {
      const r = await post('/vector/verify', Object.assign(where(loc), { timestamp: b.timestamp, restore_test: drill }));
      const t = r.restore_test;
      fill(result, h('h2#result-title', (drill ? 'Restore drill of ' : 'Verify of ') + b.timestamp + ' (' + locationName(loc) + ')'),
        pairs([
          ['Matches its manifest', h('span#verify-ok', r.legacy ? 'no manifest (legacy): parsed, not checksummed'
            : r.problems.length === 0 && r.manifest_file ? 'yes' : 'no')],
          ['Summary', h('span#verify-summary', r.summary)],
          drill ? ['Restorable', h('span#drill-restorable', t && t.restorable ? 'yes' : 'no')] : null,
          drill && t && t.reason ? ['Reason', t.reason] : null,
          ['Verified', h('span#verified', r.verified ? 'yes' : 'no')],
          r.problems.length ? ['Problems', h('ul.plain.error', r.problems.map((p) => h('li', p)))] : null,
          r.warnings && r.warnings.length ? ['Warnings', h('ul.plain', r.warnings.map((w) => h('li', w)))] : null,
        ]),
        table('Files of the set', [
          ['Table', (x) => x[0]],
          ['File', (x) => x[1].file],
          ['Bytes and SHA-256', (x) => (r.legacy ? 'not checksummed' : x[1].ok ? 'match' : 'DIFFER')],
          ['Rows', (x) => (r.legacy ? `${x[1].actual_rows} parsed` : `${x[1].actual_rows ?? '?'} of ${x[1].expected_rows ?? '?'}`)],
        ], Object.entries(r.tables || {})),
        drill && t ? table('Loaded into a scratch schema (rolled back)', [
          ['Table', (x) => x[0]],
          ['Rows loaded', (x) => `${x[1].rows_loaded} of ${x[1].expected_rows}`],
          ['Content', (x) => (x[1].ok ? 'matches the manifest' : 'DIFFERS')],
        ], Object.entries(t.tables || {})) : null);
    } catch (e) {
      fill(result, h('h2', (drill ? 'Restore drill of ' : 'Verify of ') + b.timestamp + ' failed'), errorBox(e));
    }
    result.querySelector('h2').setAttribute('tabindex', '-1');
    result.querySelector('h2').focus();
  }

  function openRestore(loc, b) {
    const collections = b.collections || [];
    const mode = (value, label, hint) => h('div.field.check',
      h('input', { type: 'radio', name: 'restore-mode', id: 'restore-mode-' + value, value, checked: value === 'append' }),
      h('label', { for: 'restore-mode-' + value }, label), h('span.hint', ' ' + hint));
    const boxes = collections.map((c, i) => check('restore-collection-' + i, `${c.name} (${c.rows} rows)`, false));
    boxes.forEach((box, i) => { box.querySelector('input').value = collections[i].name; });
    const exclusive = check('restore-exclusive', 'Exclusive: empty the tables with TRUNCATE instead of DELETE', false,
      'faster on a large store, but the assistant\'s queries wait until the restore commits; replace of every '
      + 'collection only');
    const force = b.state === 'incomplete'
      ? check('restore-force', 'Restore although the set is incomplete (force)', false, b.state_reason || '') : null;
    const confirmInput = h('input', { id: 'confirm-timestamp', type: 'text', autocomplete: 'off', spellcheck: 'false' });
    const preview = h('div#restore-preview', { 'aria-live': 'polite' });
    const submit = h('button.primary#restore-submit', { type: 'submit', disabled: true }, 'Restore');
    const out = h('div#restore-result');
    const form = h('form#restore-form',
      h('fieldset', h('legend', 'Mode'),
        mode('append', 'Append', 'add the set\'s rows; nothing is removed'),
        mode('replace', 'Replace', 'remove the current rows first (truncate_before_restore)'), exclusive),
      collections.length ? h('fieldset', h('legend', 'Collections (none checked: all of them)'), boxes) : null,
      force,
      h('h3', 'What will change'), preview,
      field(`Type the timestamp ${b.timestamp} to confirm`, confirmInput),
      h('div.actions', submit,
        h('button', { type: 'button', on: { click: () => { restorePanel.hidden = true; } } }, 'Close')),
      out);
    fill(restorePanel, h('h2#restore-title', `Restore ${b.timestamp} (${locationName(loc)})`), form);
    restorePanel.hidden = false;

    const chosen = () => boxes.map((box) => box.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    const replace = () => form.querySelector('input[name="restore-mode"]:checked').value === 'replace';
    const exclusiveBox = exclusive.querySelector('input');
    const update = () => {
      exclusiveBox.disabled = !replace() || chosen().length > 0;
      if (exclusiveBox.disabled) exclusiveBox.checked = false;
      fill(preview, h('p', whatChanges(b, replace(), chosen(), exclusiveBox.checked)));
      submit.disabled = confirmInput.value.trim() !== b.timestamp;
    };
    form.addEventListener('change', update);
    confirmInput.addEventListener('input', update);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (confirmInput.value.trim() !== b.timestamp) return;
      submit.disabled = true;
      fill(out, h('p', 'Restoring…'));
      const body = Object.assign(where(loc), { timestamp: b.timestamp, truncate_before_restore: replace() });
      if (chosen().length) body.collections = chosen();
      if (force && force.querySelector('input').checked) body.force = true;
      if (exclusiveBox.checked) body.exclusive = true;
      try {
        const r = await post('/vector/restore', body);
        fill(out, h('h3#restore-done', { tabindex: '-1' }, 'Restore complete'), restoreReport(r));
      } catch (err) {
        fill(out, h('h3#restore-done', { tabindex: '-1' }, 'Restore failed'), errorBox(err),
          err.data && err.data.restore ? restoreReport(err.data.restore) : null);
      }
      confirmInput.value = '';
      out.querySelector('h3').focus();
    });
    update();
    form.querySelector('#restore-mode-append').focus();
  }

  function renderPrune() {
    const scope = h('select', { id: 'prune-scope' },
      h('option', { value: 'all' }, 'every location'),
      h('option', { value: 'global' }, 'global backups'),
      (listing ? listing.backup_locations : []).filter((l) => l.type === 'task')
        .map((l) => h('option', { value: 'task:' + l.task_id }, 'task ' + l.task_id)));
    const keep = h('input', { id: 'prune-keep', type: 'number', min: '1', inputmode: 'numeric' });
    const age = h('input', { id: 'prune-max-age', type: 'text', placeholder: '30d', spellcheck: 'false' });
    const out = h('div#prune-result', { 'aria-live': 'polite' });
    const previewButton = h('button#prune-preview', { type: 'submit' }, 'Preview prune');
    const applyButton = h('button.danger#prune-apply', { type: 'button', disabled: true, title: pruneRefused || null },
      'Apply prune');
    const form = h('form#prune-form',
      h('div.grid',
        field('Where', scope),
        field('Keep the newest complete sets', keep, 'per location; empty: no count rule'),
        field('Older than', age, 'e.g. 30d, 12h, 2w; empty: no age rule'),
        check('prune-incomplete', 'Also incomplete sets', false)),
      h('div.actions', previewButton, applyButton),
      pruneRefused ? h('p.hint#prune-refused', 'Apply is disabled: ' + pruneRefused + '.') : null, out);
    fill(pruneSection, h('h2#prune-title', 'Prune'),
      h('p.muted', 'A dry run first: it lists what would go and what is protected. Apply deletes exactly that rule\'s sets.'),
      form);

    let previewed = null;
    const body = (apply) => {
      const b = {};
      if (scope.value === 'all') b.all = true;
      else if (scope.value === 'global') b.global = true;
      else b.task_id = scope.value.slice(5);
      if (keep.value) b.keep = Number(keep.value);
      if (age.value.trim()) b.max_age = age.value.trim();
      if (form['prune-incomplete'].checked) b.incomplete = true;
      b.apply = apply;
      return b;
    };
    form.addEventListener('input', () => {
      previewed = null;
      applyButton.disabled = true;
    });
    form.addEventListener('change', () => {
      previewed = null;
      applyButton.disabled = true;
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await post('/vector/prune', body(false));
        previewed = JSON.stringify(body(false));
        fill(out, pruneReport(r, false));
        applyButton.disabled = r.would_delete.length === 0 || pruneRefused !== null;
      } catch (err) {
        fill(out, errorBox(err));
      }
    });
    applyButton.addEventListener('click', async () => {
      if (previewed !== JSON.stringify(body(false))) return;
      applyButton.disabled = true;
      try {
        const r = await post('/vector/prune', body(true));
        await refresh();
        fill(document.getElementById('prune-result'), pruneReport(r, true));
      } catch (err) {
        fill(out, errorBox(err));
      }
    });
  }

  await refresh();
  return undefined;
}

/** The sentence the restore panel shows before anything is sent. */
export function whatChanges(b, replace, collections, exclusive) {
  const all = b.collections || [];
  const picked = collections.length ? all.filter((c) => collections.includes(c.name)) : all;
  const rows = picked.map((c) => `${c.name}: ${c.rows}`).join(', ');
  const counts = b.row_counts || {};
  const embeddings = collections.length ? picked.reduce((n, c) => n + (c.rows || 0), 0) : counts.langchain_pg_embedding;
  const what = (embeddings == null ? 'the set\'s rows' : `${embeddings} embedding row(s)`) + (rows ? ` (${rows})` : '');
  const since = b.backup_date ? ` since ${b.backup_date}` : '';
  if (replace && collections.length) {
    return `Replace collections ${collections.join(', ')}: their rows in the live store are removed and ${what} from `
      + `set ${b.timestamp} are written; every other collection stays as it is. One transaction: if anything fails, `
      + 'the store stays as it is now.';
  }
  if (replace) {
    return `Replace everything: langchain_pg_collection and langchain_pg_embedding are emptied and refilled with `
      + `${what}${counts.langchain_pg_collection != null ? ' and ' + counts.langchain_pg_collection + ' collection row(s)' : ''}`
      + ` from set ${b.timestamp}; whatever was written${since} is gone. One transaction: if anything fails, the store `
      + 'stays as it is now.' + (exclusive ? ' Exclusive: the tables are emptied with TRUNCATE, so the assistant\'s '
      + 'queries wait until the restore commits.' : ' Until the commit the assistant keeps reading the current rows.');
  }
  return `Append ${what} from set ${b.timestamp}${collections.length ? ' (only ' + collections.join(', ') + ')' : ''}: `
    + 'rows already in the store are skipped and nothing is removed. Refused when the set\'s vectors do not match the '
    + 'store\'s dimension or embedding model.';
}

function restoreReport(r) {
  return h('div',
    pairs([
      ['Restored', h('span#restore-performed', r.restore_performed ? 'yes' : 'no')],
      ['Replaced (truncated first)', h('span#restore-truncated', r.truncate_performed ? 'yes' : 'no')],
      ['Commit', r.commit_outcome || '–'],
      ['Duration', r.duration != null ? r.duration + ' s' : '–'],
      r.errors && r.errors.length ? ['Errors', h('ul.plain.error', r.errors.map((x) => h('li', x)))] : null,
      r.warnings && r.warnings.length ? ['Warnings', h('ul.plain', r.warnings.map((x) => h('li', x)))] : null,
    ]),
    table('Rows restored per table', [
      ['Table', (x) => x[0]],
      ['Rows in the file', (x) => String(x[1].rows_in_file)],
      ['Inserted', (x) => h('span', { dataset: { inserted: x[0] } }, String(x[1].rows_inserted))],
      ['Skipped', (x) => String(x[1].rows_skipped)],
    ], Object.entries(r.restore_results || {})),
    r.collection_results ? table('Per collection', [
      ['Collection', (x) => x[0]],
      ['Embeddings inserted', (x) => String(x[1].embeddings_inserted)],
      ['Embeddings removed', (x) => (x[1].embeddings_removed == null ? '–' : String(x[1].embeddings_removed))],
    ], Object.entries(r.collection_results)) : null);
}

function pruneReport(r, applied) {
  const list = applied ? r.deleted : r.would_delete;
  return h('div',
    h('h3#prune-outcome', applied ? `Deleted ${list.length} set(s), ${r.size_freed} freed`
      : `Dry run: ${list.length} set(s) would be deleted, ${r.size_to_free} freed`),
    table(applied ? 'Deleted' : 'Would be deleted', [
      ['Location', (e) => e.location], ['Timestamp', (e) => h('code', e.timestamp)], ['State', (e) => badge(e.state)],
      ['Size', (e) => bytes(e.bytes)], ['Why', (e) => e.reason],
    ], list, (e) => ({ dataset: { timestamp: e.timestamp } })),
    table('Kept (protected)', [
      ['Location', (e) => e.location], ['Timestamp', (e) => h('code', e.timestamp)], ['Why', (e) => e.reason],
    ], r.kept),
    r.errors && r.errors.length ? h('ul.plain.error', r.errors.map((x) => h('li', x))) : null);
}
