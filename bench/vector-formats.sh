#!/usr/bin/env bash
# Benchmark of the backup formats: CSV, binary and binary+zstd backup and replace restore by `pipeline vector`,
# against psql \copy in CSV and in binary, alternating in the same run.
#
#   bench/vector-formats.sh ROWS DIM [RUNS]       e.g.  bench/vector-formats.sh 20000 1536
#                                                       bench/vector-formats.sh 200000 1536 3
#
# Builds (or reuses) a LangChain (G2) store of ROWS x DIM in database pipeline_bench on the project's local
# cluster, then per run, in this order:
#   backup:  psql csv | psql binary | pipeline csv | pipeline binary | pipeline binary+zstd
#   restore: the same five, each BEGIN; TRUNCATE both; load both; COMMIT (pipeline: restore --truncate-before-restore,
#            one transaction, checksums verified while streaming: DELETE, so readers keep the old rows), then the
#            binary set once more with --exclusive (TRUNCATE, readers wait until the commit); before each
#            timed restore VACUUM and CHECKPOINT, untimed
# and prints a Markdown table: medians, ratio to psql CSV, embedding file bytes and their ratio to CSV, peak RSS.
# The pipeline runs through bin/pipeline (its JVM options; PIPELINE_JAVA_OPTS overrides). Needs /usr/bin/time.
# Scratch space: BENCH_DIR (default /tmp/pipeline-bench-formats).
set -euo pipefail
ROWS=${1:?usage: bench/vector-formats.sh ROWS DIM [RUNS]}
DIM=${2:?usage: bench/vector-formats.sh ROWS DIM [RUNS]}
RUNS=${3:-3}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-bench-formats}
export PIPELINE_NO_BUILD=1
PIPELINE=$PROJECT/bin/pipeline
DB=pipeline_bench

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-cli/target/pipeline-cli.jar
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-cli -am package >&2)
JAVA_OPTS=${PIPELINE_JAVA_OPTS:-default (bin/pipeline)}

# ---------------------------------------------------------------- data (the same store as vector-backup-restore.sh)
# shellcheck source=bench/store.sh
source "$PROJECT/bench/store.sh"
build_store

rm -rf "$WORK"; mkdir -p "$WORK/psql"
export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB?user=postgres"
RESULTS=$WORK/runs.tsv; : > "$RESULTS"
declare -A FLAGS=([csv]="--format csv" [binary]="--format binary" [binary_zstd]="--format binary --compress zstd")
MODES=(csv binary binary_zstd)

timed() { # name -- command...
  local name=$1; shift 2
  local t0 t1 rss
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" \
    || { echo "!! $name failed:" >&2; tail -5 "$WORK/err.txt" >&2; exit 1; }
  t1=$(date +%s%N)
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
  printf '%s\t%s\t%s\n' "$name" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')" "$rss" >> "$RESULTS"
  echo "   $name: $(tail -1 "$RESULTS" | cut -f2)s, peak RSS $((rss / 1024)) MiB" >&2
}
psql_backup() { # csv|binary
  local f=$1 ext=csv opts="FORMAT csv, HEADER"
  [ "$f" = binary ] && { ext=pgcopy; opts="FORMAT binary"; }
  "${PSQL[@]}" -d "$DB" -c "\\copy langchain_pg_collection TO '$WORK/psql/c.$ext' WITH ($opts)" \
    -c "\\copy langchain_pg_embedding TO '$WORK/psql/e.$ext' WITH ($opts)"
}
psql_restore_sql() { # csv|binary -> file
  local f=$1 ext=csv opts="FORMAT csv, HEADER"
  [ "$f" = binary ] && { ext=pgcopy; opts="FORMAT binary"; }
  cat > "$WORK/restore_$f.sql" <<SQL
BEGIN;
TRUNCATE langchain_pg_collection, langchain_pg_embedding;
\\copy langchain_pg_collection FROM '$WORK/psql/c.$ext' WITH ($opts)
\\copy langchain_pg_embedding FROM '$WORK/psql/e.$ext' WITH ($opts)
COMMIT;
SQL
}

echo "== warm-up (untimed)" >&2
"${PSQL[@]}" -d "$DB" -c "\\copy langchain_pg_embedding TO '/dev/null' WITH (FORMAT binary)"
PIPELINE_DATA_DIR=$WORK/warm "$PIPELINE" vector backup --format binary --json > /dev/null 2>&1
rm -rf "$WORK/warm"

declare -A TS
for r in $(seq 1 "$RUNS"); do
  echo "== backup run $r" >&2
  for f in csv binary; do
    rm -f "$WORK"/psql/*."${f/binary/pgcopy}"; sync
    timed "psql_${f}_backup" -- bash -c "$(declare -f psql_backup); PSQL=(${PSQL[*]}); DB=$DB; WORK=$WORK; psql_backup $f"
  done
  for m in "${MODES[@]}"; do
    rm -rf "$WORK/data-$m"; sync
    # shellcheck disable=SC2086
    timed "pipeline_${m}_backup" -- env PIPELINE_DATA_DIR="$WORK/data-$m" "$PIPELINE" vector backup ${FLAGS[$m]} --json
    TS[$m]=$(sed -n 's/.*"backup_timestamp" : "\([0-9_]*\)".*/\1/p' "$WORK/out.txt" | tail -1)
  done
