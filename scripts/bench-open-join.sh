#!/usr/bin/env bash
# Runs io.fedduck.bench.OpenAndJoinBenchmark (second-connection open+close, cross-source join, small
# statement) against one or two builds of the FedDuck driver jar; see docs/benchmarks.md.
#
#   scripts/bench-open-join.sh [--rounds K] [--extensions DIR] [-Dbench.x=y ...] [JAR_A [JAR_B]]
#
# JAR_A defaults to target/fedduck-jdbc-*.jar (the shaded jar of `mvn -DskipTests package`). With two
# jars the runs alternate A, B, A, B, ... for K rounds (default 5), each run in a fresh JVM, and the
# report gives every run's medians, the median over the rounds and the ratio B/A per round and overall.
# Alternating spreads the load of a shared machine over both jars instead of giving it to one.
# With one jar: K runs (default 1).
#
# Needs FEDDUCK_PG_* and FEDDUCK_MYSQL_* (HOST, PORT, DATABASE, USER, PASSWORD) in the environment, on
# loopback:  set -a; . /tmp/fedduck-testdb/env; set +a   (scripts/test-databases.sh start writes it).
# The bench classes are compiled from this checkout's src/bench/java with javac; the JDBC drivers of the
# fixtures (pgjdbc, MariaDB Connector/J, sqlite-jdbc) come from Maven (dependency:build-classpath, once).
# -D options go to the bench JVM: bench.open.warmup/runs, bench.join.warmup/runs,
# bench.statement.warmup/runs, bench.work. Logs go to target/bench-open-join/logs/<time>/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/bench-open-join
ROUNDS=
EXTENSIONS=$ROOT/target/duckdb-extensions
JVM_PROPS=()
JARS=()

die() { echo "[bench-open-join] ERROR: $*" >&2; exit 1; }
log() { echo "[bench-open-join] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
    --extensions) EXTENSIONS=${2:?--extensions needs a directory}; shift 2 ;;
    -D*) JVM_PROPS+=("$1"); shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) JARS+=("$1"); shift ;;
  esac
done

