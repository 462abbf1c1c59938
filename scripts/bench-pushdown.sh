#!/usr/bin/env bash
# Runs io.fedduck.bench.PushdownBenchmark: 24 queries shaped like DBeaver's, Metabase's and an application's
# on a 2M-row orders table in PostgreSQL and MariaDB, through FedDuck and through the source's own JDBC
# driver in the same JVM; prints a Markdown table and the median and largest ratio. See docs/benchmarks.md.
#
#   scripts/bench-pushdown.sh [-Dbench.x=y ...] [JAR]      (default JAR: target/fedduck-jdbc-*-SNAPSHOT.jar)
#
# Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* on loopback:  set -a; . /tmp/fedduck-testdb/env; set +a
# The first run creates bench_orders (2M rows, four indexes) in both test databases; later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/target/bench-pushdown
JVM_PROPS=()
JAR=
while [ $# -gt 0 ]; do
  case "$1" in
    -D*) JVM_PROPS+=("$1"); shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) JAR=$1; shift ;;
  esac
done
JAR=${JAR:-$(ls target/fedduck-jdbc-*-SNAPSHOT.jar)}
read -r CLASSES DRIVERS < <(scripts/bench-classpath.sh "$OUT" src/bench/java/io/fedduck/bench/PushdownBenchmark.java)
mkdir -p "$OUT"
cp "$JAR" "$OUT/fedduck.jar"   # a rebuild during the run cannot swap the jar
java -Xmx1g -Dbench.extensions="$PWD/target/duckdb-extensions" -Dbench.work="$OUT" "${JVM_PROPS[@]}" \
  -cp "$CLASSES:$OUT/fedduck.jar:$DRIVERS" io.fedduck.bench.PushdownBenchmark
