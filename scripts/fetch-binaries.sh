#!/usr/bin/env bash
# Provides the binaries the tests run: alertmanager + amtool and prometheus + promtool.
#   npm run fetch-binaries               nothing to do when .tools/bin has the pinned versions, or when
#                                        *_BIN variables or PATH have usable ones (harness/binary-choice.ts);
#                                        else the exact Debian packages pinned in config/versions.json
#                                        (the same upstream versions as the default images) into .tools/bin
#   npm run fetch-binaries -- --check    only asks Debian: are the pinned versions still there, is there newer
# The suites listed in config/versions.json are tried in order, on DEBIAN_MIRROR or else the Debian mirror
# this machine's apt is configured with. scripts/binary-sources.ts decides; this script runs the tools.
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
packages=(prometheus-alertmanager prometheus promtool)
wanted=("prometheus-alertmanager=$pkg_am" "prometheus=$pkg_prom" "promtool=$pkg_prom")
# sysexits.h's EX_USAGE.
usage_error=64

check_only=false
case "${1:-}" in
  "") ;;
  --check) check_only=true ;;
  *)
    echo "usage: npm run fetch-binaries [-- --check]" >&2
    exit "$usage_error"
    ;;
esac

decide() { (cd "$root" && node node_modules/ts-node/dist/bin.js --transpile-only scripts/binary-sources.ts "$@"); }
version_of() { "$1" --version 2>&1 | head -1 | sed -nE 's/.*version ([0-9]+\.[0-9]+\.[0-9]+).*/\1/p'; }
have() { [ -x "$bin/$1" ] && [ "$(version_of "$bin/$1")" = "$2" ]; }
debian_templates=/usr/share/prometheus/alertmanager
templates_ok() { [ -d "$tools/share/alertmanager" ] && diff -rq "$tools/share/alertmanager" "$debian_templates" >/dev/null 2>&1; }

if ! $check_only; then
  # One fetch at a time: mocha's worker processes may all ask at once on a fresh clone; the ones
  # that waited find the binaries in place below and return at once. flock is util-linux's: where
  # it is missing (macOS) there is no apt either, so nothing is fetched that a lock would guard.
  mkdir -p "$tools"
  if command -v flock >/dev/null; then
    exec 9>"$tools/.fetch.lock"
    flock 9
  fi
  if have alertmanager "$want_am" && have amtool "$want_am" && have prometheus "$want_prom" && have promtool "$want_prom" && templates_ok; then
    exit 0
  fi
  status=0
  decide local || status=$?
  case "$status" in
    0) exit 0 ;;
    1) ;;
    *) exit 1 ;;
  esac
fi

command -v apt-get >/dev/null || {
  echo "fetch-binaries: apt-get not found, so nothing can be fetched here: put alertmanager, amtool, prometheus and promtool on PATH (Alertmanager $want_am and Prometheus $want_prom, or other releases of those lines), or name them in ALERTMANAGER_BIN, AMTOOL_BIN, PROMETHEUS_BIN and PROMTOOL_BIN" >&2
  exit 1
}

mirror="${DEBIAN_MIRROR:-}"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -z "$mirror" ] && [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ {print $2; exit}' "$f")
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || {
  echo "fetch-binaries: no Debian mirror found in /etc/apt; set DEBIAN_MIRROR, or put the binaries on PATH" >&2
  exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
apt_opts_for() {
  local dir="$work/suites/$1"
  apt_opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State=$dir" -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)
}

# Every suite is asked, also after one has the pinned versions: a later one may have newer ones.
answers="$work/answers"
: >"$answers"
for suite in "${suites[@]}"; do
  mkdir -p "$work/suites/$suite/lists/partial" "$work/suites/$suite/cache/archives/partial"
  echo "deb [signed-by=$keyring] $mirror $suite main" >"$work/suites/$suite/sources.list"
  apt_opts_for "$suite"
  echo "fetch-binaries: asking Debian $suite for ${packages[*]}" >&2
  if ! apt-get "${apt_opts[@]}" update >/dev/null; then
    echo "$suite unreadable" >>"$answers"
    continue
  fi
  for p in "${packages[@]}"; do
    v=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$p" 2>/dev/null | awk '/^Version:/ {print $2; exit}' || true)
    echo "$suite $p ${v:--}" >>"$answers"
  done
done
found_in="$(decide debian "${suites[@]}" <"$answers")" || exit 1

if $check_only; then
  echo "fetch-binaries: Debian $found_in has the pinned ${wanted[*]}" >&2
  exit 0
fi

apt_opts_for "$found_in"
mkdir -p "$work/debs" "$bin"
(cd "$work/debs" && apt-get "${apt_opts[@]}" download "${wanted[@]}" >/dev/null) || {
  echo "fetch-binaries: apt-get download ${wanted[*]} from Debian $found_in failed" >&2
  exit 1
}
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done
cp "$work/root/usr/bin/prometheus-alertmanager" "$bin/alertmanager"
cp "$work/root/usr/bin/amtool" "$work/root/usr/bin/prometheus" "$work/root/usr/bin/promtool" "$bin/"
rm -rf "$tools/share/alertmanager" && mkdir -p "$tools/share"
cp -r "$work/root$debian_templates" "$tools/share/alertmanager"
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
