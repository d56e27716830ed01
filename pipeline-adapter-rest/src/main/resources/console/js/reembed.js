// Re-embed the store with another model: a dry run counts the documents and estimates the time; a run backs up, embeds,
// rewrites every vector in one commit, and says what to switch now (this pipeline's and the assistant's query model)
// and how to go back (the backup set it took).
import { post } from './api.js';
import { errorBox, field, fill, h, pairs, seconds } from './dom.js';

const PROVIDERS = ['openai', 'ollama', 'onnx', 'offline'];

export function reembedSection(section, onDone) {
  const provider = h('select#reembed-provider', PROVIDERS.map((p) => h('option', { value: p }, p)));
  const model = h('input#reembed-model', { type: 'text', autocomplete: 'off', placeholder: 'text-embedding-3-small' });
  const dimension = h('input#reembed-dimension', { type: 'number', min: '2', max: '16000', inputmode: 'numeric' });
  const collections = h('input#reembed-collections', { type: 'text', autocomplete: 'off', placeholder: 'all' });
  const baseUrl = h('input#reembed-base-url', { type: 'url', autocomplete: 'off', placeholder: 'the configured endpoint' });
  const out = h('div#reembed-result', { 'aria-live': 'polite' });

  function body(dryRun) {
    const b = { provider: provider.value, dry_run: dryRun };
    if (model.value.trim()) b.model = model.value.trim();
    if (dimension.value.trim()) b.dimension = Number(dimension.value);
    if (collections.value.trim()) b.collections = collections.value.split(',').map((c) => c.trim()).filter(Boolean);
    if (baseUrl.value.trim()) b.base_url = baseUrl.value.trim();
    return b;
  }

  async function run(dryRun) {
    if (!dryRun && !window.confirm('Re-embed the store with ' + provider.value + '/' + (model.value || 'its default')
      + '? Every vector in scope is rewritten in one commit, after a backup set.')) return;
    fill(out, h('p', dryRun ? 'Counting and sampling…' : 'Re-embedding…'));
    try {
      const r = await post('/vector/reembed', body(dryRun));
      fill(out, result(r));
      if (!dryRun && onDone) await onDone();
    } catch (err) {
      fill(out, errorBox(err));
    }
  }

  const form = h('form#reembed-form', { on: { submit: (e) => { e.preventDefault(); run(true); } } },
    field('Provider', provider), field('Model', model), field('Dimension', dimension, 'Required for openai and ollama.'),
    field('Collections', collections, 'Comma separated; empty: every collection (needed when the column type changes).'),
    field('Base URL', baseUrl),
    h('div.actions', h('button#reembed-dry-run', { type: 'submit' }, 'Dry run'),
      h('button#reembed-submit.danger', { type: 'button', on: { click: () => run(false) } }, 'Re-embed')));
  fill(section, h('h2#reembed-title', 'Re-embed with another model'),
    h('p.hint', 'Needs scope admin (a dry run: read). Readers see the old vectors until the commit, the new ones after.'),
    form, out);
}

function result(r) {
  const after = r.model_after;
  return h('div',
    pairs([['Documents', `${r.documents} (${r.distinct_texts} distinct texts) in ${r.collections.join(', ')}`],
      ['New model', `${after.provider}/${after.model} (${after.dimension})`],
      r.estimate ? ['To embed', `${r.estimate.texts_to_embed} (${r.reused_from_cache} in the resume cache), about `
        + seconds(r.estimate.estimated_seconds)] : ['Embedded', `${r.embedded + r.embedded_in_transaction} now, `
        + `${r.reused_from_cache} from the resume cache`],
      r.rewritten ? ['Rewritten', Object.entries(r.rewritten).map(([c, n]) => `${c}: ${n}`).join(', ')] : null,
      r.column_type ? ['Column', `${r.column_type.before} → ${r.column_type.after}`] : null,
      r.backup_timestamp ? ['Backup set', h('code#reembed-backup', r.backup_timestamp)] : null]),
    r.warnings.map((w) => h('p.warning', w)),
    r.next_steps.length ? h('div#reembed-next.error-box', { role: 'alert' }, h('p', h('strong', 'Do now:')),
      h('ol', r.next_steps.map((s) => h('li', s)))) : null);
}
