/** `npm run lint` refuses tests that would not run: the mocha rules bite on a fixture of each shape. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ESLint } from "eslint";
import { ROOT } from "../../offline/program";

const FIXTURE = path.join(__dirname, "fixtures", "lint", "tests-that-do-not-run.ts");

describe("lint: tests that run", function () {
  this.timeout(30_000);

  it("flags a nested test, an exclusive, a skipped and a pending test, and an identical title, in a test file", async () => {
    const eslint = new ESLint({ cwd: ROOT });
    // Linted under a test file's name, so the test files' rules apply; the fixture itself is ignored.
    const [result] = await eslint.lintText(readFileSync(FIXTURE, "utf8"), { filePath: path.join(ROOT, "test", "unit", "fixture.test.ts") });
    const found = result.messages.map((m) => `${m.line}:${m.ruleId}`);
    assert.deepStrictEqual(found, [
      "5:mocha/no-nested-tests",
      "8:mocha/no-exclusive-tests",
      "9:mocha/no-pending-tests",
      "10:mocha/no-pending-tests",
      "11:mocha/no-identical-title",
    ]);
  });

  it("leaves the fixture out of the repository's own lint run", async () => {
    assert.ok(await new ESLint({ cwd: ROOT }).isPathIgnored(FIXTURE));
  });
});
