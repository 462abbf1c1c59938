#!/usr/bin/env bash
# Fills DIR with DuckDB's postgres, mysql and sqlite extensions in DuckDB's own layout,
#   DIR/v<duckdb version>/<platform>/<name>_scanner.duckdb_extension
# so that FedDuck can use them with extension_directory=DIR (or extension_repository=DIR) and never
# touch the network.
#
#   scripts/provision-extensions.sh DIR [postgres|mysql|sqlite ...]   # default: all three
#
# Each missing file comes from the first source that works:
#   duckdb  DuckDB's repository: <repo>/v<ver>/<platform>/<name>_scanner.duckdb_extension.gz (gunzipped)
#   pip     the PyPI wheel duckdb-ext-<name>==<ver>.* via `python3 -m pip download` (honours PIP_INDEX_URL,
#           proxies and pip.conf)
#   pypi    the same wheel fetched with curl, found through PyPI's JSON API (with python3) or its
#           simple index (without python3); its SHA-256 is checked against PyPI's
# The duckdb-ext-* wheels (https://github.com/jtanx/duckdb-ext, third-party packaging) carry DuckDB's
# official signed binaries unchanged; DuckDB checks the signature when it loads them.
# Only the extension file is taken out of a wheel. Every file is checked (size, and the metadata footer
# must name this DuckDB version and platform) before it is moved into place atomically. Files already
# present and valid are kept, so running the script again is cheap.
#
# Environment (all optional):
#   DUCKDB_VERSION               DuckDB engine version (default 1.4.4; must match duckdb_jdbc exactly)
#   DUCKDB_PLATFORM              DuckDB platform (default: this machine's; linux_amd64, linux_arm64,
#                                osx_amd64 or osx_arm64), e.g. to fill a folder for another machine
#   DUCKDB_EXTENSIONS            extensions when none are given as arguments (default "postgres mysql sqlite")
#   DUCKDB_EXT_WHEEL_VERSION     version pattern of the PyPI wheels (default "$DUCKDB_VERSION.*")
#   DUCKDB_EXT_WHEEL_TAG         wheel platform tag (default: derived from the platform)
#   DUCKDB_EXTENSION_REPOSITORY  DuckDB repository (default http://extensions.duckdb.org)
#   PROVISION_SOURCES            sources to try, in order (default "duckdb pip pypi")
#   PYPI_URL                     PyPI base URL for the curl source (default https://pypi.org)
set -euo pipefail

usage() {
  echo "usage: $0 DIR [postgres|mysql|sqlite ...]" >&2
  exit 2
}
if [ $# -lt 1 ] || [ -z "$1" ]; then usage; fi
case "$1" in -h | --help) usage ;; esac

DIR=$1
shift
EXTENSIONS=${*:-${DUCKDB_EXTENSIONS:-postgres mysql sqlite}}
DUCKDB_VERSION=${DUCKDB_VERSION:-1.4.4}
DUCKDB_VERSION=${DUCKDB_VERSION#v}
WHEEL_VERSION=${DUCKDB_EXT_WHEEL_VERSION:-$DUCKDB_VERSION.*}
SOURCES=${PROVISION_SOURCES:-duckdb pip pypi}
DUCKDB_REPO=${DUCKDB_EXTENSION_REPOSITORY:-http://extensions.duckdb.org}
DUCKDB_REPO=${DUCKDB_REPO%/}
PYPI_URL=${PYPI_URL:-https://pypi.org}
PYPI_URL=${PYPI_URL%/}
MIN_BYTES=$((1024 * 1024))

log() { echo "[provision-extensions] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

detect_platform() {
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64 | Linux/amd64) echo linux_amd64 ;;
    Linux/aarch64 | Linux/arm64) echo linux_arm64 ;;
    Darwin/x86_64) echo osx_amd64 ;;
    Darwin/arm64 | Darwin/aarch64) echo osx_arm64 ;;
    *) die "unsupported platform $(uname -s)/$(uname -m); set DUCKDB_PLATFORM (linux_amd64, linux_arm64, osx_amd64, osx_arm64)" ;;
  esac
}
PLATFORM=${DUCKDB_PLATFORM:-$(detect_platform)}
case "$PLATFORM" in
  linux_amd64) WHEEL_TAG=manylinux_2_28_x86_64 ;;
  linux_arm64) WHEEL_TAG=manylinux_2_28_aarch64 ;;
  osx_amd64) WHEEL_TAG=macosx_10_9_x86_64 ;;
  osx_arm64) WHEEL_TAG=macosx_11_0_arm64 ;;
  windows_amd64) WHEEL_TAG=win_amd64 ;;
  *) WHEEL_TAG= ;;
