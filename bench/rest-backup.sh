#!/usr/bin/env bash
# A backup through the running REST server (no JVM start in the timing) against psql \copy of both tables plus sync,
# alternating in the same run, pair by pair.
#
#   bench/rest-backup.sh [ROWS] [DIM] [RUNS]        default 20000 1536, 7 pairs per format
#
# Builds (or reuses) the LangChain (G2) store of bench/store.sh in database pipeline_bench on the project's local
# cluster, starts the REST jar on a free port (data in BENCH_DIR, default /tmp/pipeline-bench-rest-backup), warms it
# up with one untimed backup per format, then per pair and format:
#   A: curl POST /api/v0/data_pipeline/vector/backup {"format": F}   (the set is fsynced and renamed into place)
#   B: psql \copy langchain_pg_collection and langchain_pg_embedding TO files in the same format; sync
# and prints a Markdown table: median seconds of A and B, and the median of the per-pair ratios A/B.
set -euo pipefail
ROWS=${1:-20000}
DIM=${2:-1536}
RUNS=${3:-7}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-bench-rest-backup}
DB=pipeline_bench

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-rest/target/pipeline-rest.jar
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-rest -am package >&2)
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

# shellcheck source=bench/store.sh
source "$PROJECT/bench/store.sh"
build_store

rm -rf "$WORK"; mkdir -p "$WORK/psql" "$WORK/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
PIPELINE_HTTP_PORT=$PORT PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB?user=postgres" \
  PIPELINE_DATA_DIR="$WORK/data" PIPELINE_EMBEDDING_PROVIDER=offline \
  java ${PIPELINE_JAVA_OPTS:-} -jar "$JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" > /dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health" > /dev/null || { echo "the server did not start:" >&2; tail -20 "$WORK/server.log" >&2; exit 1; }
B=http://127.0.0.1:$PORT/api/v0/data_pipeline

rest_backup() { # csv|binary
  curl -sf -X POST "$B/vector/backup" -H 'Content-Type: application/json' -d "{\"format\": \"$1\"}" > "$WORK/out.json" \
    || { echo "!! REST backup failed:" >&2; cat "$WORK/out.json" >&2; exit 1; }
}
psql_backup() { # csv|binary
  local ext=csv opts="FORMAT csv, HEADER"
  [ "$1" = binary ] && { ext=pgcopy; opts="FORMAT binary"; }
  rm -f "$WORK/psql/c.$ext" "$WORK/psql/e.$ext"
  "${PSQL[@]}" -d "$DB" -c "\\copy langchain_pg_collection TO '$WORK/psql/c.$ext' WITH ($opts)" \
    -c "\\copy langchain_pg_embedding TO '$WORK/psql/e.$ext' WITH ($opts)"
  sync
}
seconds() { # command... -> wall seconds on stdout
  local t0 t1
  t0=$(date +%s%N); "$@"; t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}'
}

echo "== warm-up (untimed)" >&2
for f in csv binary; do rest_backup "$f"; psql_backup "$f"; done
RESULTS=$WORK/pairs.tsv; : > "$RESULTS"
for r in $(seq 1 "$RUNS"); do
  for f in binary csv; do
    # the sets of the previous pair go, untimed, so the data directory does not grow with the runs
    rm -rf "$WORK/data/vector_bak"; sync
    a=$(seconds rest_backup "$f")
    b=$(seconds psql_backup "$f")
    printf '%s\t%s\t%s\n' "$f" "$a" "$b" >> "$RESULTS"
    echo "   pair $r $f: REST $a s, psql + sync $b s" >&2
  done
done

median() { sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — ROWS=$ROWS DIM=$DIM, $RUNS alternating pairs per format, REST server already running"
echo
echo "| format | REST backup median s | psql \\copy + sync median s | median of pair ratios REST ÷ psql |"
echo "|---|---|---|---|"
for f in binary csv; do
  a=$(awk -v f="$f" -F'\t' '$1==f {print $2}' "$RESULTS" | median)
  b=$(awk -v f="$f" -F'\t' '$1==f {print $3}' "$RESULTS" | median)
  ratio=$(awk -v f="$f" -F'\t' '$1==f {printf "%.4f\n", $2/$3}' "$RESULTS" | median)
  printf '| %s | %s | %s | %.2fx |\n' "$f" "$a" "$b" "$ratio"
done
