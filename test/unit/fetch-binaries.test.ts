/**
 * scripts/fetch-binaries.sh against Debian moving on, with a stand-in for apt: fake apt-get and
 * apt-cache first on PATH answer from a folder per suite (the versions the test puts there), log
 * every call, and download nothing. `--check` asks Debian only, so the test needs no root and
 * leaves .tools alone.
 */
import * as assert from "assert";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import VERSIONS from "../../config/versions.json";
import { ROOT } from "../../offline/program";
import { run } from "../support/exec";
import { tempDir } from "../support/files";

const AM = VERSIONS.alertmanager;
const PROM = VERSIONS.prometheus;
const [FIRST, SECOND] = VERSIONS.debianSuites;
/** A reserved name (RFC 2606): nothing is fetched, and the fakes never look at it. */
const MIRROR = "http://mirror.invalid/debian";

/** Debian's next revision of a package version: a non-maintainer upload, `-5` -> `-5.1`. */
const nextRevision = (debian: string) => `${debian}.1`;
/** The next upstream patch release, packaged: `3.5.3` with `+ds1-6` -> `3.5.4+ds1-1`. */
function nextRelease(pin: { version: string; debianPackage: string }) {
  const [major, minor, patch] = pin.version.split(".").map(Number);
  const version = `${major}.${minor}.${patch + 1}`;
  const repack = /^[\d.]+(\+[^-]*)?-/.exec(pin.debianPackage)?.[1] ?? "";
  return { version, debianPackage: `${version}${repack}-1` };
}

/** Finds the suite in the sources.list the script hands apt with -o Dir::Etc::SourceList=: `deb [signed-by=...] MIRROR SUITE main`. */
const FIND_SUITE = `for a in "$@"; do case "$a" in Dir::Etc::SourceList=*) list="\${a#*=}" ;; esac; done
suite=$(awk '{print $4}' "$list")
command=""
for a in "$@"; do case "$a" in -o) skip=1 ;; -*) ;; *) if [ -n "\${skip:-}" ]; then skip=""; elif [ -z "$command" ]; then command="$a"; fi ;; esac; done
echo "$(basename "$0") $suite $command \${*: -1}" >>"$FAKE_APT/calls"`;

const FAKE_APT_GET = `#!/usr/bin/env bash
${FIND_SUITE}
case "$command" in
  update) [ -d "$FAKE_APT/$suite" ] || { echo "E: The repository '$suite' does not have a Release file." >&2; exit 100; } ;;
  *) echo "fake apt-get: $command is not faked" >&2; exit 1 ;;
esac
`;

const FAKE_APT_CACHE = `#!/usr/bin/env bash
${FIND_SUITE}
pkg="\${*: -1}"
[ "$command" = show ] && [ -f "$FAKE_APT/$suite/$pkg" ] || { echo "E: No packages found" >&2; exit 100; }
printf 'Package: %s\\nVersion: %s\\nArchitecture: amd64\\n\\n' "$pkg" "$(cat "$FAKE_APT/$suite/$pkg")"
`;