esac
WHEEL_TAG=${DUCKDB_EXT_WHEEL_TAG:-$WHEEL_TAG}

for source in $SOURCES; do
  case "$source" in duckdb | pip | pypi) ;; *) die "unknown source '$source' in PROVISION_SOURCES (use duckdb, pip, pypi)" ;; esac
done

TARGET_DIR=$DIR/v$DUCKDB_VERSION/$PLATFORM
mkdir -p "$TARGET_DIR" || die "cannot create $TARGET_DIR"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fedduck-provision.XXXXXX")
cleanup() {
  rm -rf "$WORK"
  rm -f "$TARGET_DIR"/.*.tmp.$$ 2>/dev/null || true
}
trap cleanup EXIT

file_size() { wc -c <"$1" | tr -d ' '; }
last_line() { grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 || true; }

# One field of the 512-byte footer DuckDB appends to every extension: 8 fields of 32 bytes (stored
# last field first), then a 256-byte signature. Offsets from the start of the footer: 224 magic "4",
# 192 platform, 160 DuckDB version, 128 extension version, 96 ABI type.
footer_field() { tail -c 512 "$1" | head -c $(($2 + 32)) | tail -c 32 | tr -d '\000'; }

# Prints why FILE is not a usable extension for this DuckDB version and platform; nothing if it is.
check_extension() {
  local f=$1 size magic platform version
  [ -s "$f" ] || { echo "empty or missing"; return 0; }
  size=$(file_size "$f")
  [ "$size" -gt "$MIN_BYTES" ] || { echo "only $size bytes, not a DuckDB extension"; return 0; }
  magic=$(footer_field "$f" 224)
  platform=$(footer_field "$f" 192)
  version=$(footer_field "$f" 160)
  [ "$magic" = 4 ] || { echo "no DuckDB extension metadata footer"; return 0; }
  [ "$version" = "v$DUCKDB_VERSION" ] || { echo "built for DuckDB $version, not v$DUCKDB_VERSION"; return 0; }
  [ "$platform" = "$PLATFORM" ] || { echo "built for platform $platform, not $PLATFORM"; return 0; }
}

sha256_of() {
  if have sha256sum; then
    sha256sum "$1" | cut -d' ' -f1
  elif have shasum; then
    shasum -a 256 "$1" | cut -d' ' -f1
  else
    echo unknown
  fi
}

wheel_member() { echo "duckdb_ext/extensions/v$DUCKDB_VERSION/$PLATFORM/${1}_scanner.duckdb_extension"; }

# Extracts MEMBER of the zip file WHEEL to OUT, with unzip, python3 or the JDK's jar.
unzip_member() {
  local wheel=$1 member=$2 out=$3
  if have unzip && unzip -p "$wheel" "$member" >"$out" 2>/dev/null && [ -s "$out" ]; then
    return 0
  fi
  if have python3 && python3 - "$wheel" "$member" "$out" 2>/dev/null <<'PY'; then
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
    return 0
  fi
  if have jar && (mkdir -p "$WORK/jar" && cd "$WORK/jar" && jar xf "$wheel" "$member") 2>/dev/null \
    && [ -s "$WORK/jar/$member" ]; then
    mv -f "$WORK/jar/$member" "$out"
    return 0
  fi
  echo "cannot extract $member from $(basename "$wheel") (member missing, or no unzip, python3 or jar)"
  return 1
}

