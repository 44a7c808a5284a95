/** `npm run verify` as a user runs it: a table, exit 0; a wrong route makes it exit 1 naming the scenario. */
import * as assert from "assert";
import { cpSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { DEFAULT_ROUTES } from "../../config/defaults";
import { binaries } from "../../harness/binaries";
import { ROUTING_TABLE } from "../../harness/scenarios";
import { runScript } from "../support/exec";
import { tempDir } from "../support/files";

const verify = (args: string[]) => runScript("scripts/verify.ts", args, 150_000);

describe("npm run verify", function () {
  this.timeout(160_000);
  const tmp = tempDir("verify");
  before(() => binaries());
  after(() => tmp.remove());
  const configFile = (name: string, doc: unknown) => {
    const file = path.join(tmp.dir, name);
    writeFileSync(file, stringify(doc));
    return file;
  };

  it("--stack prod prints the scenario table and exits 0", () => {
    const { status, output } = verify(["--stack", "prod"]);
    assert.strictEqual(status, 0, output);
    assert.match(output, /scenario\s+expected\s+received\s+duplicates/);
    assert.match(
      output,
      /ok\s+critical pages on-call\s+oncall-critical:email, oncall-critical:msteams, oncall-critical:pagerduty, oncall-critical:slack, oncall-critical:webhook/,
    );
    assert.match(output, new RegExp(`verify: ${ROUTING_TABLE.length} of ${ROUTING_TABLE.length} scenarios as expected`));
    assert.match(output, /verify: rule tests rules\/example\/checkout.test.yml: ok/);
  });

  it("a deliberately wrong rule test expectation exits non-zero and names the test", () => {
    // Rule folders are project paths: the broken copy goes in the git-ignored out/.
    const folder = "out/verify-wrong-rule-test";
    rmSync(folder, { recursive: true, force: true });
    cpSync("rules/example", folder, { recursive: true });
    const test = path.join(folder, "checkout.test.yml");
    writeFileSync(test, readFileSync(test, "utf8").replace("exp_labels: { severity: critical,", "exp_labels: { severity: warning,"));
    try {
      const { status, output } = verify(["--stack", "dev", "--config", configFile("wrong-rule-test.yaml", { rules: { folders: [folder] } })]);
      assert.strictEqual(status, 1, output);
      assert.match(output, new RegExp(`verify: rule tests ${folder}/checkout.test.yml: FAILED`));
      assert.match(output, /name: an instance down for 2 minutes pages/);
      assert.match(output, /verify: 0 of 1 rule test files passed/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("a deliberately wrong route exits non-zero and names the scenario", () => {
    const wrong = path.join(tmp.dir, "wrong-route.yaml");
    const routes = DEFAULT_ROUTES.map((r) => (r.name === "critical" ? { ...r, receiver: "slack-alerts" } : r));
    writeFileSync(wrong, stringify({ routes }));
    const { status, output } = verify(["--stack", "dev", "--config", wrong]);
    assert.strictEqual(status, 1, output);
    assert.match(
      output,
      /MISMATCH in scenario "critical pages on-call": expected oncall-critical:pagerduty, oncall-critical:slack, received slack-alerts:slack/,
    );
  });

  describe("--config files and their errors", () => {
    it("an invalid value gets the message render gives, not a schema dump", () => {
      const { status, output } = verify(["--stack", "prod", "--config", configFile("replicas.yaml", { alertmanager: { replicas: 0 } })]);
      assert.strictEqual(status, 2, output);
      assert.match(
        output,
        /verify: invalid configuration \(1 problem\):\n\s+alerting:alertmanager\.replicas: 0 is out of range; use a whole number from 1 to 9/,
      );
      assert.doesNotMatch(output, /"code"|"expected"/);
    });

    for (const [form, doc] of [
      ["bare keys", { alertmanagr: { replicas: 3 } }],
      ["prefixed keys", { "alerting:alertmanagr": { replicas: 3 } }],
      ["the Pulumi.<stack>.yaml form", { config: { "alerting:alertmanagr": { replicas: 3 }, "kubernetes:context": "elsewhere" } }],
    ] as const) {
      it(`reads ${form}, and its errors name the user's keys, not the capture rewrite's`, () => {
        const { status, output } = verify(["--stack", "prod", "--config", configFile(`${form.replace(/\W/g, "")}.yaml`, doc)]);
        assert.strictEqual(status, 2, output);
        assert.match(output, /alerting:alertmanagr: is not a known key; accepted keys: target, images, /);
        assert.match(output, /slackWebhookUrl, pagerdutyRoutingKey, webhookUrl, msteamsWebhookUrl, heartbeatUrl, smtpPassword \(credential keys/);
        assert.doesNotMatch(output, /alerting:alerting:|r\d+slack/);
      });
    }

    it("a Pulumi.<stack>.yaml-form file takes effect (a wrong route is caught)", () => {
      const routes = DEFAULT_ROUTES.map((r) => (r.name === "critical" ? { ...r, receiver: "slack-alerts" } : r));
      const { status, output } = verify(["--stack", "dev", "--config", configFile("stack-form.yaml", { config: { "alerting:routes": routes } })]);
      assert.strictEqual(status, 1, output);
      assert.match(output, /MISMATCH in scenario "critical pages on-call"/);
    });
  });

  it("rejects an unknown argument with a clear message", () => {
    const { status, output } = verify(["--stak", "prod"]);
    assert.strictEqual(status, 2);
    assert.match(output, /unknown argument "--stak"; accepted: --stack, --config, --scenarios/);
  });
});