if [ ${#JARS[@]} -eq 0 ]; then
  shopt -s nullglob
  found=(target/fedduck-jdbc-*.jar)
  shopt -u nullglob
  [ ${#found[@]} -eq 1 ] || die "expected one target/fedduck-jdbc-*.jar, found ${#found[@]}: build it with mvn -B -q -DskipTests package, or name the jar"
  JARS=("${found[0]}")
fi
[ ${#JARS[@]} -le 2 ] || die "at most two jars (A and B)"
ROUNDS=${ROUNDS:-$([ ${#JARS[@]} -eq 2 ] && echo 5 || echo 1)}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number"
[ -d "$EXTENSIONS" ] || die "no DuckDB extensions at $EXTENSIONS: run scripts/provision-extensions.sh $EXTENSIONS"
for prefix in FEDDUCK_PG_ FEDDUCK_MYSQL_; do
  for field in HOST PORT DATABASE USER PASSWORD; do
    name=$prefix$field
    [ -n "${!name:-}" ] || die "$name is not set: set -a; . /tmp/fedduck-testdb/env; set +a"
  done
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOGS=$OUT/logs/$STAMP
mkdir -p "$LOGS/jars"

# Copies of the jars, so a rebuild in target/ during the run cannot swap a build under the bench.
LABELS=(A B)
COPIES=()
for i in "${!JARS[@]}"; do
  [ -f "${JARS[$i]}" ] || die "no such jar: ${JARS[$i]}"
  copy=$LOGS/jars/${LABELS[$i]}.jar
  cp "${JARS[$i]}" "$copy"
  COPIES+=("$copy")
  log "${LABELS[$i]} = ${JARS[$i]} (sha256 $(sha256sum "$copy" | cut -c1-12))"
done

# The bench classes (java.sql only, so the FedDuck driver comes from the jar under test) and the drivers.
read -r CLASSES DRIVERS < <(scripts/bench-classpath.sh "$OUT" src/bench/java/io/fedduck/bench/OpenAndJoinBenchmark.java)
[ -d "${CLASSES:-}" ] || die "compiling the bench classes failed"

# One run of the bench against jar $1 (label $2, round $3); prints its RESULT line.
run_one() {
  local jar=$1 label=$2 round=$3 logfile=$LOGS/round-$3-$2.log
  java -Xmx256m -Dbench.extensions="$EXTENSIONS" -Dbench.work="$OUT" "${JVM_PROPS[@]}" \
    -cp "$CLASSES:$jar:$DRIVERS" io.fedduck.bench.OpenAndJoinBenchmark >"$logfile" 2>&1 \
    || { tail -n 30 "$logfile" >&2; die "the bench failed on $label, round $round (log: $logfile)"; }
  local line
  line=$(grep '^RESULT ' "$logfile") || die "no RESULT line in $logfile"
  [[ "$line" == *"driver=file:$jar" ]] || die "$label ran a FedDuck driver from elsewhere: ${line##* driver=}"
  echo "$line"
}

field() { # field NAME RESULT-LINE
  local f
  for f in $2; do [ "${f%%=*}" = "$1" ] && { echo "${f#*=}"; return; }; done
  die "no $1 in RESULT line"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
range() { sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s..%s", lo, hi}'; }

FIGURES=(second_connection_median_ms join_median_ms statement_median_ms
  second_connection_cpu_mean_ms join_cpu_mean_ms statement_cpu_mean_ms)
declare -A VALUES   # VALUES[label,figure] = one value per round, newline-separated

ROW='%-5s %-3s %5s | %8s %8s %8s %8s | %8s %8s %8s %8s | %6s %6s\n'
echo "per run: wall-clock median, p90 and min, and the process CPU time per run (mean over the batch), in ms; load = 1-minute load average at the start"
printf "$ROW" round jar load open_med open_p90 open_min open_cpu join_med join_p90 join_min join_cpu stmt stmt_cpu
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!COPIES[@]}"; do
    label=${LABELS[$i]}
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
    result=$(run_one "${COPIES[$i]}" "$label" "$round")
    printf "$ROW" "$round" "$label" "$load" \
      "$(field second_connection_median_ms "$result")" "$(field second_connection_p90_ms "$result")" \
      "$(field second_connection_min_ms "$result")" "$(field second_connection_cpu_mean_ms "$result")" \
      "$(field join_median_ms "$result")" "$(field join_p90_ms "$result")" "$(field join_min_ms "$result")" \
      "$(field join_cpu_mean_ms "$result")" "$(field statement_median_ms "$result")" \
      "$(field statement_cpu_mean_ms "$result")"
    for f in "${FIGURES[@]}"; do
      VALUES[$label,$f]+="$(field "$f" "$result")"$'\n'
    done
  done
done

echo
echo "median over $ROUNDS round(s) of each run's figure, with the range over the rounds (ms):"
for i in "${!COPIES[@]}"; do
  label=${LABELS[$i]}
  line="$label:"
  for f in "${FIGURES[@]}"; do
    vals=$(printf '%s' "${VALUES[$label,$f]}")
    line+=$'\n'"  $f=$(median <<<"$vals") ($(range <<<"$vals"))"
  done
  echo "$line"
done

if [ ${#COPIES[@]} -eq 2 ]; then
  echo
  echo "B/A per round and the median ratio (above 1: B is slower):"
  for f in "${FIGURES[@]}"; do
    ratios=$(paste <(printf '%s' "${VALUES[A,$f]}") <(printf '%s' "${VALUES[B,$f]}") \
      | awk '{printf "%.4f\n", $2 / $1}')
    echo "  $f: per round $(echo $ratios | tr ' ' ','); median $(median <<<"$ratios")"
  done
fi
echo
echo "logs: $LOGS"
