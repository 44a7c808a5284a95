/**
 * `npm run route-diff` in a fixture repository (a copy of this working tree with a history of its
 * own): a commit that only reformats Pulumi.prod.yaml prints nothing and exits 0; a commit that
 * changes a route prints the label sets it moves with both answers and exits 1. Nothing is left
 * behind: no temporary directory, no process.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse, parseDocument } from "yaml";
import { DEFAULT_ROUTES } from "../../config/defaults";
import { binaries } from "../../harness/binaries";
import { processesMentioning } from "../../harness/processes";
import { ROOT } from "../../offline/program";
import { tempDir } from "../support/files";

const STACK_FILE = "Pulumi.prod.yaml";
/** What proof/route-diff names its temporary directories. */
const TEMP_PREFIX = "proven-alerting-route-diff-";

const leftovers = () => readdirSync(tmpdir()).filter((n) => n.startsWith(TEMP_PREFIX));

describe("npm run route-diff in a fixture repository", function () {
  this.timeout(600_000);
  // Made in before(), not here: a run that loads this file but greps its tests out runs no after().
  let fixture: ReturnType<typeof tempDir> | undefined;
  let repo = "";
  const gitIn = (cwd: string, ...args: string[]) =>
    execFileSync("git", ["-c", "user.name=route-diff test", "-c", "user.email=route-diff@example.invalid", "-c", "commit.gpgsign=false", ...args], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const git = (...args: string[]) => gitIn(repo, ...args);
  let env: NodeJS.ProcessEnv;
  const routeDiffIn = (project: string, ...args: string[]) => {
    const child = spawnSync(
      process.execPath,
      [path.join(project, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "scripts/route-diff.ts", ...args],
      {
        cwd: project,
        encoding: "utf8",
        env,
        timeout: 300_000,
      },
    );
    return { status: child.status, stdout: child.stdout, stderr: child.stderr };
  };
  const routeDiff = (...args: string[]) => routeDiffIn(repo, ...args);
  const commit = (message: string, stackFile: string) => {
    writeFileSync(path.join(repo, STACK_FILE), stackFile);
    git("commit", "-q", "-a", "-m", message);
  };
  const stackFile = () => readFileSync(path.join(repo, STACK_FILE), "utf8");
  let existing: string[];

  before(() => {
    const bin = binaries();
    // The fixture has no .tools of its own: the binaries come from this checkout, as CI's would.
    env = { ...process.env, ALERTMANAGER_BIN: bin.alertmanager, AMTOOL_BIN: bin.amtool, PROMETHEUS_BIN: bin.prometheus, PROMTOOL_BIN: bin.promtool };
    existing = leftovers();
    fixture = tempDir("route-diff-fixture");
    repo = fixture.dir;
    const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0");
    for (const file of files.filter((f) => f && existsSync(path.join(ROOT, f)))) {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(repo, file));
    }
    symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
    git("init", "-q");
    // The link is the checkout's dependencies, not the fixture's history (`node_modules/` ignores directories only).
    writeFileSync(path.join(repo, ".git", "info", "exclude"), "/node_modules\n");
    git("add", "-A");
    git("commit", "-q", "-m", "the working tree");
    // The stack's routes written out, so that a commit can change one.
    const doc = parseDocument(stackFile());
    doc.setIn(["config", "alerting:routes"], DEFAULT_ROUTES);
    commit("the default routes written out", doc.toString());
  });
  after(() => fixture?.remove());

  it("a commit that only reformats the stack file: nothing printed, exit 0", () => {
    commit("Pulumi.prod.yaml as JSON: the same values", `${JSON.stringify(parse(stackFile()), null, 1)}\n`);
    const result = routeDiff("--base", "HEAD~1", "--stack", "prod");
    assert.strictEqual(result.stdout, "", result.stderr);
    assert.strictEqual(result.status, 0, result.stderr);
  });

  it("a commit that changes a route: the label sets it moves, both answers, exit 1", () => {
    const values = parse(stackFile());
    const high = values.config["alerting:routes"].find((r: { name?: string }) => r.name === "high");
    high.receiver = "oncall-critical";
    commit("high severity pages", `${JSON.stringify(values, null, 1)}\n`);
    const result = routeDiff("--base", "HEAD~1", "--stack", "prod");
    assert.strictEqual(result.status, 1, result.stderr);
    assert.match(
      result.stdout,
      /^stack prod: routing differs from HEAD~1 \([0-9a-f]{7}\): [1-9]\d* label sets routed differently \(\d+ asked of \d+ derived\), 0 inhibit rules, 0 time intervals\n/,
    );
    assert.match(
      result.stdout,
      /\n {2}\{severity="high"\} {2}\(reaches route\.routes\[\d+\] of HEAD~1\)\n {4}HEAD~1: {7}slack-urgent\n {4}working tree: oncall-critical\n/,
    );
    // Only label sets carrying severity="high" move.
    const moved = [...result.stdout.matchAll(/^ {2}(\{.*\}) {2}\(/gm)].map((m) => m[1]);
    assert.ok(moved.length > 0 && moved.every((labels) => labels.includes('severity="high"')), moved.join("\n"));
  });

  it("a base that is not a commit: exit 2, naming the flag and the ref", () => {
    const result = routeDiff("--base", "no-such-ref", "--stack", "prod");
    assert.strictEqual(result.status, 2);
    assert.strictEqual(result.stdout, "");
    assert.match(result.stderr, /^route-diff: --base no-such-ref: not a commit of the repository at /m);
  });

  it("a project in a folder of a larger repository: its own tree at the base, the same routing", () => {
    const outer = path.join(repo, "outer");
    const project = path.join(outer, "project");
    mkdirSync(outer);
    const archive = path.join(repo, "project.tar");
    git("archive", "--prefix=project/", "-o", archive, "HEAD");
    execFileSync("tar", ["-xf", archive, "-C", outer]);
    symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
    writeFileSync(path.join(outer, "README"), "a repository with the project in a folder\n");
    gitIn(outer, "init", "-q");
    writeFileSync(path.join(outer, ".git", "info", "exclude"), "/project/node_modules\n");
    gitIn(outer, "add", "-A");
    gitIn(outer, "commit", "-q", "-m", "the project in a folder");
    const result = routeDiffIn(project, "--base", "HEAD", "--stack", "prod", "--verbose");
    assert.strictEqual(result.status, 0, result.stderr);
    assert.match(result.stdout, /^stack prod: same routing as HEAD \([0-9a-f]{7}\) \(amtool reads both routing trees alike\)\n$/);
  });

  it("leaves no temporary directory and no process behind", () => {
    assert.deepStrictEqual(leftovers(), existing);
    assert.deepStrictEqual(processesMentioning(repo), []);
  });
});
