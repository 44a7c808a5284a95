#!/usr/bin/env bash
# Provides the binaries the tests run, in .tools/bin (git-ignored): alertmanager + amtool and
# prometheus + promtool, at the exact Debian package versions pinned in config/versions.json
# (the same upstream versions as the default images). The suites listed there are tried in
# order; the Debian mirror is the one this machine's apt is already configured with.
# One system change: Debian's Alertmanager reads its built-in notification templates and its UI
# page from /usr/share/prometheus/alertmanager/ at run time (upstream embeds them), so the
# package's files for that directory are copied there when they differ. Nothing else is installed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
bin="$tools/bin"
versions="$root/config/versions.json"
field() { node -e 'const v = require(process.argv[1]); console.log(process.argv[2].split(".").reduce((o, k) => o[k], v))' "$versions" "$1"; }
want_am="$(field alertmanager.version)"
want_prom="$(field prometheus.version)"
pkg_am="$(field alertmanager.debianPackage)"
pkg_prom="$(field prometheus.debianPackage)"
read -r -a suites <<<"$(node -e 'console.log(require(process.argv[1]).debianSuites.join(" "))' "$versions")"

# One fetch at a time: mocha's worker processes may all ask at once on a fresh clone; the ones
# that waited find the binaries in place below and return at once.
mkdir -p "$tools"
exec 9>"$tools/.fetch.lock"
flock 9

have() { [ -x "$bin/$1" ] && "$bin/$1" --version 2>&1 | head -1 | grep -q "version $2"; }
debian_templates=/usr/share/prometheus/alertmanager
templates_ok() { [ -d "$tools/share/alertmanager" ] && diff -rq "$tools/share/alertmanager" "$debian_templates" >/dev/null 2>&1; }
if have alertmanager "$want_am" && have amtool "$want_am" && have prometheus "$want_prom" && have promtool "$want_prom" && templates_ok; then
  exit 0
fi

command -v apt-get >/dev/null || { echo "fetch-binaries: apt-get not found; set ALERTMANAGER_BIN, AMTOOL_BIN, PROMETHEUS_BIN and PROMTOOL_BIN (Alertmanager $want_am, Prometheus $want_prom), or put them on PATH" >&2; exit 1; }

mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || { echo "fetch-binaries: no Debian mirror found in /etc/apt; set the *_BIN variables instead" >&2; exit 1; }

work="$tools/apt"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
wanted=("prometheus-alertmanager=$pkg_am" "prometheus=$pkg_prom" "promtool=$pkg_prom")
found_in=""
seen=()
for suite in "${suites[@]}"; do
  rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$bin"
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$work/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State=$work" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)
  echo "fetch-binaries: looking for ${wanted[*]} in Debian $suite" >&2
  apt-get "${apt_opts[@]}" update >/dev/null || continue
  if (cd "$work/debs" && apt-get "${apt_opts[@]}" download "${wanted[@]}" >/dev/null 2>&1); then
    found_in="$suite"
    break
  fi
  for p in prometheus-alertmanager prometheus promtool; do
    seen+=("$suite: $p $(apt-cache "${apt_opts[@]}" show "$p" 2>/dev/null | awk '/^Version:/ {print $2; exit}')")
  done
done
if [ -z "$found_in" ]; then
  rm -rf "$work"
  {
    echo "fetch-binaries: the Debian mirror has moved on: ${wanted[*]} are in none of ${suites[*]}."
    printf '  found %s\n' "${seen[@]}"
    echo "  To move to the versions Debian has now: update config/versions.json (package and upstream versions),"
    echo "  run npm test, and check the changelogs. To stay on these versions: set ALERTMANAGER_BIN, AMTOOL_BIN,"
    echo "  PROMETHEUS_BIN and PROMTOOL_BIN to binaries of Alertmanager $want_am and Prometheus $want_prom."
  } >&2
  exit 1
fi

for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done
cp "$work/root/usr/bin/prometheus-alertmanager" "$bin/alertmanager"
cp "$work/root/usr/bin/amtool" "$work/root/usr/bin/prometheus" "$work/root/usr/bin/promtool" "$bin/"
rm -rf "$tools/share/alertmanager" && mkdir -p "$tools/share"
cp -r "$work/root$debian_templates" "$tools/share/alertmanager"
rm -rf "$work"
if ! templates_ok; then
  { rm -rf "$debian_templates" && mkdir -p "$debian_templates" && cp -r "$tools/share/alertmanager/." "$debian_templates/"; } 2>/dev/null || {
    echo "fetch-binaries: Debian's alertmanager needs $debian_templates (templates and UI page); copy $tools/share/alertmanager/ there (needs root), or set ALERTMANAGER_BIN to an upstream build" >&2
    exit 1
  }
fi
echo "fetch-binaries: Alertmanager $want_am and Prometheus $want_prom from Debian $found_in in $bin" >&2

for pair in "alertmanager $want_am" "amtool $want_am" "prometheus $want_prom" "promtool $want_prom"; do
  set -- $pair
  have "$1" "$2" || { echo "fetch-binaries: $1 is not version $2: $("$bin/$1" --version 2>&1 | head -1)" >&2; exit 1; }
done
