/** The files each stack deploys, loaded by the real amtool and promtool. */
import * as assert from "assert";
import { readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { deployedFiles } from "../../offline/deployed-files";
import { runProgram } from "../../offline/program";
import { binaries, Binaries } from "../../harness/binaries";
import { ROUTING_TABLE, routedReceivers } from "../../harness/scenarios";
import { templatedFields, unrenderable } from "../support/amtool";
import { run } from "../support/exec";
import { Materialized, materialize, tempDir } from "../support/files";

const stacks = ["dev", "prod"];

describe("real tools: amtool and promtool accept what each stack deploys", function () {
  this.timeout(120_000);
  let bin: Binaries;
  const tmp = tempDir("real-tools");
  const files: Record<string, Materialized> = {};

  before(async () => {
    bin = binaries();
    for (const stack of stacks) {
      const program = await runProgram({ stack, fakeSecrets: stack === "prod" });
      files[stack] = materialize(deployedFiles(program.resources), path.join(tmp.dir, stack));
    }
  });
  after(() => tmp.remove());

  for (const stack of stacks) {
    it(`${stack}: amtool check-config passes, templates included`, () => {
      const result = run(bin.amtool, ["check-config", files[stack].alertmanagerConfig]);
      assert.strictEqual(result.status, 0, result.output);
      assert.match(result.output, /SUCCESS/);
      assert.match(result.output, /1 templates/);
    });

    it(`${stack}: promtool check config passes with every rule file`, () => {
      const result = run(bin.promtool, ["check", "config", files[stack].prometheusConfig]);
      assert.strictEqual(result.status, 0, result.output);
      assert.match(result.output, /SUCCESS: 4 rule files found/);
    });

    it(`${stack}: promtool check rules passes for every rule file`, () => {
      const rules = readdirSync(files[stack].rulesDir).map((f) => path.join(files[stack].rulesDir, f));
      assert.strictEqual(rules.length, 4);
      const result = run(bin.promtool, ["check", "rules", ...rules]);
      assert.strictEqual(result.status, 0, result.output);
    });
  }

  it("prod: every templated receiver field renders with amtool template render (0.32+ sends empty fields on a template error)", () => {
    const fields = templatedFields(files.prod.alertmanagerConfig);
    assert.ok(fields.length >= 20, `only ${fields.length} templated fields`);
    const glob = path.join(path.dirname(files.prod.alertmanagerConfig), "..", "templates", "*.tmpl");
    assert.deepStrictEqual(unrenderable(bin.amtool, glob, fields), []);
  });

  it("amtool template render fails on an unknown template (the check can fail)", () => {
    const glob = path.join(path.dirname(files.prod.alertmanagerConfig), "..", "templates", "*.tmpl");
    const result = run(bin.amtool, ["template", "render", `--template.glob=${glob}`, '--template.text={{ template "slack.alerting.missing" . }}']);
    assert.notStrictEqual(result.status, 0);
    assert.match(result.output, /template "slack.alerting.missing" not defined/);
  });

  it("amtool rejects a broken alertmanager.yml (the check can fail)", () => {
    const broken = path.join(tmp.dir, "broken.yml");
    writeFileSync(broken, "route:\n  receiver: nobody\nreceivers:\n  - name: someone\n");
    const result = run(bin.amtool, ["check-config", broken]);
    assert.notStrictEqual(result.status, 0);
    assert.match(result.output, /undefined receiver "nobody"/);
  });

  describe("the routing table on the prod stack (amtool config routes test --verify.receivers)", () => {
    // amtool walks the routing tree one alert at a time: inhibition is the end-to-end tests' job.
    const table = ROUTING_TABLE.filter((s) => s.alerts.length === 1);

    it(`covers at least 15 label sets (${table.length})`, () => assert.ok(table.length >= 15));

    for (const scenario of table) {
      const receivers = routedReceivers(scenario);
      const args = Object.entries({ ...scenario.alerts[0], tenant_id: "acme" }).map(([k, v]) => `${k}=${v}`);
      it(`${scenario.name}: ${args.join(" ")} -> ${receivers.join(", ")}`, () => {
        const result = run(bin.amtool, [
          "config",
          "routes",
          "test",
          `--config.file=${files.prod.alertmanagerConfig}`,
          `--verify.receivers=${receivers.join(",")}`,
          ...args,
        ]);
        assert.strictEqual(result.status, 0, result.output);
      });
    }

    it("a wrong expectation fails (the table can fail)", () => {
      const result = run(bin.amtool, [
        "config",
        "routes",
        "test",
        `--config.file=${files.prod.alertmanagerConfig}`,
        "--verify.receivers=oncall-critical",
        "severity=warning",
      ]);
      assert.notStrictEqual(result.status, 0);
    });
  });

  describe("rule unit tests (promtool test rules) on the prod stack's rule files", () => {
    const runbook = (alert: string) => `https://runbooks.example.com/alerting/${alert}`;
    const queueAnnotations = (alert: string, threshold: number, tenant: string, depth: number) => ({
      summary: `Queue depth above ${threshold}`,
      description: `Queue enhance of tenant ${tenant} holds ${depth} items.`,
      runbook_url: runbook(alert),
    });

    function promtoolTest(name: string, tests: object[]): void {
      const file = path.join(tmp.dir, `${name}.test.yml`);
      writeFileSync(
        file,
        stringify({ rule_files: readdirSync(files.prod.rulesDir).map((f) => path.join(files.prod.rulesDir, f)), evaluation_interval: "1m", tests }),
      );
      const result = run(bin.promtool, ["test", "rules", file]);
      assert.strictEqual(result.status, 0, result.output);
    }

    it("WorkerDown fires after 2 minutes down, not before, and not for a live worker", () => {
      promtoolTest("worker-down", [
        {
          interval: "1m",
          input_series: [
            { series: 'up{job="worker", instance="w1:8080"}', values: "0x10" },
            { series: 'up{job="worker", instance="w2:8080"}', values: "1x10" },
          ],
          alert_rule_test: [
            { eval_time: "1m", alertname: "WorkerDown", exp_alerts: [] },
            {
              eval_time: "3m",
              alertname: "WorkerDown",
              exp_alerts: [
                {
                  exp_labels: { severity: "critical", job: "worker", instance: "w1:8080" },
                  exp_annotations: {
                    summary: "Worker is down",
                    description: "Worker w1:8080 (job worker) has not answered scrapes for 2 minutes.",
                    runbook_url: runbook("WorkerDown"),
                  },
                },
              ],
            },
          ],
        },
      ]);
    });

    it("QueueDepthHigh: warning above 100 for 5m, critical above 500, nothing at 100", () => {
      promtoolTest("queue-depth", [
        {
          interval: "1m",
          input_series: [
            { series: 'queue_depth{tenant_id="acme", queue="enhance"}', values: "150x20" },
            { series: 'queue_depth{tenant_id="globex", queue="enhance"}', values: "600x20" },
            { series: 'queue_depth{tenant_id="initech", queue="enhance"}', values: "100x20" },
          ],
          alert_rule_test: [
            { eval_time: "4m", alertname: "QueueDepthHigh", exp_alerts: [] },
            {
              eval_time: "10m",
              alertname: "QueueDepthHigh",
              exp_alerts: [
                {
                  exp_labels: { severity: "warning", tenant_id: "acme", queue: "enhance" },
                  exp_annotations: queueAnnotations("QueueDepthHigh", 100, "acme", 150),
                },
                {
                  exp_labels: { severity: "warning", tenant_id: "globex", queue: "enhance" },
                  exp_annotations: queueAnnotations("QueueDepthHigh", 100, "globex", 600),
                },
                {
                  exp_labels: { severity: "critical", tenant_id: "globex", queue: "enhance" },
                  exp_annotations: queueAnnotations("QueueDepthHigh", 500, "globex", 600),
                },
              ],
            },
          ],
        },
      ]);
    });

    it("meta: AlertmanagerDown after 5m, and fewer than 3 cluster members is flagged", () => {
      promtoolTest("meta", [
        {
          interval: "1m",
          input_series: [
            { series: 'up{job="alertmanager", instance="am-0:9093"}', values: "0x20" },
            { series: 'up{job="alertmanager", instance="am-1:9093"}', values: "1x20" },
            { series: 'alertmanager_cluster_members{job="alertmanager", instance="am-1:9093"}', values: "2x20" },
          ],
          alert_rule_test: [
            { eval_time: "4m", alertname: "AlertmanagerDown", exp_alerts: [] },
            {
              eval_time: "6m",
              alertname: "AlertmanagerDown",
              exp_alerts: [
                {
                  exp_labels: { severity: "warning", job: "alertmanager", instance: "am-0:9093" },
                  exp_annotations: {
                    summary: "An Alertmanager replica is down",
                    description: "Prometheus has not scraped am-0:9093 for 5 minutes.",
                    runbook_url: runbook("AlertmanagerDown"),
                  },
                },
              ],
            },
            {
              eval_time: "15m",
              alertname: "AlertmanagerClusterMembersBelowExpected",
              exp_alerts: [
                {
                  exp_labels: { severity: "high", job: "alertmanager" },
                  exp_annotations: {
                    summary: "The Alertmanager cluster has fewer than 3 members",
                    description: "2 of the expected 3 members are in the cluster.",
                    runbook_url: runbook("AlertmanagerClusterMembersBelowExpected"),
                  },
                },
              ],
            },
          ],
        },
        {
          interval: "1m",
          input_series: [{ series: 'alertmanager_cluster_members{job="alertmanager", instance="am-0:9093"}', values: "3x20" }],
          alert_rule_test: [{ eval_time: "15m", alertname: "AlertmanagerClusterMembersBelowExpected", exp_alerts: [] }],
        },
      ]);
    });

    it("a wrong expectation fails (promtool test rules can fail)", () => {
      assert.throws(() =>
        promtoolTest("wrong", [
          {
            interval: "1m",
            input_series: [{ series: 'up{job="worker", instance="w1:8080"}', values: "1x10" }],
            alert_rule_test: [
              { eval_time: "5m", alertname: "WorkerDown", exp_alerts: [{ exp_labels: { severity: "critical", job: "worker", instance: "w1:8080" } }] },
            ],
          },
        ]),
      );
    });
  });
});
