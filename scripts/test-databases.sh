#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL and MariaDB on loopback for the integration tests,
# with password authentication, and writes their coordinates to $STATE_DIR/env.
#   scripts/test-databases.sh start   # idempotent: servers that already run and pass the checks are kept
#   scripts/test-databases.sh stop
#   scripts/test-databases.sh status  # exit 0 when both servers run and accept the passwords in $STATE_DIR/env
# The passwords are generated once and kept in $STATE_DIR/env; nothing here is meant for real data.
# Installs postgresql / mariadb-server with apt-get when they are missing.
# The servers deliberately run in time zones other than UTC (PostgreSQL Asia/Kolkata, MariaDB +05:30):
# the tests prove the server's zone does not change the instants FedDuck returns.
# Environment: FEDDUCK_TESTDB_DIR (state dir, default /tmp/fedduck-testdb), FEDDUCK_PG_PORT (55432),
# FEDDUCK_MYSQL_PORT (53306), PG_BIN (PostgreSQL bin dir; default: newest /usr/lib/postgresql/*/bin).
set -euo pipefail

STATE_DIR=${FEDDUCK_TESTDB_DIR:-/tmp/fedduck-testdb}
PG_PORT=${FEDDUCK_PG_PORT:-55432}
MY_PORT=${FEDDUCK_MYSQL_PORT:-53306}
PG_TIMEZONE=Asia/Kolkata
MY_TIMEZONE=+05:30
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)}
PG_DIR=$STATE_DIR/pg
MY_DIR=$STATE_DIR/mariadb

log() { echo "[test-databases] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

ensure_packages() {
  local missing=()
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || missing+=(mariadb-server)
  command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and there is no apt-get; install them by hand"
    local sudo=()
    if ! is_root; then
      command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run as root or install them by hand"
      sudo=(sudo)
    fi
    log "installing ${missing[*]} with apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
  fi
}

as_postgres() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PIDs of processes whose command line contains $1 (our servers are recognised by their data directory).
pids_matching() {
  local p cmd
  for p in /proc/[0-9]*; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
    case "$cmd" in *"$1"*) echo "${p#/proc/}" ;; esac
  done
}

