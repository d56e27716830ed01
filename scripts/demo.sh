#!/usr/bin/env bash
# The demo behind `./bin/pipeline demo`: the whole pipeline on a local database the project sets up itself.
#
#  1. PostgreSQL + pgvector (scripts/setup-postgres.sh: installs pgvector if needed, starts a local cluster)
#  2. a sample business database (demo/sample_business.sql) and a small existing LangChain store
#  3. a task over six tables: ddl_generation, qa_generation (with a language model) or the shipped pairs file
#     (without one), sql_validation, training_load with a backup of the store
#  4. a second reload with --truncate-vector-tables (backup, removal and load in one transaction)
#  5. the backup sets and the task status with its vector_management report (the full JSON with --json)
#  6. what the assistant retrieves: the collections with their recorded model, the retrieval evaluation of the
#     task's own questions, and a search for a question about a demo table
#  7. what the assistant must do to read this store (which model embeds its questions, a snippet)
#
# With PIPELINE_LLM_BASE_URL and PIPELINE_LLM_MODEL set, all four steps use the model. Embeddings come from
# PIPELINE_EMBEDDING_* or, when nothing is set, from the in-process model (BAAI's bge-small-zh-v1.5, quantized,
# run inside the JVM: no server, no download) — the product's default, not a demo stand-in. The demo's existing
# store (demo/sample_langchain.sql) holds vectors of that same model, as an assistant built with it would.
#
# It ends with a short summary: what was built, where, and what to try next. Its files go to a data directory of its
# own, PIPELINE_DEMO_DATA_DIR (default <project>/.demo-data, git-ignored), never ./data or PIPELINE_DATA_DIR.
#   bin/pipeline demo [--json]      --json: also print the task's full status document at the end
set -euo pipefail
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$PROJECT"

JSON=0
for arg in "$@"; do
  case "$arg" in
    --json) JSON=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown option $arg (use --json or --help)" >&2; exit 2 ;;
  esac
done

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "1. PostgreSQL + pgvector (local demo cluster)"
scripts/setup-postgres.sh start
PGBIN=$(scripts/setup-postgres.sh pgbin)
eval "$(scripts/setup-postgres.sh env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)

BUSINESS_DB=pipeline_demo_business
VECTOR_DB=pipeline_demo_vector
export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$VECTOR_DB?user=postgres"
# the demo's own data directory: its task and backup sets never mix with a real ./data (or PIPELINE_DATA_DIR)
export PIPELINE_DATA_DIR=${PIPELINE_DEMO_DATA_DIR:-$PROJECT/.demo-data}
BUSINESS_URL="postgresql://postgres@127.0.0.1:$PGPORT/$BUSINESS_DB"
PIPELINE=("$PROJECT/bin/pipeline")

step "2. sample business database $BUSINESS_DB and vector store $VECTOR_DB (both recreated)"
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $BUSINESS_DB WITH (FORCE)" -c "CREATE DATABASE $BUSINESS_DB" \
  -c "DROP DATABASE IF EXISTS $VECTOR_DB WITH (FORCE)" -c "CREATE DATABASE $VECTOR_DB"
"${PSQL[@]}" -d "$BUSINESS_DB" -f demo/sample_business.sql
"${PSQL[@]}" -d "$VECTOR_DB" -f demo/sample_langchain.sql
"${PSQL[@]}" -d "$BUSINESS_DB" -c "SELECT n.nspname || '.' || c.relname AS business_table, c.reltuples::bigint AS rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname IN ('public', 'sales') ORDER BY 1"
"${PSQL[@]}" -d "$VECTOR_DB" -c "SELECT c.name AS collection, count(e.id) AS rows_before_the_demo
  FROM langchain_pg_collection c LEFT JOIN langchain_pg_embedding e ON e.collection_id = c.uuid GROUP BY 1 ORDER BY 1"

