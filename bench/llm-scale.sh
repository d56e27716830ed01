#!/usr/bin/env bash
# ddl_generation over many uncommented tables against a model that takes LATENCY seconds a call: one table at a
# time (max_concurrent_tables 1, the original's setting) against the default concurrency (4, PIPELINE_LLM_CONCURRENCY).
#
#   bench/llm-scale.sh [TABLES] [LATENCY] [RUNS]      default 100 tables, 1.0 s a call, 3 alternating runs
#
# Starts the project's local cluster (PIPELINE_PG_PORT / PIPELINE_PG_DATA choose another one), creates a business
# database of TABLES tables without a single comment (id, name, status; 30 rows each) and a metadata database, starts
# a local OpenAI-compatible chat server (python3, standard library only) that answers each comment request after
# LATENCY seconds and counts the requests it holds at once, then alternates, RUNS times:
#   sequential  pipeline task create --max-concurrent-tables 1 …; pipeline task execute --step-name ddl_generation
#   concurrent  pipeline task create …;                            pipeline task execute --step-name ddl_generation
# and prints, per mode, the median wall time of the execute command (JVM start included), the median of the step's own
# duration (result's ddl_md_generation.duration), the model calls and the most calls in flight, and the ratio of the
# medians. It also checks that both modes wrote byte-identical .ddl / _detail.md / filename_mapping.txt files.
set -euo pipefail
TABLES=${1:-100}
LATENCY=${2:-1.0}
RUNS=${3:-3}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-llm-bench}

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-cli/target/pipeline-cli.jar
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-cli -am package >&2)

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS pipeline_bench_llm WITH (FORCE)" -c "CREATE DATABASE pipeline_bench_llm" \
  -c "DROP DATABASE IF EXISTS pipeline_bench_llm_biz WITH (FORCE)" -c "CREATE DATABASE pipeline_bench_llm_biz"
"${PSQL[@]}" -d pipeline_bench_llm_biz -c "
DO \$\$ BEGIN
  FOR i IN 1..$TABLES LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, name text NOT NULL, status varchar(10))', lpad(i::text, 3, '0'));
    EXECUTE format('INSERT INTO t%s SELECT g, %L || g, (ARRAY[''open'',''closed''])[1 + g %% 2] FROM generate_series(1, 30) g',
                   lpad(i::text, 3, '0'), 'row ');
  END LOOP;
END \$\$;" -c "ANALYZE"
rm -rf "$WORK"; mkdir -p "$WORK"
seq -f 't%03g' 1 "$TABLES" > "$WORK/tables.txt"

cat > "$WORK/model.py" <<'PY'
import json, re, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
latency = float(sys.argv[1])
lock = threading.Lock()
state = {"in_flight": 0, "max_in_flight": 0, "calls": 0}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def reply(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_GET(self):
        with lock:
            self.reply(200, dict(state))
            if self.path == "/reset":
                state.update(in_flight=0, max_in_flight=0, calls=0)
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        user = body["messages"][1]["content"]
        with lock:
            state["in_flight"] += 1
            state["calls"] += 1
            state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
        time.sleep(latency)
        with lock:
            state["in_flight"] -= 1
        m = re.search(r"Table: public\.(\w+)", user)
        t = m.group(1) if m else "table"
        answer = json.dumps({"table_comment": "Table " + t, "columns": {"id": "Key of " + t,
                             "name": "Name of the " + t + " row", "status": "State of the " + t + " row"}})
        self.reply(200, {"choices": [{"message": {"role": "assistant", "content": answer}}],
                         "usage": {"prompt_tokens": len(user) // 4, "completion_tokens": len(answer) // 4}})

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$WORK/model.py" "$LATENCY" > "$WORK/model.port" 2> "$WORK/model.log" &
MODEL=$!
trap 'kill $MODEL 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/model.port" ] && break; sleep 0.1; done
MODEL_URL="http://127.0.0.1:$(cat "$WORK/model.port")"

export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/pipeline_bench_llm?user=postgres"
export PIPELINE_DATA_DIR="$WORK/data" PIPELINE_LLM_BASE_URL="$MODEL_URL/v1" PIPELINE_LLM_MODEL=bench-model
BIZ="postgresql://postgres@127.0.0.1:$PGPORT/pipeline_bench_llm_biz"
pipeline() { java -jar "$JAR" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }

run_mode() { # mode -> appends "wall duration calls max_in_flight" to $WORK/<mode>.txt; keeps the task id
  local mode=$1 extra=() task t0 t1 doc stats
  [ "$mode" = sequential ] && extra=(--max-concurrent-tables 1)
  task=$(pipeline task create --db-connection "$BIZ" --table-list "$WORK/tables.txt" --business-context bench \
    "${extra[@]}" --json | json '["task_id"]')
  curl -sf "$MODEL_URL/reset" >/dev/null
  t0=$(date +%s.%N)
  doc=$(pipeline task execute --task-id "$task" --execution-mode step --step-name ddl_generation --json 2>>"$WORK/cli.log")
  t1=$(date +%s.%N)
  stats=$(curl -sf "$MODEL_URL/stats")
  [ "$(echo "$doc" | json '["success"]')" = True ] || { echo "$mode run failed: $doc" >&2; exit 1; }
  echo "$(echo "$t1 - $t0" | bc -l) $(echo "$doc" | json '["result"]["ddl_md_generation"]["duration"]') \
$(echo "$stats" | json '["calls"]') $(echo "$stats" | json '["max_in_flight"]')" >> "$WORK/$mode.txt"
  echo "$task" > "$WORK/$mode.task"
}

for i in $(seq 1 "$RUNS"); do
  echo "run $i of $RUNS …" >&2
  run_mode sequential
  run_mode concurrent
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -v c="$2" '{print $c}' "$WORK/$1.txt" | median; }
same=yes
seqdir="$WORK/data/$(cat "$WORK/sequential.task")"; condir="$WORK/data/$(cat "$WORK/concurrent.task")"
for f in "$seqdir"/*.ddl "$seqdir"/*_detail.md "$seqdir"/filename_mapping.txt; do
  cmp -s "$f" "$condir/$(basename "$f")" || { same=no; echo "differs: $(basename "$f")" >&2; }
done
[ "$(ls "$condir" | grep -c '\.ddl$')" = "$TABLES" ] || same=no

echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — ddl_generation, $TABLES uncommented tables, ${LATENCY} s a model call, $RUNS alternating runs"
echo
echo "| mode | median wall s (execute command) | median step s | model calls | most calls in flight |"
echo "|---|---|---|---|---|"
for m in sequential concurrent; do
  printf '| %s | %.1f | %.1f | %s | %s |\n' "$m" "$(col "$m" 1)" "$(col "$m" 2)" "$(col "$m" 3)" "$(col "$m" 4)"
done
echo
printf 'concurrent / sequential: %.2fx wall, %.2fx step; files byte-identical: %s\n' \
  "$(echo "$(col concurrent 1) / $(col sequential 1)" | bc -l)" "$(echo "$(col concurrent 2) / $(col sequential 2)" | bc -l)" "$same"