describe("fetch-binaries against a Debian that moved on (fake apt)", function () {
  this.timeout(60_000);
  const tmp = tempDir("fetch-binaries");
  after(() => tmp.remove());
  let cases = 0;

  /** Runs `fetch-binaries.sh --check` against suites holding `debian` (suite -> package -> version; a suite left out cannot be read). */
  function check(debian: Record<string, Record<string, string>>) {
    const dir = path.join(tmp.dir, `case-${cases++}`);
    const fakes = path.join(dir, "bin");
    const answers = path.join(dir, "apt");
    mkdirSync(fakes, { recursive: true });
    mkdirSync(answers);
    for (const [name, text] of [
      ["apt-get", FAKE_APT_GET],
      ["apt-cache", FAKE_APT_CACHE],
    ]) {
      writeFileSync(path.join(fakes, name), text);
      chmodSync(path.join(fakes, name), 0o755);
    }
    for (const [suite, packages] of Object.entries(debian)) {
      mkdirSync(path.join(answers, suite));
      for (const [pkg, version] of Object.entries(packages)) writeFileSync(path.join(answers, suite, pkg), version);
    }
    const env = { PATH: `${fakes}${path.delimiter}${process.env.PATH}`, DEBIAN_MIRROR: MIRROR, FAKE_APT: answers };
    const result = run("env", [...Object.entries(env).map(([k, v]) => `${k}=${v}`), "bash", path.join(ROOT, "scripts", "fetch-binaries.sh"), "--check"]);
    const calls = readFileSync(path.join(answers, "calls"), "utf8").trim().split("\n");
    return { ...result, calls };
  }
  const packages = (am: string, prom: string) => ({ "prometheus-alertmanager": am, prometheus: prom, promtool: prom });

  it("pinned versions gone: exits 1 naming them, what each suite has now, and the one-line change to config/versions.json", () => {
    const released = { am: nextRelease(AM), prom: nextRelease(PROM) };
    const { status, output, calls } = check({
      [FIRST]: packages(nextRevision(AM.debianPackage), nextRevision(PROM.debianPackage)),
      [SECOND]: packages(released.am.debianPackage, released.prom.debianPackage),
    });
    assert.strictEqual(status, 1, output);
    assert.ok(
      output.includes(
        `the pinned versions are gone from Debian: prometheus-alertmanager ${AM.debianPackage}, prometheus and promtool ${PROM.debianPackage} are in none of ${FIRST}, ${SECOND}.`,
      ),
      output,
    );
    const now = (suite: string, am: string, prom: string) => `  Debian ${suite} has prometheus-alertmanager ${am}, prometheus ${prom}, promtool ${prom}\n`;
    assert.ok(output.includes(now(FIRST, nextRevision(AM.debianPackage), nextRevision(PROM.debianPackage))), output);
    assert.ok(output.includes(now(SECOND, released.am.debianPackage, released.prom.debianPackage)), output);
    assert.ok(
      output.includes(
        `  To move the pin to what Debian ${FIRST} has: change config/versions.json: alertmanager.debianPackage "${AM.debianPackage}" -> "${nextRevision(AM.debianPackage)}", prometheus.debianPackage "${PROM.debianPackage}" -> "${nextRevision(PROM.debianPackage)}"\n`,
      ),
      output,
    );
    assert.deepStrictEqual(
      calls.filter((c) => c.startsWith("apt-get")),
      [`apt-get ${FIRST} update update`, `apt-get ${SECOND} update update`],
      "both suites asked, nothing downloaded",
    );
  });

  it("a newer version in a later suite: a warning line with the change that moves the pin, and exit 0 (not a failure)", () => {
    const released = nextRelease(PROM);
    const { status, output } = check({
      [FIRST]: packages(AM.debianPackage, PROM.debianPackage),
      [SECOND]: packages(AM.debianPackage, released.debianPackage),
    });
    assert.strictEqual(status, 0, output);
    assert.ok(
      output.includes(
        `fetch-binaries: warning: Debian ${SECOND} has prometheus and promtool ${released.debianPackage}, newer than the pinned ${PROM.debianPackage}; to move the pin: change config/versions.json: prometheus.debianPackage "${PROM.debianPackage}" -> "${released.debianPackage}", prometheus.version "${PROM.version}" -> "${released.version}"\n`,
      ),
      output,
    );
    assert.ok(output.includes(`fetch-binaries: Debian ${FIRST} has the pinned`), output);
    assert.doesNotMatch(output, /prometheus-alertmanager .*newer/, "Alertmanager is not newer anywhere");
  });

  it("the pinned versions and nothing newer: exit 0, no warning", () => {
    const { status, output } = check({ [FIRST]: packages(AM.debianPackage, PROM.debianPackage), [SECOND]: packages(AM.debianPackage, PROM.debianPackage) });
    assert.strictEqual(status, 0, output);
    assert.doesNotMatch(output, /warning|gone/);
  });

  it("no suite readable: exit 1 saying so, not claiming the pin is gone", () => {
    const { status, output } = check({});
    assert.strictEqual(status, 1, output);
    assert.match(output, new RegExp(`could not read Debian's package lists for ${FIRST}, ${SECOND} \\(apt-get update failed\\)`));
    assert.doesNotMatch(output, /gone/);
  });
});
