#!/usr/bin/env bash
# FedDuck's demo: builds the driver jar, provisions DuckDB's extensions into the user's cache, and runs
# examples/Demo.java (an SQLite source joined with a local DuckDB table) with only the jar on the class path.
# No database server is needed.
#   scripts/demo.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
EXT_DIR=${FEDDUCK_EXTENSION_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fedduck/extensions}

command -v mvn >/dev/null 2>&1 || { echo "[demo] Maven (mvn) is required: install Maven 3.8+ and a JDK 17+" >&2; exit 1; }
command -v java >/dev/null 2>&1 || { echo "[demo] java is required: install a JDK 17+" >&2; exit 1; }

echo "[demo] building the driver jar (mvn -B -q -DskipTests package)" >&2
mvn -B -q -DskipTests package

# The shaded jar: target/fedduck-jdbc-<version>.jar (not original-*, -sources, -javadoc, -tests).
# (Portable to macOS: BSD sed needs the ';' before '}', and BSD find has no -printf.)
version=$(sed -n '/<artifactId>fedduck-jdbc<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q;}' pom.xml || true)
jar=target/fedduck-jdbc-$version.jar
if [ -z "$version" ] || [ ! -f "$jar" ]; then
  jar=
  for candidate in target/fedduck-jdbc-*.jar; do
    case "$candidate" in *-sources.jar | *-javadoc.jar | *-tests.jar) continue ;; esac
    [ -f "$candidate" ] && jar=$candidate
  done
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "[demo] no target/fedduck-jdbc-*.jar after the build" >&2
  exit 1
fi

echo "[demo] provisioning DuckDB extensions into $EXT_DIR" >&2
scripts/provision-extensions.sh "$EXT_DIR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fedduck-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "[demo] running examples/Demo.java with $jar" >&2
java -cp "$jar" examples/Demo.java "$EXT_DIR" "$WORK"
