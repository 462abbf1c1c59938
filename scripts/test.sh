#!/usr/bin/env bash
# Runs all of FedDuck's tests: unit tests (surefire) and integration tests (failsafe, twice: default JVM zone and
# Asia/Tokyo) against real PostgreSQL, MariaDB and SQLite.
#
#   scripts/test.sh [extra mvn arguments]
#
# 1. Provisions DuckDB's postgres/mysql/sqlite extensions into target/duckdb-extensions (the pom points the tests there).
# 2. Databases: uses FEDDUCK_PG_* / FEDDUCK_MYSQL_* when FEDDUCK_PG_HOST is set; else Testcontainers when a Docker
#    engine answers; else starts local servers with scripts/test-databases.sh (installing them with apt-get if needed)
#    and stops them at the end unless they were already running or FEDDUCK_KEEP_DATABASES=1.
# 3. mvn -B verify "$@"
# 4. Reads the JUnit XML reports and fails when a test was skipped or no integration test ran.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
STATE_DIR=${FEDDUCK_TESTDB_DIR:-/tmp/fedduck-testdb}
EXT_DIR=$ROOT/target/duckdb-extensions
REPORT_DIRS=(target/surefire-reports target/failsafe-reports target/failsafe-reports-tokyo)

log() { echo "[test] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Build tools: Java 17+ and Maven (installed with apt-get when missing and we are root).
ensure_build_tools() {
  local missing=()
  command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]} with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "missing ${missing[*]}: install a JDK 17+ and Maven 3.8+"
  fi
}

STOP_DATABASES=
cleanup() {
  if [ -n "$STOP_DATABASES" ]; then
    if [ "${FEDDUCK_KEEP_DATABASES:-}" = 1 ]; then
      log "FEDDUCK_KEEP_DATABASES=1: leaving the databases running ($STATE_DIR/env)"
    else
      scripts/test-databases.sh stop || true
    fi
  fi
}
trap cleanup EXIT

ensure_build_tools

log "provisioning DuckDB extensions into $EXT_DIR"
scripts/provision-extensions.sh "$EXT_DIR"

if [ -n "${FEDDUCK_PG_HOST:-}" ]; then
  log "using the databases given by FEDDUCK_PG_HOST=$FEDDUCK_PG_HOST / FEDDUCK_MYSQL_HOST=${FEDDUCK_MYSQL_HOST:-}"
elif command -v docker >/dev/null 2>&1 && timeout 30 docker info >/dev/null 2>&1; then
  log "Docker engine found: the integration tests start their databases with Testcontainers"
else
  if FEDDUCK_TESTDB_DIR=$STATE_DIR scripts/test-databases.sh status 2>/dev/null; then
    log "reusing the test databases already running ($STATE_DIR/env)"
  else
    log "no Docker engine: starting local PostgreSQL and MariaDB"
    STOP_DATABASES=1
  fi
  FEDDUCK_TESTDB_DIR=$STATE_DIR scripts/test-databases.sh start
  set -a
  # shellcheck disable=SC1091
  . "$STATE_DIR/env"
  set +a
fi

# Reports of earlier runs would be counted again (and hide a test that no longer runs).
rm -rf "${REPORT_DIRS[@]}"

mvn_rc=0
mvn -B --no-transfer-progress verify "$@" || mvn_rc=$?

# Prints "tests failures errors skipped files" summed over the TEST-*.xml files of a directory.
totals() {
  local dir=$1 t=0 f=0 e=0 s=0 n=0 file head
  attr() { printf '%s\n' "$head" | grep -o "[[:space:]]$1=\"[0-9]*\"" | head -n 1 | grep -o '[0-9][0-9]*' || echo 0; }
  shopt -s nullglob
  for file in "$dir"/TEST-*.xml; do
    head=$(grep -o -m 1 '<testsuite[[:space:]][^>]*>' "$file" | head -n 1 || true)
    [ -n "$head" ] || { log "cannot read $file"; continue; }
    n=$((n + 1))
    t=$((t + $(attr tests))); f=$((f + $(attr failures))); e=$((e + $(attr errors))); s=$((s + $(attr skipped)))
  done
  shopt -u nullglob
  echo "$t $f $e $s $n"
}

problems=()
it_main=0 it_tokyo=0
echo "[test] ---- test totals ----"
printf '[test] %-32s %7s %9s %7s %8s %6s\n' directory tests failures errors skipped files
for dir in "${REPORT_DIRS[@]}"; do
  read -r t f e s n <<<"$(totals "$dir")"
  case "$dir" in
    target/failsafe-reports) it_main=$t ;;
    target/failsafe-reports-tokyo) it_tokyo=$t ;;
  esac
  printf '[test] %-32s %7s %9s %7s %8s %6s\n' "$dir" "$t" "$f" "$e" "$s" "$n"
  if [ "$s" -gt 0 ]; then
    problems+=("$s skipped in $dir")
    grep -l '<skipped' "$dir"/TEST-*.xml 2>/dev/null | sed 's/^/[test]   has skipped tests: /' >&2 || true
  fi
  [ "$f" -eq 0 ] && [ "$e" -eq 0 ] || problems+=("$f failures and $e errors in $dir")
done
[ "$it_main" -gt 0 ] || problems+=("no integration tests ran (target/failsafe-reports)")
[ "$it_tokyo" -gt 0 ] || problems+=("no integration tests ran in the Asia/Tokyo JVM (target/failsafe-reports-tokyo)")

if [ "$mvn_rc" -ne 0 ]; then
  problems+=("mvn verify exited with $mvn_rc")
fi
if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do log "FAILED: $p"; done
  exit 1
fi
log "all tests passed, none skipped"
