#!/usr/bin/env bash
# Provides the binaries the tests run, in .tools/bin (git-ignored):
#   alertmanager + amtool 0.28.1, prometheus + promtool 2.53.3
# from Debian's trixie packages, unpacked with dpkg -x. The Debian mirror is the one this
# machine's apt is already configured with.
# One system change: Debian's Alertmanager reads its built-in notification templates and its UI
# page from /usr/share/prometheus/alertmanager/ at run time (upstream embeds them), so the
# package's files for that directory are copied there when missing. Nothing else is installed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
bin="$tools/bin"
want_am="0.28.1"
want_prom="2.53.3"

have() { [ -x "$bin/$1" ] && "$bin/$1" --version 2>&1 | head -1 | grep -q "version $2"; }
debian_templates=/usr/share/prometheus/alertmanager
templates_ok() { [ -f "$debian_templates/default.tmpl" ] && [ -f "$debian_templates/email.tmpl" ] && [ -f "$debian_templates/no-ui/index.html" ]; }
if have alertmanager "$want_am" && have amtool "$want_am" && have prometheus "$want_prom" && have promtool "$want_prom" && templates_ok; then
  exit 0
fi

command -v apt-get >/dev/null || { echo "fetch-binaries: apt-get not found; set ALERTMANAGER_BIN, AMTOOL_BIN, PROMETHEUS_BIN and PROMTOOL_BIN, or put the binaries on PATH" >&2; exit 1; }

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
rm -rf "$work" && mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$bin"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$keyring] $mirror trixie main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State=$work" -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
  -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q)

echo "fetch-binaries: downloading prometheus-alertmanager, prometheus and promtool from Debian trixie" >&2
apt-get "${apt_opts[@]}" update >/dev/null
(cd "$work/debs" && apt-get "${apt_opts[@]}" download prometheus-alertmanager prometheus promtool >/dev/null)
for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$work/root"; done
cp "$work/root/usr/bin/prometheus-alertmanager" "$bin/alertmanager"
cp "$work/root/usr/bin/amtool" "$work/root/usr/bin/prometheus" "$work/root/usr/bin/promtool" "$bin/"
rm -rf "$tools/share/alertmanager" && mkdir -p "$tools/share"
cp -r "$work/root$debian_templates" "$tools/share/alertmanager"
rm -rf "$work"
if ! templates_ok; then
  mkdir -p "$debian_templates" 2>/dev/null && cp -r "$tools/share/alertmanager/." "$debian_templates/" 2>/dev/null || {
    echo "fetch-binaries: Debian's alertmanager needs $debian_templates (templates and UI page); copy $tools/share/alertmanager/ there (needs root), or set ALERTMANAGER_BIN to an upstream build" >&2
    exit 1
  }
fi

for pair in "alertmanager $want_am" "amtool $want_am" "prometheus $want_prom" "promtool $want_prom"; do
  set -- $pair
  have "$1" "$2" || { echo "fetch-binaries: $1 is not version $2: $("$bin/$1" --version 2>&1 | head -1)" >&2; exit 1; }
done
