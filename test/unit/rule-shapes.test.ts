/**
 * Rule files as they are (test/e2e/fixtures/rule-shapes, one file per shape public rule files have):
 * each deploys unchanged in meaning, the deployed files pass the real `promtool check rules`, the
 * program's own checks are warnings (errors under alerting:rules.strict), alerts of unknown or
 * missing severity go where the stack says (real amtool), and the folder's promtool test finds the
 * files under their deployed names.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { renderRuleFiles } from "../../components/render/rules";
import { ConfigError } from "../../config/errors";
import { AlertingSpec } from "../../config/spec";
import { Binaries, binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { explainRoute } from "../../harness/route-explain";
import { checkDeployedRules, pointAtRenderedRules, runRuleTests } from "../../harness/rule-tests";
import { ROOT, stackConfig } from "../../offline/program";

export const SHAPES = "test/e2e/fixtures/rule-shapes";
/** The mapping and fallback the shapes are deployed with, here and in the end-to-end suite. */
export const SHAPES_ROUTING = {
  severityWords: { critical: ["page", "crit", "emergency"], warning: ["warn"] },
  unknownSeverityReceiver: "low-noise",
};

const shapesSpec = (rules: Record<string, unknown> = {}): AlertingSpec =>
  deployedSpec({ ...stackConfig("prod"), ...SHAPES_ROUTING, rules: { folders: [SHAPES], ...rules } });

/** A file's groups as Prometheus reads them: first document, every scalar its text, merge keys resolved. */
const asPrometheusReads = (text: string) => parseAllDocuments(text, { schema: "failsafe", merge: true }) as unknown as { toJS(): unknown }[];

const WARNINGS = [
  `${SHAPES}/alert-names.yml:5: groups[0].rules[0].alert: "Shapes free space (percent)" is not a classic metric name (letters, digits, _ and :); Prometheus 3 accepts it, amtool and older tools need it quoted`,
  `${SHAPES}/alert-names.yml:11: groups[0].rules[1].alert: "shapes-always-firing" is not a classic metric name (letters, digits, _ and :); Prometheus 3 accepts it, amtool and older tools need it quoted`,
  `${SHAPES}/alert-names.yml:15: groups[0].rules[2].alert: "ShapesBloatIndexHigh(>80%)" is not a classic metric name (letters, digits, _ and :); Prometheus 3 accepts it, amtool and older tools need it quoted`,
  `${SHAPES}/no-severity.yml:7: groups[0].rules[0].labels: (alert ShapesNoSeverity) has no severity; no severity route matches it, so unless another route takes it, it goes to low-noise (alerting:unknownSeverityReceiver)`,
  `${SHAPES}/severity-words.yml:21: groups[0].rules[2].labels.severity: "email" (alert ShapesSeverityEmail) is neither a routing severity (critical, high, warning, info, none) nor a word alerting:severityWords maps; no severity route matches it, so unless another route takes it, it goes to low-noise (alerting:unknownSeverityReceiver)`,
];

