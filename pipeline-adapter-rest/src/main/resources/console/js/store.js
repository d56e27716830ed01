// The store as the assistant reads it: collections with rows, dimensions and the recorded embedding model; a search
// box showing the top k with their cosine similarity, exactly as langchain_postgres orders them; the retrieval
// evaluation of a task's questions and its figures over time.
import { get, post } from './api.js';
import { badge, errorBox, field, fill, h, pairs, table } from './dom.js';
import { reembedSection } from './reembed.js';

const COLLECTIONS = ['ddl', 'documentation', 'sql'];
const pct = (x) => (x === undefined || x === null ? '–' : (100 * x).toFixed(1) + ' %');

export async function storeView(el, params) {
  const overview = h('section#store-collections', { 'aria-labelledby': 'collections-title' });
  const search = h('section#store-search', { 'aria-labelledby': 'search-title' });
  const evaluation = h('section#store-evaluation', { 'aria-labelledby': 'evaluation-title' });
  const reembed = h('section#store-reembed', { 'aria-labelledby': 'reembed-title' });
  fill(el, h('div.title', h('h1', 'Store'),
    h('button#refresh-store', { type: 'button', on: { click: () => collections() } }, 'Refresh')),
  overview, search, evaluation, reembed);

  async function collections() {
    fill(overview, h('h2#collections-title', 'Collections'), h('p', 'Loading…'));
    let inv;
    try {
      inv = await get('/vector/collections');
    } catch (e) {
      fill(overview, h('h2#collections-title', 'Collections'), errorBox(e));
      return null;
    }
    const model = inv.embedding_model;
    fill(overview, h('h2#collections-title', 'Collections'),
      pairs([['Configured embedding model', h('span#configured-model', model.description)],
        model.problem ? ['Problem', h('span.error', model.problem)] : null]),
      table('Collections of the store', [
        ['Collection', (c) => h('code', c.name)],
        ['Rows', (c) => String(c.rows)],
        ['Dimensions', (c) => Object.keys(c.dimensions).join(', ') || '–'],
        ['Recorded model', (c) => (c.recorded_model
          ? `${c.recorded_model.provider}/${c.recorded_model.model} (${c.recorded_model.dimension})`
            + (c.recorded_model.task_id ? ' by ' + c.recorded_model.task_id : '')
          : 'not recorded')],
        ['Searchable', (c) => badge(c.searchable.replace('_', ' '))],
      ], inv.collections, (c) => ({ dataset: { collection: c.name } })));
    return inv;
  }

  function renderSearch() {
    const collection = h('select#search-collection', COLLECTIONS.map((c) => h('option', { value: c }, c)));
    const k = h('input#search-k', { type: 'number', min: '1', max: '100', value: '5', inputmode: 'numeric' });
    const question = h('input#search-question', { type: 'search', required: true, autocomplete: 'off',
      placeholder: 'Which city is each shop in?' });
    const results = h('div#search-results', { 'aria-live': 'polite' });
    const form = h('form#search-form', { on: { submit: async (e) => {
      e.preventDefault();
      fill(results, h('p', 'Searching…'));
      try {
        const r = await post('/vector/search', { collection: collection.value, question: question.value,
          k: Number(k.value) });
        fill(results, h('p', `Top ${r.k} of ${r.collection}, the question embedded by `
          + `${r.embedding_model.provider}/${r.embedding_model.model}:`),
        r.warnings.map((w) => h('p.warning', w)),
        h('ol#search-hits.hits', r.results.map((hit) => h('li', { dataset: { id: hit.id } },
          h('p', h('strong.similarity', hit.similarity.toFixed(4)), ' ', h('code', hit.id)),
          h('pre.document', hit.document)))));
      } catch (err) {
        fill(results, errorBox(err));
      }
    } } },
    field('Collection', collection), field('Results (k)', k), field('Question', question),
    h('div.actions', h('button#search-submit.primary', { type: 'submit' }, 'Search')));
    fill(search, h('h2#search-title', 'Search what the assistant retrieves'),
      h('p.hint', 'Ranked by cosine distance within the collection, as langchain_postgres does; similarity = 1 − distance.'),
      form, results);
  }

  async function renderEvaluation(taskId) {
    const task = h('input#evaluate-task', { type: 'text', value: taskId || '', autocomplete: 'off',
      placeholder: 'the task that last loaded the store' });
    const k = h('input#evaluate-k', { type: 'number', min: '1', max: '50', value: '3', inputmode: 'numeric' });
    const out = h('div#evaluation-result', { 'aria-live': 'polite' });
    const history = h('div#evaluation-history');
    const form = h('form#evaluate-form', { on: { submit: async (e) => {
      e.preventDefault();
      fill(out, h('p', 'Evaluating…'));
      try {
        const body = { k: Number(k.value) };
        if (task.value.trim()) body.task_id = task.value.trim();
        const r = await post('/vector/evaluate', body);
        task.value = r.task_id;
        fill(out, evaluationResult(r));
        await showHistory(r.task_id);
      } catch (err) {
        fill(out, errorBox(err));
      }
    } } },
    field('Task', task, 'Its question–SQL pairs are asked, each with itself left out.'), field('k', k),
    h('div.actions', h('button#evaluate-submit.primary', { type: 'submit' }, 'Evaluate')));
    fill(evaluation, h('h2#evaluation-title', 'Retrieval evaluation'), form, out, history);

    async function showHistory(id) {
      try {
        const hist = await get('/vector/evaluations?task_id=' + encodeURIComponent(id));
        fill(history, h('h3', 'Over time'), table('Evaluations of ' + id, [
          ['When', (x) => x.evaluated_at],
          ['k', (x) => String(x.k)],
          ['ddl_hit', (x) => pct(x.metrics['ddl_hit@' + x.k])],
          ['ddl_recall', (x) => pct(x.metrics['ddl_recall@' + x.k])],
          ['doc_hit', (x) => pct(x.metrics['doc_hit@' + x.k])],
          ['sql_match', (x) => pct(x.metrics['sql_match@' + x.k])],
          ['Questions', (x) => `${x.evaluated}/${x.questions}`],
          ['Model', (x) => x.model],
        ], hist.evaluations));
      } catch (err) {
        fill(history, errorBox(err));
      }
    }
    if (taskId) await showHistory(taskId);
  }

  function evaluationResult(r) {
    const m = r.metrics;
    return h('div',
      h('p', `Task ${r.task_id}, k = ${r.k}: ${r.evaluated} of ${r.questions} questions evaluated, embedded by `
        + `${r.embedding.provider}/${r.embedding.model}.`),
      table('Figures', [['Figure', (x) => h('code', x[0])], ['Value', (x) => h('span.figure', pct(x[1]))],
        ['Meaning', (x) => x[2]]], [
        ['ddl_hit@' + r.k, m['ddl_hit@' + r.k], 'the DDL of every table the SQL reads is in the top k'],
        ['ddl_recall@' + r.k, m['ddl_recall@' + r.k], 'share of those tables whose DDL is in the top k'],
        ['doc_hit@' + r.k, m['doc_hit@' + r.k], 'every such table is named by a documentation row in the top k'],
        ['sql_match@' + r.k, m['sql_match@' + r.k], `another pair reading the same tables is in the top k `
          + `(${r.sql_matchable} questions have one)`],
      ], (x) => ({ dataset: { figure: x[0] } })),
      table('Per table', [['Table', (t) => h('code', t.table)], ['DDL retrieved', (t) => `${t.ddl_retrieved} / ${t.questions}`],
        ['', (t) => (t.ddl_retrieved === 0 ? badge('never retrieved') : '')]], r.tables),
      r.worst_questions.length ? h('div', h('h3', 'Worst questions'), h('ol#worst-questions', r.worst_questions.map((q) =>
        h('li', h('p', q.question), h('p.hint', `reads ${q.tables.join(', ')}`
          + (q.missing_ddl.length ? `; DDL missing ${q.missing_ddl.join(', ')}` : '')
          + `; retrieved ${q.retrieved_ddl.join(', ')}`
          + (q.doc_hit ? '' : '; no doc') + (q.sql_match === false ? '; no pair with the same tables' : '')))))) : null,
      r.warnings.map((w) => h('p.warning', w)),
      h('p.muted', 'Kept in the task directory as ' + r.file));
  }

  await collections();
  renderSearch();
  await renderEvaluation(params.get('task'));
  reembedSection(reembed, collections);
}
