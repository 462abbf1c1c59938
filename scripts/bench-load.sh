#!/usr/bin/env bash
# Runs io.fedduck.bench.LoadBenchmark once against a build of the FedDuck driver jar; see docs/benchmarks.md.
# HikariCP, 16 threads x 10,000 mixed statements on PostgreSQL and MariaDB behind fault proxies on
# loopback, with both servers "restarted" (refused and reset for 2 s) half-way.
#
#   scripts/bench-load.sh [-Dbench.threads=16] [-Dbench.statements=10000] [-Dbench.downSeconds=2] [JAR]
#
# Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* on loopback:  set -a; . /tmp/fedduck-testdb/env; set +a
# The JVM runs under /usr/bin/time -v (its maximum RSS is in the log). Log: target/bench-load/run.log.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/target/bench-load
JVM_PROPS=()
JAR=
die() { echo "[bench-load] ERROR: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    -D*) JVM_PROPS+=("$1"); shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) JAR=$1; shift ;;
  esac
done
if [ -z "$JAR" ]; then
  JAR=$(ls target/fedduck-jdbc-*-SNAPSHOT.jar | grep -v -e sources -e javadoc | head -1)
fi
[ -f "$JAR" ] || die "no driver jar (build it with mvn -DskipTests package)"
read -r CLASSES DRIVERS < <(scripts/bench-classpath.sh "$OUT" src/bench/java/io/fedduck/bench/LoadBenchmark.java)
[ -d "${CLASSES:-}" ] || die "compiling the bench classes failed"
mkdir -p "$OUT/work"
cp "$JAR" "$OUT/driver.jar"   # a rebuild during the run cannot swap the jar
log=$OUT/run.log
/usr/bin/time -v java -Xmx1g -Dbench.extensions="$PWD/target/duckdb-extensions" -Dbench.work="$OUT/work" \
  "${JVM_PROPS[@]}" -cp "$CLASSES:$OUT/driver.jar:$DRIVERS" io.fedduck.bench.LoadBenchmark >"$log" 2>&1 \
  || { tail -n 30 "$log" >&2; die "the run failed (log: $log)"; }
grep -E '^RESULT |Maximum resident' "$log"
