/**
 * User rule files through the whole program, on both targets: each shape fixture reaches the rules
 * ConfigMap and the docker uploads under its deployed name (a rule file byte for byte), the
 * program's own checks are the stack's warnings, and under alerting:rules.strict the same files are
 * refused before any resource is registered.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ROOT, runProgram } from "../../offline/program";
import { itRejects } from "../support/invalid-config";
import { container, one, unwrap } from "../support/resources";

const SHAPES = "test/e2e/fixtures/rule-shapes";
const CONFIG = { rules: { folders: [SHAPES] }, severityWords: { critical: ["page", "crit", "emergency"], warning: ["warn"] } };
const source = (file: string) => readFileSync(path.join(ROOT, SHAPES, file), "utf8");

describe("stack: user rule files as they are", () => {
  it("prod: the rules ConfigMap holds one key per file, rule files byte for byte, beside the presets", async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true, config: CONFIG });
    const data = one(run.resources, "ConfigMap", "prometheus-rules").data as Record<string, string>;
    assert.deepStrictEqual(Object.keys(data).sort(), [
      "alert-names.yml",
      "anchors.yml",
      "application.yml",
      "connector.yml",
      "group-names.yml",
      "meta.yml",
      "no-severity.yml",
      "prometheusrule.yml",
      "prometheusrules-multi.yml",
      "scalars.yml",
      "severity-words.yml",
    ]);
    for (const file of ["alert-names.yml", "anchors.yml", "scalars.yml"]) assert.strictEqual(data[file], source(file), file);
    assert.match(data["prometheusrule.yml"], /^# spec\.groups of the PrometheusRule manifest test\/e2e\/fixtures\/rule-shapes\/prometheusrule\.yaml/);
  });

  it("prod: the program's own checks are stack warnings (what pulumi up logs), each naming the file and the alert", async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true, config: CONFIG });
    const warnings = (run.outputs.warnings as string[]).filter((w) => w.startsWith(SHAPES));
    assert.deepStrictEqual(
      warnings.map((w) => w.slice(SHAPES.length + 1, w.indexOf(":", SHAPES.length + 1))),
      ["alert-names.yml", "alert-names.yml", "alert-names.yml", "no-severity.yml", "severity-words.yml"],
    );
    assert.ok(warnings[3].includes("(alert ShapesNoSeverity) has no severity"));
    assert.ok(warnings[4].includes('"email" (alert ShapesSeverityEmail)'));
  });

  it("dev: the Prometheus container gets every file under its deployed name", async () => {
    const run = await runProgram({ stack: "dev", config: CONFIG });
    const uploads = Object.fromEntries(
      (unwrap(container(run.resources, "alerting-prometheus").uploads) as { file: string; content: string }[]).map((u) => [u.file, u.content]),
    );
    assert.strictEqual(uploads["/etc/prometheus/rules/group-names.yml"], source("group-names.yml"));
    assert.ok(uploads["/etc/prometheus/rules/prometheusrules-multi.yml"].includes("ShapesMultiSecond"));
  });

  describe("refused before any resource is registered", () => {
    itRejects([
      {
        title: "strict: the files the warnings name",
        config: { ...CONFIG, rules: { ...CONFIG.rules, strict: true } },
        expect: [
          `${SHAPES}/no-severity.yml:7: groups[0].rules[0].labels: (alert ShapesNoSeverity) has no severity`,
          `${SHAPES}/severity-words.yml:21: groups[0].rules[2].labels.severity: "email" (alert ShapesSeverityEmail) is neither a routing severity`,
          `${SHAPES}/alert-names.yml:11: groups[0].rules[1].alert: "shapes-always-firing" is not a classic metric name`,
          "(alerting:rules.strict)",
        ],
      },
      {
        title: "a bad severity mapping",
        config: { ...CONFIG, severityWords: { warning: ["page"], critical: ["page"] } },
        expect: ['alerting:severityWords.warning[0]: "page" already means critical; a word can mean one severity only'],
      },
    ]);
  });
});
