#!/usr/bin/env bash
# Benchmark of the in-process embedder (provider onnx, bge-small-zh-v1.5-q, the default): a whole
# `pipeline training load` of the original tool's training set (the task directory its ddl_generation,
# qa_generation and sql_validation wrote: 7 tables, 64 items — 16 DDL statements and docs, 48 pairs; copied in
# pipeline-core/src/test/resources/original-trainer/), with a replacing reload into a scratch store, per thread count.
#
#   bench/embeddings.sh [RUNS]        e.g.  bench/embeddings.sh 5
#
# Prints per PIPELINE_EMBEDDING_THREADS (1, 2): the embedding throughput the step logs ("embedded N items in S s",
# model loading excluded; median of the runs), and farm-bench's whole-process wall time and peak RSS (JVM start, model
# load, database, backup-free reload included). The CLI runs through bin/pipeline, i.e. with its default -Xmx256m
# (PIPELINE_JAVA_OPTS overrides). Uses the project's local cluster (scripts/setup-postgres.sh), database
# pipeline_bench_embeddings (recreated). Scratch space: BENCH_DIR (default /tmp/pipeline-bench-embeddings).
set -euo pipefail
RUNS=${1:-5}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-bench-embeddings}
FIXTURE=$PROJECT/pipeline-core/src/test/resources/original-trainer/training_data_manual_20250720_134836
DB=pipeline_bench_embeddings
export PIPELINE_NO_BUILD=1
command -v farm-bench >/dev/null || { echo "needs farm-bench on PATH" >&2; exit 1; }

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-cli/target/pipeline-cli.jar
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-cli -am package >&2)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
  -c "CREATE DATABASE $DB"
rm -rf "$WORK" && mkdir -p "$WORK/data"
export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB?user=postgres" PIPELINE_DATA_DIR=$WORK/data
unset PIPELINE_EMBEDDING_BASE_URL PIPELINE_EMBEDDING_PROVIDER PIPELINE_EMBEDDING_MODEL PIPELINE_EMBEDDING_DIMENSION

echo "load average before: $(cut -d" " -f1-3 /proc/loadavg) (2 cores)"
echo
echo "| threads | items | embedding, model load included (median of $RUNS) | of which model load | items/s without the load | whole load command, wall | peak RSS |"
echo "|---|---|---|---|---|---|---|"
for THREADS in 1 2; do
  LOG=$WORK/threads-$THREADS.log
  : > "$LOG"
  REPORT=$(PIPELINE_EMBEDDING_THREADS=$THREADS farm-bench -n "$RUNS" --warmup 1 --timeout 600 -- \
    sh -c "exec '$PROJECT/bin/pipeline' training load --data-path '$FIXTURE' --truncate-vector-tables >>'$LOG' 2>&1")
  echo "$REPORT" >&2
  # per run: the model's load time, then the step's embedding time (which includes it); the warm-up run dropped
  ROW=$(awk -v runs="$RUNS" '
    /embedding model loaded/ { match($0, /seconds=[0-9.]+/); load = substr($0, RSTART + 8, RLENGTH - 8) }
    /embedded [0-9]+ items in/ { match($0, /embedded [0-9]+ items in [0-9.]+ s/); split(substr($0, RSTART, RLENGTH), w, " ")
      n++; items = w[2]; emb[n] = w[5]; ld[n] = load; net[n] = w[2] / (w[5] - load) }
    function median(a, m,   i, j, t, b) { for (i = 1; i <= m; i++) b[i] = a[i + n - m]
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
      return b[int((m + 1) / 2)] }
    END { m = (n < runs ? n : runs); printf "%d | %.2f s | %.2f s | %.1f", items, median(emb, m), median(ld, m), median(net, m) }' "$LOG")
  WALL=$(echo "$REPORT" | awk '/^A wall s/ {print $5}')
  PEAK=$(echo "$REPORT" | awk '/^A peak MiB/ {print $5}')
  echo "| $THREADS | $ROW | $WALL s | $PEAK MiB |"
done