# Written after the first connection failure, so the other extensions do not wait for the repository
# again (the fetch functions run in subshells, hence a file rather than a variable).
DUCKDB_REPO_DOWN=$WORK/duckdb-repository-unreachable
CURL=(curl -fsSL --connect-timeout 5)

# Each fetch_<source> NAME OUT writes the extension to OUT and prints where it came from, or prints
# why it failed and returns 1.
fetch_duckdb() {
  local name=$1 out=$2 url rc=0 why
  have curl || { echo "curl is not installed"; return 1; }
  if [ -s "$DUCKDB_REPO_DOWN" ]; then
    cat "$DUCKDB_REPO_DOWN"
    return 1
  fi
  url=$DUCKDB_REPO/v$DUCKDB_VERSION/$PLATFORM/${name}_scanner.duckdb_extension.gz
  "${CURL[@]}" --max-time 900 -o "$WORK/$name.gz" "$url" 2>"$WORK/curl.err" || rc=$?
  if [ "$rc" -ne 0 ]; then
    why="$url: $(last_line "$WORK/curl.err")"
    case $rc in
      5 | 6 | 7 | 28 | 35) # proxy or host not resolved, connection refused, timeout, TLS
        echo "unreachable ($why)" >"$DUCKDB_REPO_DOWN"
        log "DuckDB's repository is unreachable ($why); trying the next source" ;;
    esac
    echo "$why"
    return 1
  fi
  if ! gunzip -c "$WORK/$name.gz" >"$out" 2>"$WORK/gunzip.err"; then
    echo "$url: not a gzip file: $(last_line "$WORK/gunzip.err")"
    return 1
  fi
  rm -f "$WORK/$name.gz"
  echo "DuckDB's repository ($url)"
}

fetch_pip() {
  local name=$1 out=$2 dl=$WORK/pip-$1 wheel
  [ -n "$WHEEL_TAG" ] || { echo "no wheel tag for $PLATFORM (set DUCKDB_EXT_WHEEL_TAG)"; return 1; }
  if ! have python3 || ! python3 -m pip --version >/dev/null 2>&1; then
    echo "pip is not available (python3 -m pip)"
    return 1
  fi
  mkdir -p "$dl"
  if ! python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform "$WHEEL_TAG" -d "$dl" "duckdb-ext-$name==$WHEEL_VERSION" >"$WORK/pip.log" 2>&1; then
    echo "pip download duckdb-ext-$name==$WHEEL_VERSION ($WHEEL_TAG) failed: $(last_line "$WORK/pip.log")"
    return 1
  fi
  wheel=$(find "$dl" -name '*.whl' | head -n 1)
  [ -n "$wheel" ] || { echo "pip downloaded no wheel"; return 1; }
  unzip_member "$wheel" "$(wheel_member "$name")" "$out" || return 1
  echo "PyPI via pip ($(basename "$wheel"))"
}

# Prints "URL SHA256 FILENAME" of the newest wheel of PROJECT matching WHEEL_VERSION and WHEEL_TAG.
pypi_pick_wheel() {
  local project=$1
  if have python3; then
    "${CURL[@]}" --max-time 120 "$PYPI_URL/pypi/$project/json" 2>"$WORK/curl.err" | python3 -c '
import fnmatch, json, re, sys
pattern, tag = sys.argv[1], sys.argv[2]
try:
    releases = json.load(sys.stdin).get("releases", {})
except ValueError:
    sys.exit(1)
def key(v):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.+-]", v)]
for version in sorted(releases, key=key, reverse=True):
    if fnmatch.fnmatchcase(version, pattern):
        for f in releases[version]:
            if (f.get("packagetype") == "bdist_wheel" and not f.get("yanked")
                    and f["filename"].endswith("-" + tag + ".whl")):
                print(f["url"], f["digests"]["sha256"], f["filename"])
                sys.exit(0)