step "3. the pipeline"
mkdir -p "$PIPELINE_DATA_DIR"
TASK=$("${PIPELINE[@]}" task create --db-connection "$BUSINESS_URL" --table-list demo/table_list.txt \
  --business-context "a chain of bicycle shops: shops, products, customers, orders and daily revenue" \
  --task-name "demo" 2>/dev/null)
echo "task: $TASK" >&2
if [ -n "${PIPELINE_LLM_BASE_URL:-}" ] && [ -n "${PIPELINE_LLM_MODEL:-}" ]; then
  echo "language model configured ($PIPELINE_LLM_MODEL): running all four steps" >&2
  "${PIPELINE[@]}" task execute --task-id "$TASK" --backup-vector-tables
else
  echo "no language model configured (PIPELINE_LLM_BASE_URL / PIPELINE_LLM_MODEL): qa_generation is replaced by" \
       "demo/qs_pipeline_demo_business_demo_pair.json; the other steps run for real" >&2
  "${PIPELINE[@]}" task execute --task-id "$TASK" --step-name ddl_generation
  cp demo/qs_pipeline_demo_business_demo_pair.json "$PIPELINE_DATA_DIR/$TASK/"
  "${PIPELINE[@]}" task execute --task-id "$TASK" --step-name sql_validation
  "${PIPELINE[@]}" task execute --task-id "$TASK" --step-name training_load --backup-vector-tables
fi

step "4. reload: backup, removal of the old rows and the new load in one transaction"
"${PIPELINE[@]}" task execute --task-id "$TASK" --step-name training_load --truncate-vector-tables
"${PSQL[@]}" -d "$VECTOR_DB" -c "SELECT c.name AS collection, count(e.id) AS rows_now
  FROM langchain_pg_collection c LEFT JOIN langchain_pg_embedding e ON e.collection_id = c.uuid GROUP BY 1 ORDER BY 1"

step "5. backup sets and the task status (with its vector_management report)"
"${PIPELINE[@]}" vector list --task-id "$TASK" 2>/dev/null
"${PIPELINE[@]}" task status --task-id "$TASK" 2>/dev/null

step "6. what the assistant retrieves from this store"
"${PIPELINE[@]}" vector collections 2>/dev/null
echo >&2
"${PIPELINE[@]}" vector evaluate --task-id "$TASK" -k 3 2>/dev/null
echo >&2
QUESTION="Which city is each of our shops in, and when did it open?"
"${PIPELINE[@]}" vector search --collection ddl -k 3 "$QUESTION" 2>/dev/null
FIRST=$("${PIPELINE[@]}" vector search --collection ddl -k 1 --json "$QUESTION" 2>/dev/null | grep -m1 '"document"' || true)
if printf '%s\n' "$FIRST" | grep -qiE 'create table (if not exists )?public\.shop[^_a-z0-9]'; then
  echo "-> the DDL of public.shop comes first, as the assistant needs" >&2
else
  echo "-> WARNING: the DDL of public.shop is not the first result" >&2
fi
MODEL_DESC=$("${PIPELINE[@]}" vector collections --json 2>/dev/null | grep -m1 '"description"' | sed 's/.*: "\(.*\)",*/\1/')

step "7. what the assistant must do to read this store"
cat <<MSG
This store was embedded with: ${MODEL_DESC:-see 'bin/pipeline vector collections'}
Every collection records that model in its cmetadata ("embedding"); loads of another model are refused.
The assistant must embed its questions with the same model, L2-normalised, without a query instruction:
sentence-transformers BAAI/bge-small-zh-v1.5 (512 dimensions, CLS pooling), or the quantized ONNX file the
pipeline runs (see docs/embeddings.md for both, and for checking your side against our reference vectors).

  # pip install langchain-postgres langchain-huggingface sentence-transformers "psycopg[binary]" vanna
  from langchain_huggingface import HuggingFaceEmbeddings
  from langchain_postgres import PGVector
  emb = HuggingFaceEmbeddings(model_name="BAAI/bge-small-zh-v1.5",
                              encode_kwargs={"normalize_embeddings": True})
  url = "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/$VECTOR_DB"
  ddl = PGVector(embeddings=emb, collection_name="ddl", connection=url, use_jsonb=True)
  print(ddl.similarity_search_with_score("$QUESTION", k=3))

  # Vanna: the same embeddings for its PG_VectorStore
  from vanna.pgvector import PG_VectorStore
  config = {"connection_string": url, "embedding_function": emb, "n_results": 3}

