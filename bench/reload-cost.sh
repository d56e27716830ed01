#!/usr/bin/env bash
# What a reload costs when little changed: ITEMS training items (pairs, plus 50 DDL and 50 docs) through a local
# OpenAI-compatible embedding endpoint that counts the texts it is sent and takes LATENCY seconds per text (a paid API
# answers a batch of 32 in a few hundred milliseconds: 0.005 s a text is that order).
#
#   bench/reload-cost.sh [ITEMS] [LATENCY] [RUNS]      default 20000 items, 0.005 s a text, 3 runs of the timed pairs
#
# Starts the project's local cluster (PIPELINE_PG_PORT / PIPELINE_PG_DATA choose another one) and a store database,
# writes the files (set A), then measures, with `pipeline training load --data-path` (JVM start included):
#   first      a load into an empty store (every text embedded)                      wall time, texts
#   unchanged  the same files again, no flags                                         wall time, texts (RUNS times)
#   trunc=     the same files again, --truncate-vector-tables (full backup set)       wall time, texts
#   trunc1%    set B (1 % of the pairs reworded) over store A, --truncate-vector-tables       texts, WAL bytes
#   diff1%     set B over store A, --truncate-vector-tables --replace-by-difference          texts, WAL bytes
# (between the last two the store is put back to A by a truncating reload of A, not measured). WAL bytes are
# pg_wal_lsn_diff(pg_current_wal_lsn()) around the command; nothing else writes to the cluster meanwhile.
set -euo pipefail
ITEMS=${1:-20000}
LATENCY=${2:-0.005}
RUNS=${3:-3}
PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/pipeline-reload-bench}

"$PROJECT/scripts/setup-postgres.sh" start >&2
PGBIN=$("$PROJECT/scripts/setup-postgres.sh" pgbin)
eval "$("$PROJECT/scripts/setup-postgres.sh" env)"
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
JAR=$PROJECT/pipeline-adapter-cli/target/pipeline-cli.jar
[ -f "$JAR" ] || (cd "$PROJECT" && mvn -B -ntp -q -DskipTests -pl pipeline-adapter-cli -am package >&2)
"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS pipeline_bench_reload WITH (FORCE)" -c "CREATE DATABASE pipeline_bench_reload"
rm -rf "$WORK"; mkdir -p "$WORK/A" "$WORK/B"

python3 - "$WORK" "$ITEMS" <<'PY'
import json, sys
work, items = sys.argv[1], int(sys.argv[2])
pairs = items - 100
for name, changed in (("A", set()), ("B", set(range(0, pairs, 100)))):
    out = []
    for i in range(pairs):
        t = i % 50
        q = ("Which rows of t%d have an id above %d today?" if i in changed else "How many rows of t%d have an id above %d?") % (t, i)
        out.append({"question": q, "sql": "SELECT count(*) FROM t%d WHERE id > %d" % (t, i)})
    with open("%s/%s/qs_bench_pair.json" % (work, name), "w") as f:
        json.dump(out, f)
    with open("%s/%s/bench.ddl" % (work, name), "w") as f:
        for t in range(50):
            f.write("CREATE TABLE t%d (id int PRIMARY KEY, name text, amount numeric(12,2));\n" % t)
    for t in range(50):
        with open("%s/%s/t%d_detail.md" % (work, name, t), "w") as f:
            f.write("## t%d\nTable t%d of the bench.\nFields:\n- id\n- name\n- amount\n" % (t, t))
PY

cat > "$WORK/embed.py" <<'PY'
import hashlib, json, struct, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
latency, dim = float(sys.argv[1]), 256
lock = threading.Lock()
state = {"texts": 0, "requests": 0}

def vector(text):
    h = hashlib.sha256(text.encode()).digest()
    return [((h[i % 32] + 7 * i) % 255) / 255.0 - 0.5 for i in range(dim)]

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
                state.update(texts=0, requests=0)
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        texts = body.get("input", [])
        with lock:
            state["texts"] += len(texts)
            state["requests"] += 1
        time.sleep(latency * len(texts))
        self.reply(200, {"data": [{"index": i, "embedding": vector(t)} for i, t in enumerate(texts)]})

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
PY
python3 "$WORK/embed.py" "$LATENCY" > "$WORK/embed.port" 2> "$WORK/embed.log" &
EMBED=$!
trap 'kill $EMBED 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/embed.port" ] && break; sleep 0.1; done
EMBED_URL="http://127.0.0.1:$(cat "$WORK/embed.port")"

