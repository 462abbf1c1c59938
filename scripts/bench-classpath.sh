#!/usr/bin/env bash
# Prints the class path of a java.sql-only benchmark: its classes compiled from src/bench/java (and the
# test kit it uses from src/test/java) into OUT/classes, then pgjdbc, MariaDB Connector/J, sqlite-jdbc and
# HikariCP from Maven (resolved once, cached in OUT/drivers.classpath). The FedDuck driver jar under test
# goes between the two; the caller adds it.
#
#   scripts/bench-classpath.sh OUT MAIN_SOURCE   ->  prints "CLASSES DRIVERS" (two class paths, one line)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?output directory}
MAIN=${2:?main source file under src/bench/java}
mkdir -p "$OUT"
rm -rf "$OUT/classes"
mkdir -p "$OUT/classes"
DRIVERS_CP=$OUT/drivers.classpath
if [ ! -s "$DRIVERS_CP" ] || [ pom.xml -nt "$DRIVERS_CP" ] || [ "$0" -nt "$DRIVERS_CP" ]; then
  echo "[bench] resolving pgjdbc, MariaDB Connector/J, sqlite-jdbc and HikariCP with Maven" >&2
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=test \
    -DincludeGroupIds=org.postgresql,org.mariadb.jdbc,org.xerial,com.zaxxer,org.slf4j \
    -Dmdep.outputFile="$DRIVERS_CP" >"$OUT/maven.log" 2>&1 || { cat "$OUT/maven.log" >&2; exit 1; }
  touch "$DRIVERS_CP"   # the plugin leaves an unchanged file as it was
fi
javac --release 17 -nowarn -cp "$(cat "$DRIVERS_CP")" -sourcepath src/bench/java:src/test/java -d "$OUT/classes" "$MAIN"
echo "$OUT/classes $(cat "$DRIVERS_CP")"
