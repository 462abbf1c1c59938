#!/usr/bin/env bash
# Runs io.fedduck.bench.CrossSourceBenchmark: a cross-source aggregate join (2M-row MariaDB orders joined
# to 200k-row PostgreSQL customers, grouped by region) through FedDuck and through raw DuckDB attached by
# hand with FedDuck's settings, interleaved in one JVM; prints medians and the ratios to raw. See
# docs/benchmarks.md.
#
#   scripts/bench-cross-source.sh [-Dbench.x=y ...] [JAR]      (default JAR: target/fedduck-jdbc-*-SNAPSHOT.jar)
#
#   -Dbench.variants=fedduck,raw,raw+all   which runs to interleave (raw+stream, raw+txn, raw+remote, raw+deep,
#                                          raw+tz, raw-ro, raw-mem, raw-lock, fedduck-nopush, ...)
#   -Dbench.warmup=2 -Dbench.runs=9        untimed and timed rounds
#
# Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* on loopback:  set -a; . /tmp/fedduck-testdb/env; set +a
# The first run creates xbench_orders (MariaDB) and xbench_customers (PostgreSQL); later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/target/bench-cross-source
JVM_PROPS=()
JAR=
while [ $# -gt 0 ]; do
  case "$1" in
    -D*) JVM_PROPS+=("$1"); shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) JAR=$1; shift ;;
  esac
done
JAR=${JAR:-$(ls target/fedduck-jdbc-*-SNAPSHOT.jar)}
read -r CLASSES DRIVERS < <(scripts/bench-classpath.sh "$OUT" src/bench/java/io/fedduck/bench/CrossSourceBenchmark.java)
mkdir -p "$OUT"
cp "$JAR" "$OUT/fedduck.jar"   # a rebuild during the run cannot swap the jar
echo "[cross-source] load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Dbench.extensions="$PWD/target/duckdb-extensions" -Dbench.work="$OUT" "${JVM_PROPS[@]}" \
  -cp "$CLASSES:$OUT/fedduck.jar:$DRIVERS" io.fedduck.bench.CrossSourceBenchmark
