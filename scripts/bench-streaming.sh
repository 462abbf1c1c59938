#!/usr/bin/env bash
# Runs io.fedduck.bench.StreamingBenchmark against one or two builds of the FedDuck driver jar; see
# docs/benchmarks.md. Each round runs, for each jar in turn (A, B, A, B, ...), two fresh JVMs:
#   first: time to the 200th row of SELECT * FROM a 2M-row table (fetch size and max rows 200), through
#          FedDuck and through the source's own driver, PostgreSQL and MariaDB;
#   full:  RSS growth while reading a 10M-row remote table end to end through FedDuck (its 256 MB Java heap
#          is touched at start, so the growth is what the read adds).
#
#   scripts/bench-streaming.sh [--rounds K] [--first-only] [-Dbench.x=y ...] [JAR_A [JAR_B]]
#
# Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* on loopback:  set -a; . /tmp/fedduck-testdb/env; set +a
# The first run creates bench_stream (2M rows) and bench_stream_big (10M rows) in both test databases
# (a few minutes, and about 1.5 GB of disk per server); later runs reuse them. Logs: target/bench-streaming/.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/target/bench-streaming
ROUNDS=3
MODES=(first full)
JVM_PROPS=()
JARS=()
die() { echo "[bench-streaming] ERROR: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
    --first-only) MODES=(first); shift ;;   # no 10M-row table needed
    -D*) JVM_PROPS+=("$1"); shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) JARS+=("$1"); shift ;;
  esac
done
if [ ${#JARS[@]} -eq 0 ]; then
  JARS=(target/fedduck-jdbc-*-SNAPSHOT.jar)
fi
read -r CLASSES DRIVERS < <(scripts/bench-classpath.sh "$OUT" src/bench/java/io/fedduck/bench/StreamingBenchmark.java)
[ -d "${CLASSES:-}" ] || die "compiling the bench classes failed"
mkdir -p "$OUT/jars"
LABELS=(A B)
for i in "${!JARS[@]}"; do
  cp "${JARS[$i]}" "$OUT/jars/${LABELS[$i]}.jar"   # a rebuild during the run cannot swap the jar
  echo "${LABELS[$i]} = ${JARS[$i]}"
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!JARS[@]}"; do
    for mode in "${MODES[@]}"; do
      log=$OUT/round-$round-${LABELS[$i]}-$mode.log
      # full: a 256 MB heap touched up front, so RSS growth is what reading adds, not the heap filling up
      heap=$([ $mode = full ] && echo "-Xms256m -Xmx256m -XX:+AlwaysPreTouch" || echo "-Xmx1g")
      java $heap -Dbench.mode=$mode -Dbench.extensions="$PWD/target/duckdb-extensions" -Dbench.work="$OUT" \
        "${JVM_PROPS[@]}" -cp "$CLASSES:$OUT/jars/${LABELS[$i]}.jar:$DRIVERS" io.fedduck.bench.StreamingBenchmark \
        >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "round $round, ${LABELS[$i]}, $mode failed (log: $log)"; }
      echo "round $round ${LABELS[$i]} $(grep '^RESULT ' "$log" | sed 's/ driver=.*//')"
    done
  done
done