export PIPELINE_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/pipeline_bench_reload?user=postgres"
export PIPELINE_DATA_DIR="$WORK/data" PIPELINE_EMBEDDING_PROVIDER=openai PIPELINE_EMBEDDING_BASE_URL="$EMBED_URL/v1" \
  PIPELINE_EMBEDDING_MODEL=bench-embedder PIPELINE_EMBEDDING_DIMENSION=256 PIPELINE_EMBEDDING_API_KEY=sk-bench
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
lsn() { "${PSQL[@]}" -d postgres -At -c "SELECT pg_current_wal_lsn()"; }
wal_since() { "${PSQL[@]}" -d postgres -At -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$1')::bigint"; }

load() { # label files flags… -> prints "wall texts wal_bytes"
  local label=$1 files=$2 t0 t1 doc texts start
  shift 2
  curl -sf "$EMBED_URL/reset" >/dev/null
  "${PSQL[@]}" -d pipeline_bench_reload -c "CHECKPOINT" 2>/dev/null || true
  start=$(lsn)
  t0=$(date +%s.%N)
  doc=$(java -jar "$JAR" training load --data-path "$files" --json "$@" 2>>"$WORK/cli.log")
  t1=$(date +%s.%N)
  local wal; wal=$(wal_since "$start")
  texts=$(curl -sf "$EMBED_URL/stats" | json '["texts"]')
  [ "$(echo "$doc" | json '["success"]')" = True ] || { echo "$label failed: $doc" >&2; exit 1; }
  printf '%s %s %s\n' "$(echo "$t1 - $t0" | bc -l)" "$texts" "$wal"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "first load …" >&2
read -r FIRST_WALL FIRST_TEXTS _ <<< "$(load first "$WORK/A")"
: > "$WORK/unchanged.txt"
for i in $(seq 1 "$RUNS"); do
  echo "unchanged reload $i of $RUNS …" >&2
  load unchanged "$WORK/A" >> "$WORK/unchanged.txt"
done
UNCH_WALL=$(awk '{print $1}' "$WORK/unchanged.txt" | median)
UNCH_TEXTS=$(awk '{s+=$2} END {print s}' "$WORK/unchanged.txt")
echo "unchanged truncating reload …" >&2
read -r TEQ_WALL TEQ_TEXTS _ <<< "$(load trunc= "$WORK/A" --truncate-vector-tables)"
echo "1 % changed, truncating …" >&2
read -r T1_WALL T1_TEXTS T1_WAL <<< "$(load trunc1 "$WORK/B" --truncate-vector-tables)"
echo "back to A (not measured) …" >&2
load back "$WORK/A" --truncate-vector-tables > /dev/null
echo "1 % changed, by difference …" >&2
read -r D1_WALL D1_TEXTS D1_WAL <<< "$(load diff1 "$WORK/B" --truncate-vector-tables --replace-by-difference)"
ROWS=$("${PSQL[@]}" -d pipeline_bench_reload -At -c "SELECT count(*) FROM langchain_pg_embedding")

echo
echo "### $(date -u '+%Y-%m-%d %H:%M UTC') — $ITEMS items, ${LATENCY} s a text at the endpoint, store rows after: $ROWS"
echo
echo "| reload | wall s (JVM start included) | texts embedded | WAL bytes |"
echo "|---|---|---|---|"
printf '| first load (empty store) | %.1f | %s | |\n' "$FIRST_WALL" "$FIRST_TEXTS"
printf '| same files, no flags (median of %s) | %.1f | %s | |\n' "$RUNS" "$UNCH_WALL" "$UNCH_TEXTS"
printf '| same files, --truncate-vector-tables | %.1f | %s | |\n' "$TEQ_WALL" "$TEQ_TEXTS"
printf '| 1 %% changed, --truncate-vector-tables | %.1f | %s | %s |\n' "$T1_WALL" "$T1_TEXTS" "$T1_WAL"
printf '| 1 %% changed, --replace-by-difference | %.1f | %s | %s |\n' "$D1_WALL" "$D1_TEXTS" "$D1_WAL"
echo
printf 'unchanged / first: %.3fx wall; 1%% truncating sent %s of %s texts (%.2f %%); WAL by difference / truncating: %.3f\n' \
  "$(echo "$UNCH_WALL / $FIRST_WALL" | bc -l)" "$T1_TEXTS" "$FIRST_TEXTS" "$(echo "100 * $T1_TEXTS / $FIRST_TEXTS" | bc -l)" \
  "$(echo "$D1_WAL / $T1_WAL" | bc -l)"
