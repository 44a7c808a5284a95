/** The users' promtool test files, run by the real promtool against the rendered rule files (harness/rule-tests.ts). */
import * as assert from "assert";
import { Binaries, binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { checkDeployedRules, pointAtRenderedRules, runRuleTests } from "../../harness/rule-tests";
import { stackConfig } from "../../offline/program";

describe("rule unit tests from rule folders (real promtool test rules)", function () {
  this.timeout(60_000);
  let bin: Binaries;
  before(() => (bin = binaries()));

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: every test file in the stack's rule folders passes against the deployed rule files`, async () => {
      const results = await runRuleTests(deployedSpec(stackConfig(stack)), bin.promtool);
      assert.deepStrictEqual(
        results.map((r) => [r.file, r.ok]),
        [["rules/example/checkout.test.yml", true]],
        results.map((r) => r.output).join("\n"),
      );
    });
  }

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: promtool check rules passes every user rule file as deployed`, async () => {
      const checks = await checkDeployedRules(deployedSpec(stackConfig(stack)), bin.promtool);
      assert.deepStrictEqual(
        checks.map((c) => [c.file, c.deployedName, c.ok]),
        [["rules/example/checkout.yml", "checkout.yml", true]],
        checks.map((c) => c.output).join("\n"),
      );
    });
  }

  it("a wrong expectation fails, and the output names the test file and the test", async () => {
    const spec = deployedSpec(stackConfig("prod"));
    const [test] = spec.ruleTests;
    const wrong = { ...test, text: test.text.replace("exp_labels: { severity: critical,", "exp_labels: { severity: warning,") };
    assert.notStrictEqual(wrong.text, test.text);
    const [result] = await runRuleTests({ ...spec, ruleTests: [wrong] }, bin.promtool);
    assert.strictEqual(result.ok, false);
    assert.match(result.output, /name: an instance down for 2 minutes pages/);
    assert.strictEqual(result.file, "rules/example/checkout.test.yml");
  });

  it("rule_files point at the rendered files of the groups each named file holds", () => {
    const spec = deployedSpec(stackConfig("prod"));
    assert.match(pointAtRenderedRules(spec, spec.ruleTests[0]), /^rule_files:\n {2}- checkout\.yml\n/);
    assert.throws(
      () => pointAtRenderedRules(spec, { path: "rules/example/x.test.yml", text: "rule_files: [other.yml]\ntests: []\n" }),
      /rules\/example\/x\.test\.yml: rule_files entry "other\.yml" is not a deployed rule file; use one of rules\/example\/checkout\.yml/,
    );
    assert.throws(() => pointAtRenderedRules(spec, { path: "rules/example/y.test.yml", text: "tests: []\n" }), /y\.test\.yml: rule_files is missing/);
    assert.match(
      pointAtRenderedRules(spec, { path: "rules/example/z.test.yml", text: "rule_files: ['*.yml']\ntests: []\n" }),
      /^rule_files:\n {2}- checkout\.yml\n/,
    );
    assert.throws(
      () => pointAtRenderedRules(spec, { path: "rules/example/z.test.yml", text: "rule_files: ['*.yaml']\ntests: []\n" }),
      /entry "\*\.yaml" is not a deployed rule file/,
    );
  });
});
