#!/usr/bin/env bash
# Benchmark: `pipeline vector backup` / `restore --truncate-before-restore` against psql \copy.
#
#   bench/vector-backup-restore.sh ROWS DIM [RUNS]      e.g.  bench/vector-backup-restore.sh 20000 1536
#
# Starts the project's local cluster (scripts/setup-postgres.sh start), builds a LangChain (G2) store of
# ROWS x DIM in database pipeline_bench, then times, alternating in the same run:
#   backup:  psql \copy of both tables to CSV          vs  pipeline vector backup
#   restore: psql BEGIN; TRUNCATE; \copy FROM x2; COMMIT vs  pipeline vector restore --truncate-before-restore
# and prints medians, ratios and peak RSS (/usr/bin/time -v) as a Markdown table. The restore input is the
# backup set the CLI wrote (psql reads the same files). Needs /usr/bin/time (apt-get install time).
# The CLI runs through bin/pipeline (its JVM options, PIPELINE_JAVA_OPTS to override). Scratch space: BENCH_DIR (default /tmp/pipeline-bench).
set -euo pipefail
ROWS=${1:?usage: bench/vector-backup-restore.sh ROWS DIM [RUNS]}
DIM=${2:?usage: bench/vector-backup-restore.sh ROWS DIM [RUNS]}
RUNS=${3:-3}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-bench}
export PIPELINE_NO_BUILD=1          # time the command users run: bin/pipeline (jar + CDS archive)
PIPELINE=$PROJECT/bin/pipeline
DB=pipeline_bench

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-cli/target/pipeline-cli.jar
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 1; }
if [ ! -f "$JAR" ]; then (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-cli -am package >&2); fi
JAVA_OPTS=${PIPELINE_JAVA_OPTS:-default (bin/pipeline)}

# ---------------------------------------------------------------- data
# shellcheck source=bench/store.sh
source "$PROJECT/bench/store.sh"
build_store

rm -rf "$WORK"; mkdir -p "$WORK/data" "$WORK/psql"
export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$DB?user=postgres" PIPELINE_DATA_DIR="$WORK/data"
RESULTS=$WORK/runs.tsv; : > "$RESULTS"

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

echo "== warm-up (untimed)" >&2
"${PSQL[@]}" -d "$DB" -c "\\copy langchain_pg_embedding TO '/dev/null' WITH (FORMAT csv, HEADER)"
"$PIPELINE" vector backup --json > "$WORK/warm.json" 2>/dev/null
rm -rf "$WORK/data/vector_bak"

psql_backup() {
  "${PSQL[@]}" -d "$DB" -c "\\copy langchain_pg_collection TO '$WORK/psql/c.csv' WITH (FORMAT csv, HEADER)" \
    -c "\\copy langchain_pg_embedding TO '$WORK/psql/e.csv' WITH (FORMAT csv, HEADER)"
}
for r in $(seq 1 "$RUNS"); do
  echo "== backup run $r" >&2
  rm -f "$WORK"/psql/*.csv; sync
  timed psql_backup -- bash -c "$(declare -f psql_backup); PSQL=(${PSQL[*]}); DB=$DB; WORK=$WORK; psql_backup"
  rm -rf "$WORK/data/vector_bak"; sync
  timed pipeline_backup -- "$PIPELINE" vector backup --json
done
TS=$(sed -n 's/.*"backup_timestamp" : "\([0-9_]*\)".*/\1/p' "$WORK/out.txt" | tail -1)
cmp "$WORK/psql/e.csv" "$WORK/data/vector_bak/langchain_pg_embedding_$TS.csv" \
  && echo "   check: embedding CSV byte-identical to psql \\copy" >&2

restore_sql=$WORK/restore.sql
cat > "$restore_sql" <<SQL
BEGIN;
TRUNCATE langchain_pg_collection, langchain_pg_embedding;
\\copy langchain_pg_collection FROM '$WORK/data/vector_bak/langchain_pg_collection_$TS.csv' WITH (FORMAT csv, HEADER)
\\copy langchain_pg_embedding FROM '$WORK/data/vector_bak/langchain_pg_embedding_$TS.csv' WITH (FORMAT csv, HEADER)
COMMIT;
SQL
for r in $(seq 1 "$RUNS"); do
  echo "== restore run $r" >&2
  "${PSQL[@]}" -d "$DB" -c "CHECKPOINT"
  timed psql_restore -- "${PSQL[@]}" -d "$DB" -f "$restore_sql"
  "${PSQL[@]}" -d "$DB" -c "CHECKPOINT"
  timed pipeline_restore -- "$PIPELINE" vector restore --global --timestamp "$TS" --truncate-before-restore --json
done
rows=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM langchain_pg_embedding")
[ "$rows" = "$ROWS" ] && echo "   check: $rows rows after the last restore" >&2

csv_mb=$(awk -v b="$(stat -c %s "$WORK/data/vector_bak/langchain_pg_embedding_$TS.csv")" 'BEGIN{printf "%.1f", b/1e6}')
median() { grep "^$1	" "$RESULTS" | cut -f2 | sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
maxrss() { grep "^$1	" "$RESULTS" | cut -f3 | sort -n | tail -1 | awk '{printf "%d", $1/1024}'; }
pb=$(median psql_backup); jb=$(median pipeline_backup); pr=$(median psql_restore); jr=$(median pipeline_restore)
cat <<MD

### $(date -u '+%Y-%m-%d %H:%M UTC') — ROWS=$ROWS DIM=$DIM, embedding CSV $csv_mb MB, RUNS=$RUNS (alternating), JVM: $JAVA_OPTS

| operation | psql median s | pipeline median s | ratio | psql peak RSS MiB | pipeline peak RSS MiB |
|---|---|---|---|---|---|
| backup (both tables) | $pb | $jb | $(awk -v a="$jb" -v b="$pb" 'BEGIN{printf "%.2fx", a/b}') | $(maxrss psql_backup) | $(maxrss pipeline_backup) |
| restore, replace (both tables, one transaction) | $pr | $jr | $(awk -v a="$jr" -v b="$pr" 'BEGIN{printf "%.2fx", a/b}') | $(maxrss psql_restore) | $(maxrss pipeline_restore) |
MD