Check what it will retrieve from here:  bin/pipeline vector search --collection sql "your question"
MSG

step "done"
STATUS=$("${PIPELINE[@]}" task status --task-id "$TASK" --json 2>/dev/null)
TASK_STATUS=$(printf '%s\n' "$STATUS" | grep -m1 '"status"' | sed 's/.*: *"\([a-z_]*\)".*/\1/')
TASK_DIR="$PIPELINE_DATA_DIR/$TASK"
TABLES=$(find "$TASK_DIR" -maxdepth 1 -name '*.ddl' | wc -l)
PAIRS=$(cat "$TASK_DIR"/*_pair.json 2>/dev/null | grep -o '"question"' | wc -l)
SETS=$(find "$TASK_DIR/vector_bak" -maxdepth 1 -name 'manifest_*.json' 2>/dev/null | wc -l)
LATEST=$(find "$TASK_DIR/vector_bak" -maxdepth 1 -name 'manifest_*.json' 2>/dev/null | sort | tail -1 \
  | sed 's/.*manifest_\([0-9_]*\)\.json/\1/')
ROWS=$("${PSQL[@]}" -d "$VECTOR_DB" -At -F ' ' -c "SELECT c.name || ' ' || count(e.id) FROM langchain_pg_collection c
  LEFT JOIN langchain_pg_embedding e ON e.collection_id = c.uuid GROUP BY c.name ORDER BY 1" | paste -sd, - | sed 's/,/, /g')
cat <<MSG
What the demo built
  task $TASK: $TASK_STATUS — DDL and Markdown docs of $TABLES tables, $PAIRS question–SQL pairs checked with EXPLAIN,
  loaded twice into the vector store (the second time replacing the first in one transaction)
  vector store rows now: $ROWS
  $SETS backup sets of the store as it was before each load, the newest $LATEST

Where
  task files         $TASK_DIR/   (DDL, docs, pairs, results, data_pipeline.log, vector_bak/)
  business database  $BUSINESS_URL
  vector store       postgresql://postgres@127.0.0.1:$PGPORT/$VECTOR_DB
MSG
if [ "$TASK_STATUS" = "partial_completed" ]; then
  cat <<MSG

Why partial_completed: that is expected here. No language model is configured (PIPELINE_LLM_BASE_URL and
PIPELINE_LLM_MODEL), so qa_generation never ran; the demo used its shipped pairs file instead and ran the other steps
one by one. With a model set, 'bin/pipeline task execute --task-id $TASK' runs all four and the task ends completed.
MSG
fi
cat <<MSG

Try next
  export PIPELINE_DB_URL='$PIPELINE_DB_URL' PIPELINE_DATA_DIR='$PIPELINE_DATA_DIR'
  bin/pipeline task status --task-id $TASK                 # steps, last execution, its vector_management
  bin/pipeline vector verify --task-id $TASK --timestamp $LATEST
  bin/pipeline vector search --collection sql "how many orders did each shop take?"
  bin/pipeline vector evaluate --task-id $TASK --history   # the retrieval figures over time
  bin/pipeline demo --json                                 # the same, with the task's full status document
Stop the demo cluster with: scripts/setup-postgres.sh stop
MSG
if [ -d "$PROJECT/data/demo" ] && [ "$PIPELINE_DATA_DIR" != "$PROJECT/data/demo" ]; then
  echo "(an earlier demo wrote into data/demo, which the demo no longer uses; remove it with: rm -r data/demo)"
fi
if [ "$JSON" = 1 ]; then
  printf '%s\n' "$STATUS"
fi