# Sends TERM to the given PIDs and waits (then KILL) until they are gone.
terminate() {
  [ $# -gt 0 ] || return 0
  kill "$@" 2>/dev/null || true
  local i p alive
  for i in $(seq 1 60); do
    alive=()
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    [ ${#alive[@]} -eq 0 ] && return 0
    [ "$i" = 40 ] && kill -KILL "${alive[@]}" 2>/dev/null
    sleep 0.5
  done
}

# ---------------------------------------------------------------- PostgreSQL
pg_query_as_fedduck() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U fedduck \
    -d fedduck_test -tA -v ON_ERROR_STOP=1 -c "$1" 2>/dev/null
}

# The running server is ours, accepts the password and has the settings this script gives it.
pg_usable() {
  [ -n "${PG_PASSWORD:-}" ] || return 1
  local got
  got=$(pg_query_as_fedduck "SELECT current_setting('TimeZone') || '|' || current_setting('shared_buffers') || '|' || rolcreatedb FROM pg_roles WHERE rolname = current_user") || return 1
  [ "$got" = "$PG_TIMEZONE|1GB|true" ] || { log "postgres on $PG_PORT has settings '$got', want '$PG_TIMEZONE|1GB|true'"; return 1; }
}

stop_postgres() {
  if [ -n "$PG_BIN" ] && [ -f "$PG_DIR/data/PG_VERSION" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # Leftovers, e.g. when the data directory was deleted under a running server.
  # shellcheck disable=SC2046
  terminate $(pids_matching "-D $PG_DIR/data ")
}

start_postgres() {
  if pg_usable; then
    log "postgres already running on 127.0.0.1:$PG_PORT"; return
  fi
  stop_postgres
  port_in_use "$PG_PORT" && die "port $PG_PORT is taken by another program; set FEDDUCK_PG_PORT to a free port"
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
  if is_root; then chown postgres "$PG_DIR"; fi
  local pwfile=$PG_DIR/superpw
  (umask 077; printf '%s\n' "$PG_SUPER_PASSWORD" >"$pwfile")
  if is_root; then chown postgres "$pwfile"; fi
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; tail -n 20 "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"
  # shared_buffers 1 GB, as MariaDB's buffer pool below: the 800 MB benchmark table stays in the
  # server's cache instead of being read back and rewritten (hint bits) through a 128 MB one.
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 120 \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c shared_buffers=1GB -c timezone=$PG_TIMEZONE" \
      start >/dev/null; then
    tail -n 20 "$PG_DIR/server.log" >&2 || true
    die "postgres did not start"
  fi
  PGPASSWORD=$PG_SUPER_PASSWORD "$PG_BIN/psql" -X -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE fedduck LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
CREATE DATABASE fedduck_test OWNER fedduck;
SQL
  pg_usable || die "postgres started but the fedduck login does not work"
  log "postgres started on 127.0.0.1:$PG_PORT (timezone $PG_TIMEZONE)"
}

# ---------------------------------------------------------------- MariaDB
my_query_as_fedduck() {
  MYSQL_PWD=$MY_PASSWORD mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT" -u fedduck \
    --connect-timeout=5 -D fedduck_test -N -B -e "$1" 2>/dev/null
}

my_usable() {
  [ -n "${MY_PASSWORD:-}" ] || return 1
  local got
  got=$(my_query_as_fedduck "SELECT @@global.time_zone") || return 1
  [ "$got" = "$MY_TIMEZONE" ] || { log "mariadb on $MY_PORT has time zone '$got', want '$MY_TIMEZONE'"; return 1; }
}

stop_mariadb() {
  local pids=()
  if [ -f "$MY_DIR/mariadb.pid" ]; then
    local pid; pid=$(cat "$MY_DIR/mariadb.pid" 2>/dev/null || true)
    # Only a live process that really is our server (pid files go stale and PIDs get reused).
    if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "--datadir=$MY_DIR/data "; then
      pids+=("$pid")
    fi
  fi
  # shellcheck disable=SC2207
  pids+=($(pids_matching "--datadir=$MY_DIR/data "))
  if [ ${#pids[@]} -gt 0 ]; then
    mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -u)
    terminate "${pids[@]}"
  fi
  rm -f "$MY_DIR/mariadb.pid"
}

start_mariadb() {
  if my_usable; then
    log "mariadb already running on 127.0.0.1:$MY_PORT"; return
  fi
  stop_mariadb
  port_in_use "$MY_PORT" && die "port $MY_PORT is taken by another program; set FEDDUCK_MYSQL_PORT to a free port"
  rm -rf "$MY_DIR"; mkdir -p "$MY_DIR"
  local install_db; install_db=$(command -v mariadb-install-db || command -v mysql_install_db) \
    || die "mariadb-install-db not found"
  "$install_db" --no-defaults --user="$(id -un)" --datadir="$MY_DIR/data" --auth-root-authentication-method=normal \
    >"$MY_DIR/install.log" 2>&1 || { tail -n 20 "$MY_DIR/install.log" >&2; die "mariadb-install-db failed"; }
  local daemon; daemon=$(command -v mariadbd || command -v mysqld)
  # setsid: the server outlives the calling shell and its process group (stop it with "stop").
  # A 1 GB buffer pool holds the 5-million-row benchmark table (docs/benchmarks.md); with the default
  # 128 MB, every index range read goes to disk and measures the disk, not the sync.
  setsid "$daemon" --no-defaults --innodb-buffer-pool-size=1G --user="$(id -un)" --datadir="$MY_DIR/data" --port="$MY_PORT" --bind-address=127.0.0.1 \
    --socket="$MY_DIR/mariadb.sock" --pid-file="$MY_DIR/mariadb.pid" --log-error="$MY_DIR/server.log" \
    --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --default-time-zone="$MY_TIMEZONE" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=300 \
    </dev/null >/dev/null 2>&1 &
  local i ready=
  for i in $(seq 1 120); do
    if mariadb --no-defaults -uroot --socket="$MY_DIR/mariadb.sock" -e 'SELECT 1' >/dev/null 2>&1; then ready=1; break; fi
    [ "$i" -gt 4 ] && [ -z "$(pids_matching "--datadir=$MY_DIR/data ")" ] && break   # the server died
    sleep 0.5
  done
  [ -n "$ready" ] || { tail -n 20 "$MY_DIR/server.log" >&2 || true; die "mariadb did not start"; }
  # fedduck may also create and drop databases named fedduck_*.
  mariadb --no-defaults -uroot --socket="$MY_DIR/mariadb.sock" <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE USER 'fedduck'@'%' IDENTIFIED BY '$MY_PASSWORD';
CREATE USER 'fedduck'@'localhost' IDENTIFIED BY '$MY_PASSWORD';
CREATE DATABASE fedduck_test CHARACTER SET utf8mb4;
GRANT ALL ON fedduck_test.* TO 'fedduck'@'%';
GRANT ALL ON fedduck_test.* TO 'fedduck'@'localhost';
GRANT ALL ON \`fedduck\_%\`.* TO 'fedduck'@'%';
GRANT ALL ON \`fedduck\_%\`.* TO 'fedduck'@'localhost';
SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$MY_SUPER_PASSWORD');
FLUSH PRIVILEGES;
SQL
  my_usable || die "mariadb started but the fedduck login does not work"
  log "mariadb started on 127.0.0.1:$MY_PORT (time zone $MY_TIMEZONE)"
}

write_env() {
  local tmp=$STATE_DIR/env.tmp
  (umask 077; cat >"$tmp" <<ENV
FEDDUCK_PG_HOST=127.0.0.1
FEDDUCK_PG_PORT=$PG_PORT
FEDDUCK_PG_DATABASE=fedduck_test
FEDDUCK_PG_USER=fedduck
FEDDUCK_PG_PASSWORD=$PG_PASSWORD
FEDDUCK_MYSQL_HOST=127.0.0.1
FEDDUCK_MYSQL_PORT=$MY_PORT
FEDDUCK_MYSQL_DATABASE=fedduck_test
FEDDUCK_MYSQL_USER=fedduck
FEDDUCK_MYSQL_PASSWORD=$MY_PASSWORD
ENV
  )
  mv -f "$tmp" "$STATE_DIR/env"
}

read_env_passwords() {
  if [ -f "$STATE_DIR/env" ]; then
    PG_PASSWORD=$(sed -n 's/^FEDDUCK_PG_PASSWORD=//p' "$STATE_DIR/env")
    MY_PASSWORD=$(sed -n 's/^FEDDUCK_MYSQL_PASSWORD=//p' "$STATE_DIR/env")
  fi
}

gen() { head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20; }

case "${1:-start}" in
  start)
    ensure_packages
    mkdir -p "$STATE_DIR"; chmod 755 "$STATE_DIR"
    read_env_passwords   # keep the passwords across restarts
    PG_PASSWORD=${PG_PASSWORD:-pg$(gen)}
    MY_PASSWORD=${MY_PASSWORD:-my$(gen)}
    PG_SUPER_PASSWORD=su$(gen)
    MY_SUPER_PASSWORD=su$(gen)
    start_postgres
    start_mariadb
    write_env
    log "coordinates in $STATE_DIR/env"
    ;;
  stop)
    stop_postgres
    stop_mariadb
    log "stopped"
    ;;
  status)
    [ -n "$PG_BIN" ] && command -v mariadb >/dev/null 2>&1 || exit 1
    read_env_passwords
    if pg_usable && my_usable; then log "running"; exit 0; fi
    log "not running"; exit 1
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
