/**
 * Which binaries the tests run: a *_BIN variable, then .tools/bin, then PATH; another release of the
 * pinned line is used with one line saying so, another line is refused. Fake binaries (shell
 * scripts printing a version) stand in for the real ones.
 */
import * as assert from "assert";
import { chmodSync, mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { Candidate, choose, fit, locate, parseVersion, releaseLine, usingLine, WANTED } from "../../harness/binary-choice";
import { run } from "../support/exec";
import { tempDir } from "../support/files";
import { ROOT } from "../../offline/program";

const PINNED_PROMETHEUS = WANTED.prometheus.pinned;
const PINNED_ALERTMANAGER = WANTED.alertmanager.pinned;
const [major, minor, patch] = PINNED_PROMETHEUS.split(".").map(Number);
const NEXT_PATCH = `${major}.${minor}.${patch + 1}`;
const NEXT_MINOR = `${major}.${minor + 1}.0`;
const NEXT_MAJOR = `${major + 1}.0.0`;
const [amMajor, amMinor] = PINNED_ALERTMANAGER.split(".").map(Number);

/** What `prometheus --version` prints upstream (Homebrew's, the release tarballs'). */
const upstreamLine = (name: string, version: string) => `${name}, version ${version} (branch: HEAD, revision: 0123abc)`;
const candidate = (source: Candidate["source"], version: string | undefined, file = `/${source}/prometheus`): Candidate => ({
  source,
  path: file,
  versionLine: version === undefined ? undefined : upstreamLine("prometheus", version),
});

describe("binary choice: versions", () => {
  it("reads the version from upstream's and Debian's --version lines", () => {
    assert.strictEqual(parseVersion("prometheus, version 3.5.3 (branch: HEAD, revision: 0123abc)"), "3.5.3");
    assert.strictEqual(parseVersion("prometheus, version 3.5.3+ds1 (branch: debian/sid, revision: 3.5.3+ds1-6)"), "3.5.3");
    assert.strictEqual(parseVersion("alertmanager, version 0.33.10 (branch: HEAD)"), "0.33.10");
    assert.strictEqual(parseVersion("flag provided but not defined: -version"), undefined);
    assert.strictEqual(parseVersion(undefined), undefined);
  });

  it("takes another patch or minor release of the pinned major, and refuses another major", () => {
    assert.strictEqual(fit("3.5.3", "3.5.3"), "pinned");
    assert.strictEqual(fit("3.5.4", "3.5.3"), "compatible");
    assert.strictEqual(fit("3.4.0", "3.5.3"), "compatible");
    assert.strictEqual(fit("3.10.0", "3.5.3"), "compatible");
    assert.strictEqual(fit("4.0.0", "3.5.3"), "incompatible");
    assert.strictEqual(fit("2.53.0", "3.5.3"), "incompatible");
    assert.strictEqual(releaseLine("3.5.3"), "3.x");
  });

  it("for a 0.x version (Alertmanager) the minor is the line: 0.33.2 will do for 0.33.1, 0.34.0 and 0.32.0 will not", () => {
    assert.strictEqual(fit("0.33.2", "0.33.1"), "compatible");
    assert.strictEqual(fit("0.33.0", "0.33.1"), "compatible");
    assert.strictEqual(fit("0.34.0", "0.33.1"), "incompatible");
    assert.strictEqual(fit("0.32.0", "0.33.1"), "incompatible");
    assert.strictEqual(fit("1.0.0", "0.33.1"), "incompatible");
    assert.strictEqual(releaseLine("0.33.1"), "0.33.x");
  });
});

describe("binary choice: selection", () => {
  it("the variable comes first, then .tools/bin, then PATH", () => {
    const all = [candidate("env", PINNED_PROMETHEUS), candidate(".tools/bin", PINNED_PROMETHEUS), candidate("PATH", PINNED_PROMETHEUS)];
    assert.strictEqual(choose("prometheus", all).chosen?.source, "env");
    assert.strictEqual(choose("prometheus", all.slice(1)).chosen?.source, ".tools/bin");
    assert.strictEqual(choose("prometheus", all.slice(2)).chosen?.source, "PATH");
  });

  it("the pinned version is used without a note", () => {
    const { chosen, refused } = choose("prometheus", [candidate("PATH", PINNED_PROMETHEUS)]);
    assert.deepStrictEqual(chosen, { name: "prometheus", path: "/PATH/prometheus", source: "PATH", version: PINNED_PROMETHEUS, note: undefined });
    assert.deepStrictEqual(refused, []);
    assert.strictEqual(usingLine(chosen), `using prometheus ${PINNED_PROMETHEUS} from PATH (/PATH/prometheus)`);
  });

  it("another patch or minor release from PATH or the variable is used, with one line saying so", () => {
    for (const version of [NEXT_PATCH, NEXT_MINOR]) {
      const fromPath = choose("prometheus", [candidate("PATH", version)]).chosen!;
      assert.strictEqual(fromPath.note, `using prometheus ${version} from PATH (/PATH/prometheus); the pinned version is ${PINNED_PROMETHEUS}`);
      assert.strictEqual(usingLine(fromPath), fromPath.note);
      const fromEnv = choose("prometheus", [candidate("env", version)]).chosen!;
      assert.strictEqual(fromEnv.note, `using prometheus ${version} from PROMETHEUS_BIN (/env/prometheus); the pinned version is ${PINNED_PROMETHEUS}`);
    }
  });

  it(".tools/bin counts only at the pinned version (another is a stale fetch, fetched again): PATH's is used instead", () => {
    const { chosen, refused } = choose("prometheus", [candidate(".tools/bin", NEXT_PATCH), candidate("PATH", NEXT_PATCH)]);
    assert.strictEqual(chosen?.source, "PATH");
    assert.deepStrictEqual(refused, []);
    assert.strictEqual(choose("prometheus", [candidate(".tools/bin", NEXT_PATCH)]).chosen, undefined);
  });

  it("another major on PATH is refused, saying why and what to do, and the next one on PATH is used", () => {
    const { chosen, refused, envRefused } = choose("prometheus", [
      candidate("PATH", "2.53.0", "/usr/bin/prometheus"),
      candidate("PATH", PINNED_PROMETHEUS, "/opt/bin/prometheus"),
    ]);
    assert.strictEqual(chosen?.path, "/opt/bin/prometheus");
    assert.deepStrictEqual(refused, [
      `not using /usr/bin/prometheus (PATH): it is prometheus 2.53.0, not of the pinned ${PINNED_PROMETHEUS}'s release line ${major}.x; set PROMETHEUS_BIN to prometheus ${major}.x`,
    ]);
    assert.strictEqual(envRefused, false);
    assert.strictEqual(choose("prometheus", [candidate("PATH", NEXT_MAJOR)]).chosen, undefined);
  });

  it("a variable naming a binary that will not do is refused and nothing else is tried", () => {
    for (const [versionLine, why] of [
      [upstreamLine("prometheus", NEXT_MAJOR), `it is prometheus ${NEXT_MAJOR}, not of the pinned`],
      [undefined, "it does not run"],
      ["usage: prometheus [<flags>]", "it prints no version (usage: prometheus [<flags>])"],
    ] as const) {
      const { chosen, refused, envRefused } = choose("prometheus", [
        { source: "env", path: "/env/prometheus", versionLine },
        candidate("PATH", PINNED_PROMETHEUS),
      ]);
      assert.strictEqual(chosen, undefined);
      assert.strictEqual(envRefused, true);
      assert.strictEqual(refused.length, 1);
      assert.ok(refused[0].startsWith(`not using PROMETHEUS_BIN=/env/prometheus: ${why}`), refused[0]);
    }
  });

  it("Alertmanager: another minor release is refused (0.x), another patch release used", () => {
    const am = (version: string): Candidate => ({ source: "PATH", path: "/p/alertmanager", versionLine: upstreamLine("alertmanager", version) });
    assert.strictEqual(choose("alertmanager", [am(`${amMajor}.${amMinor + 1}.0`)]).chosen, undefined);
    assert.match(choose("alertmanager", [am(`${amMajor}.${amMinor + 1}.0`)]).refused[0], /set ALERTMANAGER_BIN to alertmanager 0\.\d+\.x$/);
    assert.ok(choose("alertmanager", [am(`${amMajor}.${amMinor}.99`)]).chosen?.note);
  });
});

describe("binary choice: on this machine's PATH and variables (fake binaries)", () => {
  const tmp = tempDir("binary-choice");
  after(() => tmp.remove());

  /** A directory of fake binaries, each printing `name, version V` as upstream's do. */
  function dir(name: string, binaries: Record<string, string>): string {
    const at = path.join(tmp.dir, name);
    mkdirSync(at, { recursive: true });
    for (const [binary, version] of Object.entries(binaries)) {
      const file = path.join(at, binary);
      writeFileSync(file, `#!/bin/sh\necho "${upstreamLine(binary.replace(/^prometheus-/, ""), version)}"\n`);
      chmodSync(file, 0o755);
    }
    return at;
  }

  it("finds Debian's prometheus-alertmanager name and Homebrew's alertmanager on PATH, in PATH order", () => {
    const debian = dir("debian", { "prometheus-alertmanager": PINNED_ALERTMANAGER });
    const homebrew = dir("homebrew", { alertmanager: PINNED_ALERTMANAGER });
    assert.strictEqual(
      locate("alertmanager", { env: { PATH: [debian, homebrew].join(path.delimiter) } }).chosen?.path,
      path.join(debian, "prometheus-alertmanager"),
    );
    assert.strictEqual(locate("alertmanager", { env: { PATH: [homebrew, debian].join(path.delimiter) } }).chosen?.path, path.join(homebrew, "alertmanager"));
  });

  it("the variable beats .tools/bin, which beats PATH; a stale .tools/bin gives way to PATH", () => {
    const env = dir("env", { promtool: NEXT_PATCH });
    const tools = dir("tools", { promtool: PINNED_PROMETHEUS });
    const stale = dir("stale", { promtool: NEXT_MINOR });
    const onPath = dir("path", { promtool: NEXT_PATCH });
    const where = (toolsBin: string, promtoolBin?: string) => locate("promtool", { env: { PATH: onPath, PROMTOOL_BIN: promtoolBin }, toolsBin }).chosen?.path;
    assert.strictEqual(where(tools, path.join(env, "promtool")), path.join(env, "promtool"));
    assert.strictEqual(where(tools), path.join(tools, "promtool"));
    assert.strictEqual(where(stale), path.join(onPath, "promtool"));
  });

  it("a variable naming a file that does not exist is refused, not passed over", () => {
    const onPath = dir("fallback", { amtool: PINNED_ALERTMANAGER });
    const choice = locate("amtool", { env: { PATH: onPath, AMTOOL_BIN: path.join(tmp.dir, "no-such-amtool") } });
    assert.strictEqual(choice.chosen, undefined);
    assert.deepStrictEqual(choice.refused, [
      `not using AMTOOL_BIN=${path.join(tmp.dir, "no-such-amtool")}: it does not run; set AMTOOL_BIN to amtool ${releaseLine(PINNED_ALERTMANAGER)}`,
    ]);
  });

  it("fetch-binaries' check: everything on PATH means nothing to fetch (exit 0, one line per binary, the note for another release)", () => {
    const all = dir("all", { alertmanager: PINNED_ALERTMANAGER, amtool: PINNED_ALERTMANAGER, prometheus: NEXT_PATCH, promtool: PINNED_PROMETHEUS });
    const result = sourcesLocal({ PATH: `${all}${path.delimiter}${process.env.PATH}` });
    assert.strictEqual(result.status, 0, result.output);
    assert.deepStrictEqual(result.output.trim().split("\n"), [
      `fetch-binaries: using alertmanager ${PINNED_ALERTMANAGER} from PATH (${path.join(all, "alertmanager")})`,
      `fetch-binaries: using amtool ${PINNED_ALERTMANAGER} from PATH (${path.join(all, "amtool")})`,
      `fetch-binaries: using prometheus ${NEXT_PATCH} from PATH (${path.join(all, "prometheus")}); the pinned version is ${PINNED_PROMETHEUS}`,
      `fetch-binaries: using promtool ${PINNED_PROMETHEUS} from PATH (${path.join(all, "promtool")})`,
    ]);
  });

  it("fetch-binaries' check: a variable naming another major stops it (exit 2), saying why", () => {
    const all = dir("all-again", {
      alertmanager: PINNED_ALERTMANAGER,
      amtool: PINNED_ALERTMANAGER,
      prometheus: PINNED_PROMETHEUS,
      promtool: PINNED_PROMETHEUS,
    });
    const wrong = dir("wrong", { prometheus: NEXT_MAJOR });
    const result = sourcesLocal({ PATH: `${all}${path.delimiter}${process.env.PATH}`, PROMETHEUS_BIN: path.join(wrong, "prometheus") });
    assert.strictEqual(result.status, 2, result.output);
    assert.match(result.output, new RegExp(`not using PROMETHEUS_BIN=.*: it is prometheus ${NEXT_MAJOR.replace(/\./g, "\\.")}, not of the pinned`));
  });
});

/** `scripts/binary-sources.ts local`, as fetch-binaries.sh runs it, with only the given variables of the *_BIN kind. */
function sourcesLocal(env: NodeJS.ProcessEnv) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !Object.values(WANTED).some((w) => w.env === k)));
  return run("env", [
    "-i",
    ...Object.entries({ ...clean, ...env }).map(([k, v]) => `${k}=${v}`),
    process.execPath,
    path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"),
    "--transpile-only",
    path.join(ROOT, "scripts", "binary-sources.ts"),
    "local",
  ]);
}