sys.exit(1)' "$WHEEL_VERSION" "$WHEEL_TAG"
  else
    # PEP 503 simple index: <a href="URL#sha256=HEX">FILENAME</a>
    "${CURL[@]}" --max-time 120 "$PYPI_URL/simple/$project/" 2>"$WORK/curl.err" \
      | grep -o 'href="[^"]*\.whl#sha256=[0-9a-f]*"' | sed -e 's/^href="//' -e 's/"$//' \
      | while IFS= read -r link; do
        url=${link%%#*}
        sha=${link##*=}
        file=${url##*/}
        version=${file#*-}
        version=${version%%-*}
        # shellcheck disable=SC2053  # WHEEL_VERSION is a glob on purpose
        if [[ $version == $WHEEL_VERSION && $file == *-"$WHEEL_TAG".whl ]]; then
          echo "$version $url $sha $file"
        fi
      done | sort -V -r | head -n 1 | cut -d' ' -f2- | grep .
  fi
}

fetch_pypi() {
  local name=$1 out=$2 project=duckdb-ext-$1 pick url sha file actual
  have curl || { echo "curl is not installed"; return 1; }
  [ -n "$WHEEL_TAG" ] || { echo "no wheel tag for $PLATFORM (set DUCKDB_EXT_WHEEL_TAG)"; return 1; }
  if ! pick=$(pypi_pick_wheel "$project"); then
    echo "no wheel $project==$WHEEL_VERSION for $WHEEL_TAG found on $PYPI_URL $(last_line "$WORK/curl.err")"
    return 1
  fi
  read -r url sha file <<<"$pick"
  if ! "${CURL[@]}" --max-time 900 --retry 2 -o "$WORK/$file" "$url" 2>"$WORK/curl.err"; then
    echo "$url: $(last_line "$WORK/curl.err")"
    return 1
  fi
  actual=$(sha256_of "$WORK/$file")
  if [ "$actual" != unknown ] && [ "$actual" != "$sha" ]; then
    echo "$file: SHA-256 $actual does not match PyPI's $sha"
    return 1
  fi
  unzip_member "$WORK/$file" "$(wheel_member "$name")" "$out" || return 1
  rm -f "$WORK/$file"
  echo "PyPI via curl ($file)"
}

failed=""
for name in $EXTENSIONS; do
  case "$name" in
    postgres | mysql | sqlite) ;;
    postgres_scanner | mysql_scanner | sqlite_scanner) name=${name%_scanner} ;;
    *) die "unknown extension '$name' (use postgres, mysql, sqlite)" ;;
  esac
  target=$TARGET_DIR/${name}_scanner.duckdb_extension
  if [ -s "$target" ]; then
    problem=$(check_extension "$target")
    if [ -z "$problem" ]; then
      echo "$name: already present: $target"
      continue
    fi
    log "$name: replacing $target: $problem"
  fi
  tmp=$TARGET_DIR/.${name}_scanner.duckdb_extension.tmp.$$
  reasons=""
  came_from=""
  for source in $SOURCES; do
    rm -f "$tmp"
    if from=$("fetch_$source" "$name" "$tmp"); then
      problem=$(check_extension "$tmp")
      if [ -z "$problem" ]; then
        chmod 644 "$tmp"
        mv -f "$tmp" "$target"
        came_from=$from
        break
      fi
      from="$from: rejected, $problem"
    fi
    reasons="$reasons
    - $source: $from"
  done
  rm -f "$tmp"
  if [ -n "$came_from" ]; then
    echo "$name: from $came_from -> $target (extension version $(footer_field "$target" 128))"
  else
    log "ERROR: could not provision the DuckDB extension '$name' (${name}_scanner, DuckDB v$DUCKDB_VERSION, $PLATFORM). Tried:$reasons
  What to do: let this machine reach extensions.duckdb.org or pypi.org (behind a proxy: export
  https_proxy=...; a PyPI mirror: export PIP_INDEX_URL=...), or run this script on a machine that can and
  copy DIR over, or copy the file from a DuckDB $DUCKDB_VERSION installation that has it
  (~/.duckdb/extensions/v$DUCKDB_VERSION/$PLATFORM/ after 'INSTALL $name') to
  $target, then run this script again."
    failed="$failed $name"
  fi
done
[ -z "$failed" ] || die "missing extensions:$failed"
