#!/usr/bin/env bash
# PostgreSQL + pgvector for the Data Pipeline's tests and demo.
#
#   scripts/setup-postgres.sh install   make sure the PostgreSQL server binaries and pgvector are installed
#                                       (idempotent; a second run takes well under a second)
#   scripts/setup-postgres.sh start     start (initdb the first time) the local demo cluster
#   scripts/setup-postgres.sh stop      stop it
#   scripts/setup-postgres.sh status    say whether it runs, and how to connect
#   scripts/setup-postgres.sh env       print export lines for PIPELINE_DB_URL and friends
#
# pgvector comes from Debian: the package postgresql-<major>-pgvector when this machine's apt has it,
# otherwise it is built from Debian's source package (deb-src line for the trixie suite) against
# postgresql-server-dev-<major>. Nothing is downloaded from anywhere else, and no third-party source is
# kept in the repository.
#
# Environment:
#   PIPELINE_PG_MAJOR   PostgreSQL major version (default: the newest installed server, else 15)
#   PIPELINE_PG_PORT    port of the demo cluster (default 54329)
#   PIPELINE_PG_DATA    data directory of the demo cluster (default <project>/.pgdata, git-ignored)
#   PIPELINE_PG_OS_USER OS user that runs the server when this script runs as root (default postgres)
set -euo pipefail

PROJECT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=${PIPELINE_PG_PORT:-54329}
OS_USER=${PIPELINE_PG_OS_USER:-postgres}

say() { echo "setup-postgres: $*" >&2; }
die() { echo "setup-postgres: ERROR: $*" >&2; exit 1; }

pick_major() {
  if [ -n "${PIPELINE_PG_MAJOR:-}" ]; then echo "$PIPELINE_PG_MAJOR"; return; fi
  local newest=""
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [ -x "$d" ] || continue
    newest=$(basename "$(dirname "$(dirname "$d")")")
  done
  echo "${newest:-15}"
}
MAJOR=$(pick_major)
PGBIN=/usr/lib/postgresql/$MAJOR/bin

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@";
  else die "need root to run: $* (run this script as root or with passwordless sudo)"; fi
}

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq
    apt_updated=1
  fi
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

has_candidate() {
  local cand
  cand=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$cand" ] && [ "$cand" != "(none)" ]
}

pgvector_installed() {
  [ -x "$PGBIN/pg_config" ] || return 1
  local share lib
  share=$("$PGBIN/pg_config" --sharedir)
  lib=$("$PGBIN/pg_config" --pkglibdir)
  [ -f "$share/extension/vector.control" ] && [ -f "$lib/vector.so" ]
}

