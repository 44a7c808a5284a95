/** Progress of the long commands: one line per phase, none with --quiet; results are not progress. */
import * as assert from "assert";
import { withProgress } from "../../offline/progress";
import { runScript } from "../support/exec";
import { tempDir } from "../support/files";

describe("progress", function () {
  this.timeout(60_000);

  it("says each phase with the command's name, and takes --quiet out of the arguments", () => {
    const lines: string[] = [];
    const { progress, args } = withProgress("bench", ["--full"], (l) => lines.push(l));
    progress.phase("capacity");
    assert.deepStrictEqual(lines, ["bench: capacity"]);
    assert.deepStrictEqual(args, ["--full"]);
    assert.strictEqual(progress.quiet, false);
  });

  it("--quiet: no phase is said", () => {
    const lines: string[] = [];
    const { progress, args } = withProgress("chaos", ["--quiet", "--stack", "prod"], (l) => lines.push(l));
    progress.phase("partition");
    assert.deepStrictEqual(lines, []);
    assert.deepStrictEqual(args, ["--stack", "prod"]);
  });

  it("npm run render says its phases, and with --quiet only its warnings", () => {
    const tmp = tempDir("progress-render");
    try {
      const loud = runScript("scripts/render.ts", ["--stack", "dev", "--out", tmp.dir]);
      assert.strictEqual(loud.status, 0, loud.output);
      assert.match(loud.output, /^render: running the program for stack dev/m);
      assert.match(loud.output, /^render: stack dev: \d+ resources, \d+ files in /m);
      const quiet = runScript("scripts/render.ts", ["--stack", "dev", "--out", tmp.dir, "--quiet"]);
      assert.strictEqual(quiet.status, 0, quiet.output);
      assert.doesNotMatch(quiet.output, /^render: (running|stack)/m);
      assert.match(quiet.output, /^render: warning: alerting:heartbeat is not set/m, "warnings are results, not progress");
    } finally {
      tmp.remove();
    }
  });
});
