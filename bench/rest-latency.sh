#!/usr/bin/env bash
# Latency of the HTTP API at a fixed request rate, on loopback.
#
#   bench/rest-latency.sh [RATE] [SECONDS]        default 200 requests/s for 20 s per endpoint
#
# Starts the project's local cluster and the REST jar (port 18085, database pipeline_bench_rest), creates a
# task and runs one step, then drives three endpoints with `hey` (Debian package `hey`) at RATE requests/s
# (4 connections x RATE/4 each) and prints p50/p90/p99 and the achieved rate:
#   GET  /tasks/{id}                          status with steps and the last execution
#   POST /tasks/{id}/execute + Idempotency-Key  a retried execute (answers with the same execution)
#   POST /tasks/{id}/execute on a running task  the 409 path (lock attempt, running execution lookup)
set -euo pipefail
RATE=${1:-200}
SECS=${2:-20}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=18085
WORK=${BENCH_DIR:-/tmp/pipeline-rest-bench}
command -v hey >/dev/null || { echo "needs hey: apt-get install hey" >&2; exit 1; }

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-rest/target/pipeline-rest.jar
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-rest -am package >&2)

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS pipeline_bench_rest WITH (FORCE)" \
  -c "CREATE DATABASE pipeline_bench_rest" -c "DROP DATABASE IF EXISTS pipeline_bench_biz WITH (FORCE)" \
  -c "CREATE DATABASE pipeline_bench_biz"
"${PSQL[@]}" -d pipeline_bench_rest -f "$PROJECT/demo/sample_langchain.sql"
"${PSQL[@]}" -d pipeline_bench_biz -f "$PROJECT/demo/sample_business.sql"
rm -rf "$WORK"; mkdir -p "$WORK"

PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/pipeline_bench_rest?user=postgres" PIPELINE_DATA_DIR="$WORK/data" \
  PIPELINE_HTTP_PORT=$PORT java -Xmx512m -jar "$JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "localhost:$PORT/health" >/dev/null && break; sleep 0.5; done
B=http://localhost:$PORT/api/v0/data_pipeline
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TASK=$(curl -sf -X POST "$B/tasks" -H 'Content-Type: application/json' -d "{\"db_connection\": \
\"postgresql://postgres@127.0.0.1:$PGPORT/pipeline_bench_biz\", \"tables\": [\"shop\", \"sales_order\"]}" | json '["data"]["task_id"]')
curl -sf -X POST "$B/tasks/$TASK/execute" -H 'Content-Type: application/json' -H 'Idempotency-Key: bench-1' \
  -d '{"execution_mode": "step", "step_name": "ddl_generation"}' >/dev/null
sleep 2
# a second task kept "running": its lock is held by a session that sleeps through the whole benchmark
RUNNING=$(curl -sf -X POST "$B/tasks" -H 'Content-Type: application/json' -d "{\"db_connection\": \
\"postgresql://postgres@127.0.0.1:$PGPORT/pipeline_bench_biz\", \"tables\": [\"shop\"]}" | json '["data"]["task_id"]')
"${PSQL[@]}" -d pipeline_bench_rest -c "SELECT pg_advisory_lock(1346981957, hashtext('task:$RUNNING')), pg_sleep(3600)" \
  >/dev/null 2>&1 &
HOLDER=$!
trap 'kill $SERVER $HOLDER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
sleep 1

per=$((RATE / 4))
run() { # label -- hey args
  local label=$1; shift 2
  hey -z "${SECS}s" -c 4 -q "$per" "$@" > "$WORK/hey.txt" 2>&1
  local rps p50 p90 p99 codes
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/hey.txt")
  p50=$(awk '/ 50% in/ {print $3*1000}' "$WORK/hey.txt")
  p90=$(awk '/ 90% in/ {print $3*1000}' "$WORK/hey.txt")
  p99=$(awk '/ 99% in/ {print $3*1000}' "$WORK/hey.txt")
  codes=$(awk '/Status code distribution/ {f=1; next} f && /\[/ {printf "%s%s", sep, $1 $2; sep=" "} f && /^$/ {f=0}' "$WORK/hey.txt")
  printf '| %s | %s | %.1f | %.1f | %.1f | %s |\n' "$label" "$rps" "$p50" "$p90" "$p99" "$codes"
}
echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — $RATE requests/s target for ${SECS}s each, 4 connections, loopback"
echo
echo "| endpoint | achieved req/s | p50 ms | p90 ms | p99 ms | status codes |"
echo "|---|---|---|---|---|---|"
run "GET /tasks/{id}" -- "$B/tasks/$TASK"
run "POST /tasks/{id}/execute (Idempotency-Key retry)" -- -m POST -T application/json -H 'Idempotency-Key: bench-1' \
  -d '{"execution_mode": "step", "step_name": "ddl_generation"}' "$B/tasks/$TASK/execute"
run "POST /tasks/{id}/execute (task running: 409)" -- -m POST -T application/json \
  -d '{"execution_mode": "step", "step_name": "ddl_generation"}' "$B/tasks/$RUNNING/execute"