done
cmp "$WORK/psql/e.csv" "$WORK/data-csv/vector_bak/langchain_pg_embedding_${TS[csv]}.csv" \
  && echo "   check: the CSV set is byte-identical to psql \\copy" >&2
cmp "$WORK/psql/e.pgcopy" "$WORK/data-binary/vector_bak/langchain_pg_embedding_${TS[binary]}.pgcopy" \
  && echo "   check: the binary set is byte-identical to psql \\copy (FORMAT binary)" >&2

# before every timed restore, for every tool: the dead rows of the previous restore vacuumed and a checkpoint,
# so no restore pays for its predecessor (an autovacuum of the TOAST table running into it, a pending checkpoint)
settle() { "${PSQL[@]}" -d "$DB" -c "VACUUM langchain_pg_collection, langchain_pg_embedding" -c "CHECKPOINT"; }
psql_restore_sql csv; psql_restore_sql binary
for r in $(seq 1 "$RUNS"); do
  echo "== restore run $r" >&2
  for f in csv binary; do
    settle
    timed "psql_${f}_restore" -- "${PSQL[@]}" -d "$DB" -f "$WORK/restore_$f.sql"
  done
  for m in "${MODES[@]}"; do
    settle
    timed "pipeline_${m}_restore" -- env PIPELINE_DATA_DIR="$WORK/data-$m" "$PIPELINE" vector restore --global \
      --timestamp "${TS[$m]}" --truncate-before-restore --json
  done
  settle
  timed "pipeline_binary_exclusive_restore" -- env PIPELINE_DATA_DIR="$WORK/data-binary" "$PIPELINE" vector restore \
    --global --timestamp "${TS[binary]}" --truncate-before-restore --exclusive --json
done
rows=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM langchain_pg_embedding")
[ "$rows" = "$ROWS" ] && echo "   check: $rows rows after the last restore" >&2

median() { grep "^$1	" "$RESULTS" | cut -f2 | sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
maxrss() { grep "^$1	" "$RESULTS" | cut -f3 | sort -n | tail -1 | awk '{printf "%d", $1/1024}'; }
bytes_of() { stat -c %s "$1"; }
csv_bytes=$(bytes_of "$WORK/psql/e.csv")
declare -A BYTES=([psql_csv]=$csv_bytes [psql_binary]=$(bytes_of "$WORK/psql/e.pgcopy")
  [pipeline_csv]=$(bytes_of "$WORK/data-csv/vector_bak/langchain_pg_embedding_${TS[csv]}.csv")
  [pipeline_binary]=$(bytes_of "$WORK/data-binary/vector_bak/langchain_pg_embedding_${TS[binary]}.pgcopy")
  [pipeline_binary_zstd]=$(bytes_of "$WORK/data-binary_zstd/vector_bak/langchain_pg_embedding_${TS[binary_zstd]}.pgcopy.zst"))
pb=$(median psql_csv_backup); pr=$(median psql_csv_restore)
echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — ROWS=$ROWS DIM=$DIM, RUNS=$RUNS (alternating), JVM: $JAVA_OPTS"
echo
echo "| tool, format | backup median s | backup ÷ psql CSV | restore median s | restore ÷ psql CSV | embedding file MB | bytes ÷ CSV | peak RSS MiB (backup / restore) |"
echo "|---|---|---|---|---|---|---|---|"
for k in psql_csv psql_binary pipeline_csv pipeline_binary pipeline_binary_zstd; do
  b=$(median "${k}_backup"); s=$(median "${k}_restore")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "${k//_/ }" "$b" \
    "$(awk -v a="$b" -v c="$pb" 'BEGIN{printf "%.2fx", a/c}')" "$s" \
    "$(awk -v a="$s" -v c="$pr" 'BEGIN{printf "%.2fx", a/c}')" \
    "$(awk -v a="${BYTES[$k]}" 'BEGIN{printf "%.1f", a/1e6}')" \
    "$(awk -v a="${BYTES[$k]}" -v c="$csv_bytes" 'BEGIN{printf "%.2f", a/c}')" \
    "$(maxrss "${k}_backup")" "$(maxrss "${k}_restore")"
done
s=$(median pipeline_binary_exclusive_restore)
printf '| %s | — | — | %s | %s | %s | %s | — / %s |\n' "pipeline binary, restore --exclusive (TRUNCATE)" "$s" \
  "$(awk -v a="$s" -v c="$pr" 'BEGIN{printf "%.2fx", a/c}')" \
  "$(awk -v a="${BYTES[pipeline_binary]}" 'BEGIN{printf "%.1f", a/1e6}')" \
  "$(awk -v a="${BYTES[pipeline_binary]}" -v c="$csv_bytes" 'BEGIN{printf "%.2f", a/c}')" \
  "$(maxrss pipeline_binary_exclusive_restore)"