describe("rule files as they are: one fixture per shape public rule files have", function () {
  this.timeout(60_000);
  let bin: Binaries;
  let spec: AlertingSpec;
  before(() => {
    bin = binaries();
    spec = shapesSpec();
  });

  it("every file deploys, one deployed file per source file, under its own name as a .yml", () => {
    assert.deepStrictEqual(
      spec.userRules.map((r) => [path.posix.basename(r.file!), r.kind, r.deployedName]),
      [
        ["alert-names.yml", "rules", "alert-names.yml"],
        ["anchors.yml", "rules", "anchors.yml"],
        ["group-names.yml", "rules", "group-names.yml"],
        ["no-severity.yml", "rules", "no-severity.yml"],
        ["prometheusrule.yaml", "prometheusRule", "prometheusrule.yml"],
        ["prometheusrules-multi.yaml", "prometheusRule", "prometheusrules-multi.yml"],
        ["scalars.yml", "rules", "scalars.yml"],
        ["severity-words.yml", "rules", "severity-words.yml"],
      ],
    );
  });

  it("a rule file is deployed byte for byte; a manifest as exactly its spec.groups, metadata and the Thanos-only field left out", () => {
    const files = renderRuleFiles(spec);
    for (const source of spec.userRules) {
      const original = readFileSync(path.join(ROOT, source.file!), "utf8");
      const deployed = files[source.deployedName];
      if (source.kind === "rules") {
        assert.strictEqual(deployed, original, source.file);
        continue;
      }
      const groups = asPrometheusReads(original).flatMap((d) => (d.toJS() as { spec: { groups: Record<string, unknown>[] } }).spec.groups);
      const withoutThanos = groups.map(({ partial_response_strategy: _, ...g }) => g);
      assert.deepStrictEqual(asPrometheusReads(deployed)[0].toJS(), { groups: withoutThanos }, source.file);
      assert.doesNotMatch(deployed, /metadata|shapes-operator\n {2}namespace|partial_response_strategy/);
    }
  });

  it("anchors and merge keys are read as YAML resolves them: the merged rule has the base's expression and labels and its own summary", () => {
    const anchors = spec.userRules.find((r) => r.file!.endsWith("anchors.yml"))!;
    assert.deepStrictEqual(anchors.groups[0].rules![1], {
      alert: "ShapesAnchorMerged",
      expr: "vector(1)",
      labels: { severity: "critical", team: "shapes" },
      annotations: { summary: "Merged from the base, with its own summary", runbook: "https://runbooks.example.com/shapes" },
    });
    const scalars = spec.userRules.find((r) => r.file!.endsWith("scalars.yml"))!;
    assert.deepStrictEqual(scalars.groups[0].rules![0].labels, { severity: "critical", ratio: "0.10", enabled: "true" }, "Go reads 0.10 as the text 0.10");
    assert.deepStrictEqual(
      scalars.groups.map((g) => [g.name, g.rules?.length]),
      [
        ["shapes-scalars", 1],
        ["shapes-empty", 0],
        ["shapes-no-rules-key", undefined],
      ],
    );
  });

  it("the real promtool check rules passes every deployed file", async () => {
    const checks = await checkDeployedRules(spec, bin.promtool);
    assert.deepStrictEqual(
      checks.map((c) => [c.deployedName, c.ok]),
      spec.userRules.map((r) => [r.deployedName, true]),
      checks.map((c) => c.output).join("\n"),
    );
  });

  it("the program's own checks are warnings, naming each file and alert", () => {
    assert.deepStrictEqual(
      spec.warnings.filter((w) => w.startsWith(SHAPES)),
      WARNINGS,
    );
  });

  it("with alerting:rules.strict the same findings are errors, exactly those messages", () => {
    assert.throws(
      () => shapesSpec({ strict: true }),
      (err: ConfigError) => {
        assert.deepStrictEqual(
          err.message.split("\n").slice(1),
          WARNINGS.map((w) => `  ${w} (alerting:rules.strict)`),
        );
        return true;
      },
    );
  });

  for (const [labels, receivers, severity] of [
    [
      { alertname: "ShapesSeverityPage", severity: "page" },
      ["oncall-critical"],
      "severity page: routed as critical (alerting:severityWords); notifications show page",
    ],
    [
      { alertname: "ShapesOperatorRule", severity: "crit" },
      ["oncall-critical"],
      "severity crit: routed as critical (alerting:severityWords); notifications show crit",
    ],
    [
      { alertname: "ShapesSeverityWarn", severity: "warn" },
      ["slack-alerts"],
      "severity warn: routed as warning (alerting:severityWords); notifications show warn",
    ],
    [
      { alertname: "ShapesSeverityEmail", severity: "email" },
      ["low-noise"],
      "severity email: neither a routing severity (critical, high, warning, info, none) nor a mapped word; the route unknown-severity to low-noise (alerting:unknownSeverityReceiver) takes it unless another route does",
    ],
    [
      { alertname: "ShapesNoSeverity", owner: "shapes" },
      ["low-noise"],
      "no severity: no severity route matches; the route unknown-severity to low-noise (alerting:unknownSeverityReceiver) takes it unless another route does",
    ],
  ] as const) {
    it(`amtool config routes test: ${JSON.stringify(labels)} -> ${receivers.join(", ")}`, () => {
      const answer = explainRoute(spec, labels, new Date("2026-12-07T12:00:00Z"), bin.amtool);
      assert.deepStrictEqual(
        answer.receivers.map((r) => r.receiver),
        receivers,
      );
      assert.strictEqual(answer.severity, severity);
    });
  }

  it("without alerting:unknownSeverityReceiver an unknown severity ends at the root route's receiver", () => {
    const rootOnly = deployedSpec({ ...stackConfig("prod"), rules: { folders: [SHAPES] } });
    const answer = explainRoute(rootOnly, { alertname: "ShapesSeverityEmail", severity: "email" }, new Date("2026-12-07T12:00:00Z"), bin.amtool);
    assert.deepStrictEqual(
      answer.receivers.map((r) => r.receiver),
      ["slack-alerts"],
    );
    assert.ok(rootOnly.warnings.some((w) => w.includes("it goes to slack-alerts (the root route's receiver; alerting:unknownSeverityReceiver names another)")));
  });

  it("the folder's promtool test names the files as written and passes against the deployed ones", async () => {
    const test = spec.ruleTests.find((t) => t.path === `${SHAPES}/shapes.test.yml`)!;
    assert.match(pointAtRenderedRules(spec, test), /^rule_files:\n {2}- prometheusrule\.yml\n {2}- anchors\.yml\n/);
    const results = await runRuleTests(spec, bin.promtool);
    assert.deepStrictEqual(
      results.map((r) => [r.file, r.ok]),
      [[`${SHAPES}/shapes.test.yml`, true]],
      results.map((r) => r.output).join("\n"),
    );
  });
});

