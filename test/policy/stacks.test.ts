/** The program's own stacks pass the pack, and the policy gate fails a broken variant of it. */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { runStack } from "../../offline/program";
import { runScript } from "../support/exec";

describe("the program's own stacks", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack}: no violation at all, mandatory or advisory`, async () => {
      const run = await runPolicies((await runStack(stack)).resources, policies);
      assert.strictEqual(run.ran.length, 7);
      assert.deepStrictEqual(run.violations, []);
    });
  }

  it("npm run policy exits non-zero on a deliberately broken program variant", () => {
    const { status, output } = runScript("scripts/policy.ts", ["--stack", "prod", "--program", "test/policy/fixtures/broken-program.ts"]);
    assert.strictEqual(status, 1, output);
    assert.match(output, /\[mandatory\]\s+resource-limits\s+\(kubernetes:apps\/v1:Deployment: broken-sidecar\)/);
    assert.match(output, /\[mandatory\]\s+no-plaintext-credentials\s+\(kubernetes:apps\/v1:Deployment: broken-sidecar\)/);
    assert.match(output, /5 mandatory, 2 advisory violation\(s\)/);
  });
});