build_pgvector_from_debian_source() {
  # postgresql-server-dev matching the installed server when apt still has that version
  local server_version dev_pkg="postgresql-server-dev-$MAJOR"
  server_version=$(dpkg-query -W -f='${Version}' "postgresql-$MAJOR" 2>/dev/null || true)
  if ! dpkg-query -W -f='${Status}' "$dev_pkg" 2>/dev/null | grep -q 'install ok installed'; then
    if [ -n "$server_version" ] && apt-cache madison "$dev_pkg" 2>/dev/null | grep -qF "| $server_version |"; then
      say "installing $dev_pkg=$server_version (matches the installed server)"
      apt_install "$dev_pkg=$server_version"
    else
      say "installing $dev_pkg"
      apt_install "$dev_pkg"
    fi
  fi
  command -v dpkg-source >/dev/null 2>&1 || apt_install dpkg-dev
  command -v make >/dev/null 2>&1 || apt_install make
  command -v gcc >/dev/null 2>&1 || apt_install gcc

  local src_list=/etc/apt/sources.list.d/data-pipeline-trixie-src.sources
  if ! ls /var/lib/apt/lists/*_dists_trixie_*_Sources* >/dev/null 2>&1; then
    if [ ! -f "$src_list" ]; then
      say "adding a deb-src entry for Debian trixie (source packages only) in $src_list"
      as_root tee "$src_list" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    fi
    apt_updated=0
    apt_update
  fi

  local work
  work=$(mktemp -d /tmp/pgvector-build.XXXXXX)
  BUILD_DIR=$work
  trap 'rm -rf "$BUILD_DIR"' EXIT
  chmod 0755 "$work"
  say "fetching Debian's pgvector source package"
  (cd "$work" && as_root apt-get source -qq --download-only pgvector >/dev/null 2>&1) \
    || die "apt-get source pgvector failed (is the trixie deb-src entry reachable?)"
  local dsc
  dsc=$(ls "$work"/pgvector_*.dsc | head -n 1)
  [ -n "$dsc" ] || die "no pgvector .dsc downloaded"
  (cd "$work" && dpkg-source -x --no-check "$dsc" src >/dev/null)
  say "building $(basename "$dsc" .dsc) against PostgreSQL $MAJOR"
  # OPTFLAGS="" as Debian's own build does (no -march=native); no LLVM bitcode needed for the JIT
  make -s -C "$work/src" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS="" with_llvm=no -j"$(nproc)" >/dev/null
  as_root make -s -C "$work/src" PG_CONFIG="$PGBIN/pg_config" OPTFLAGS="" with_llvm=no install >/dev/null
  rm -rf "$work"
}

cmd_install() {
  if [ ! -x "$PGBIN/postgres" ] || [ ! -x "$PGBIN/initdb" ]; then
    apt_update
    say "installing postgresql-$MAJOR"
    apt_install "postgresql-$MAJOR"
  fi
  [ -x "$PGBIN/pg_config" ] || [ -x "$(command -v pg_config || true)" ] || true
  if pgvector_installed; then
    say "PostgreSQL $MAJOR and pgvector already installed ($PGBIN)"
    return 0
  fi
  apt_update
  if has_candidate "postgresql-$MAJOR-pgvector"; then
    say "installing Debian package postgresql-$MAJOR-pgvector"
    apt_install "postgresql-$MAJOR-pgvector"
  else
    say "postgresql-$MAJOR-pgvector is not packaged for this machine; building it from Debian's source package"
    build_pgvector_from_debian_source
  fi
  pgvector_installed || die "pgvector is still missing after installation"
  say "pgvector installed for PostgreSQL $MAJOR"
}

# ---------------------------------------------------------------- local demo cluster

data_dir() {
  if [ -n "${PIPELINE_PG_DATA:-}" ]; then echo "$PIPELINE_PG_DATA"; return; fi
  local dir=$PROJECT/.pgdata
  if [ "$(id -u)" -eq 0 ] && ! runuser -u "$OS_USER" -- test -x "$PROJECT" 2>/dev/null; then
    # the server user cannot reach the project (e.g. under /root): keep the data outside
    dir=/var/tmp/data-pipeline-pgdata-$(echo -n "$PROJECT" | sha1sum | cut -c1-12)
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi
}

cmd_start() {
  [ -x "$PGBIN/initdb" ] || die "no PostgreSQL $MAJOR server binaries; run: scripts/setup-postgres.sh install"
  local data log
  data=$(data_dir)
  log=$data.log
  if [ "$(id -u)" -eq 0 ] && ! id "$OS_USER" >/dev/null 2>&1; then
    die "OS user '$OS_USER' does not exist; set PIPELINE_PG_OS_USER or install postgresql-common"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$data"
    chmod 0700 "$data"
    say "initdb $data (loopback only, trust authentication: a local demo cluster)"
    as_owner "$PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
  fi
  if as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "already running on 127.0.0.1:$(port_of "$data")"
    return 0
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    die "port $PORT on 127.0.0.1 is already in use (another checkout's demo cluster? stop it there with" \
      "scripts/setup-postgres.sh stop) — or pick a free port, e.g. PIPELINE_PG_PORT=54330 bin/pipeline demo"
  fi
  touch "$log"; [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$log"
  as_owner "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null \
    || { tail -n 20 "$log" >&2; die "the cluster did not start (log: $log)"; }
  echo "$PORT" > "$data/.pipeline_port"
  say "started PostgreSQL $MAJOR on 127.0.0.1:$PORT (data: $data)"
}

port_of() { cat "$1/.pipeline_port" 2>/dev/null || echo "$PORT"; }

cmd_stop() {
  local data
  data=$(data_dir)
  if [ -f "$data/PG_VERSION" ] && as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$PGBIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

cmd_status() {
  local data
  data=$(data_dir)
  if [ -f "$data/PG_VERSION" ] && as_owner "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "running: postgresql://postgres@127.0.0.1:$(port_of "$data")/postgres (data: $data)"
  else
    echo "not running (data: $data)"
    return 3
  fi
}

cmd_env() {
  local data
  data=$(data_dir)
  echo "export PIPELINE_DB_URL=jdbc:postgresql://127.0.0.1:$(port_of "$data")/pipeline_demo_vector"
  echo "export PIPELINE_DB_USER=postgres"
  echo "export PGHOST=127.0.0.1 PGPORT=$(port_of "$data") PGUSER=postgres"
}

case "${1:-install}" in
  install) cmd_install ;;
  start) cmd_install; cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  pgbin) echo "$PGBIN" ;;
  *) echo "usage: $0 install|start|stop|status|env|pgbin" >&2; exit 2 ;;
esac
