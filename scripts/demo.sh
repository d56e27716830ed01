#!/usr/bin/env bash
# The demo behind `./bin/pipeline demo`: sets up a local PostgreSQL with pgvector (scripts/setup-postgres.sh),
# loads the sample business database and a small LangChain store, and shows what it did.
set -euo pipefail
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$PROJECT"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "PostgreSQL + pgvector (local demo cluster)"
scripts/setup-postgres.sh start
PGBIN=$(scripts/setup-postgres.sh pgbin)
eval "$(scripts/setup-postgres.sh env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)

BUSINESS_DB=pipeline_demo_business
VECTOR_DB=pipeline_demo_vector

step "sample business database: $BUSINESS_DB (recreated from demo/sample_business.sql)"
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $BUSINESS_DB WITH (FORCE)" \
  -c "CREATE DATABASE $BUSINESS_DB"
"${PSQL[@]}" -d "$BUSINESS_DB" -f demo/sample_business.sql
"${PSQL[@]}" -d "$BUSINESS_DB" -c "SELECT n.nspname || '.' || c.relname AS table, c.reltuples::bigint AS rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname IN ('public', 'sales') ORDER BY 1"

step "vector store: $VECTOR_DB (LangChain tables + a small existing store)"
"${PSQL[@]}" -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$VECTOR_DB'" | grep -q 1 \
  || "${PSQL[@]}" -d postgres -c "CREATE DATABASE $VECTOR_DB"
"${PSQL[@]}" -d "$VECTOR_DB" -f demo/sample_langchain.sql
"${PSQL[@]}" -d "$VECTOR_DB" -c "SELECT c.name AS collection, count(e.id) AS rows,
  max(vector_dims(e.embedding)) AS dims FROM langchain_pg_collection c
  LEFT JOIN langchain_pg_embedding e ON e.collection_id = c.uuid GROUP BY c.name ORDER BY c.name"

step "done"
cat >&2 <<MSG
Business database: postgresql://postgres@127.0.0.1:$PGPORT/$BUSINESS_DB
Vector store:      postgresql://postgres@127.0.0.1:$PGPORT/$VECTOR_DB
Stop the cluster with: scripts/setup-postgres.sh stop
MSG