describe("rule files promtool refuses: its own message, with the file and the place", function () {
  this.timeout(60_000);
  const FIXTURES = "test/unit/fixtures/rule-folders";

  it("a type error only promtool sees: promtool check rules names the project file, line and column, group and rule", async () => {
    const spec = deployedSpec({ ...stackConfig("prod"), rules: { folders: [`${FIXTURES}/type-error`] } });
    const [check] = await checkDeployedRules(spec, binaries().promtool);
    assert.strictEqual(check.ok, false);
    assert.match(
      check.output,
      new RegExp(
        `${FIXTURES}/type-error/api\\.yml: 6:15: group "api", rule 1, "ApiErrors": could not parse expression: 1:6: parse error: expected type range vector in call to function "rate", got instant vector`,
      ),
    );
  });

  for (const [folder, message] of [
    [
      "repeated-group",
      `${FIXTURES}/repeated-group/api.yml:6: groups[1].name: "api" is repeated in the same file; Prometheus needs group names unique within a file`,
    ],
    [
      "not-a-rule-manifest",
      `${FIXTURES}/not-a-rule-manifest/objects.yaml:12: documents[1]: "v1 ConfigMap" is not a PrometheusRule; a rules folder holds rule files and PrometheusRule manifests (apiVersion monitoring.coreos.com/v1, kind PrometheusRule)`,
    ],
  ] as const) {
    it(`${folder}: the program's own parser refuses it with an exact message`, () => {
      assert.throws(
        () => deployedSpec({ ...stackConfig("prod"), rules: { folders: [`${FIXTURES}/${folder}`] } }),
        (err: ConfigError) => {
          assert.deepStrictEqual(err.message.split("\n").slice(1), [`  ${message}`]);
          return true;
        },
      );
    });
  }
});
