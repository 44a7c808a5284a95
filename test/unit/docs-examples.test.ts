/** docs/rules-and-targets.md as written: its rule file, promtool test, discovery and scrape examples, run through the program's own code and the real promtool. */
import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { kubernetesTopology } from "../../components/kubernetes/names";
import { renderAll } from "../../components/render";
import { ProjectFile, projectFolderReader } from "../../config/rule-folders";
import { AlertingSpec, buildSpec, credentialKeys } from "../../config/spec";
import { Binaries, binaries } from "../../harness/binaries";
import { explainRoute, formatAnswer } from "../../harness/route-explain";
import { runRuleTests } from "../../harness/rule-tests";
import { alertingValues, ROOT, stackConfig } from "../../offline/program";
import { run } from "../support/exec";
import { tempDir } from "../support/files";

const PROSE = readFileSync(path.join(ROOT, "docs", "rules-and-targets.md"), "utf8");
/** Every ```yaml <label> block of the page, in order. */
const BLOCKS = [...PROSE.matchAll(/```yaml (\S+)\n([\s\S]*?)```/g)].map((m) => ({
  label: m[1],
  text: m[2],
}));
const files = BLOCKS.filter((b) => b.label.startsWith("rules/"));
/** The page's order: the rule folder, discovery, static targets, then severity words and strict mode. */
const [SEVERITY_WORDS, STRICT] = [3, 4];
const stackSnippets = BLOCKS.filter((b) => b.label === "Pulumi.prod.yaml").map((b) => alertingValues(parse(b.text), b.label));

/** The prod stack with one snippet of the page over it, its rule folders served from the page's blocks. */
function specWith(snippet: Record<string, unknown>): AlertingSpec {
  const values = { ...stackConfig("prod"), ...snippet };
  const credentials = Object.fromEntries(credentialKeys(values).map((k) => [k, `example-${k}`]));
  const readFolder = (folder: string): ProjectFile[] | undefined => {
    const inFolder = files.filter((f) => path.posix.dirname(f.label) === folder).map((f) => ({ path: f.label, text: f.text }));
    return inFolder.length > 0 ? inFolder : projectFolderReader(ROOT)(folder);
  };
  return buildSpec({ values: { ...values, ...credentials }, secretKeys: new Set(Object.keys(credentials)), readFolder });
}

describe("docs/rules-and-targets.md: the worked examples, as written", function () {
  this.timeout(60_000);
  let bin: Binaries;
  const tmp = tempDir("docs-examples");
  before(() => (bin = binaries()));
  after(() => tmp.remove());

  it("has the rule file, its test, a PrometheusRule manifest, and five stack snippets", () => {
    assert.deepStrictEqual(
      files.map((f) => f.label),
      ["rules/payments/payments.yml", "rules/payments/payments.test.yml", "rules/payments/payments-operator.yaml"],
    );
    assert.strictEqual(stackSnippets.length, 5);
  });

  it("the manifest is deployed as payments-operator.yml holding exactly its spec.groups, and promtool check rules passes on it", () => {
    const spec = specWith(stackSnippets[0]);
    const rendered = renderAll(spec, kubernetesTopology(spec)).prometheus;
    const manifest = parse(files.find((f) => f.label.endsWith("payments-operator.yaml"))!.text);
    assert.deepStrictEqual(parse(rendered["rules/payments-operator.yml"]), { groups: manifest.spec.groups });
    const file = path.join(tmp.dir, "payments-operator.yml");
    writeFileSync(file, rendered["rules/payments-operator.yml"]);
    const result = run(bin.promtool, ["check", "rules", file]);
    assert.strictEqual(result.status, 0, result.output);
  });

  it("severity words: page is routed as critical, and an unknown word goes to the named receiver, as the page prints it", () => {
    const spec = specWith({ ...stackSnippets[0], ...stackSnippets[SEVERITY_WORDS] });
    const at = new Date("2026-12-07T12:00:00Z");
    const page = explainRoute(spec, { alertname: "PaymentsLedgerLagging", severity: "page", team: "payments" }, at, bin.amtool);
    assert.deepStrictEqual(
      page.receivers.map((r) => r.receiver),
      ["oncall-critical"],
    );
    const printed = PROSE.match(/```\n(severity=email alertname=X at [^\n]*\n[^\n]*\n)```/)![1];
    assert.strictEqual(
      formatAnswer(explainRoute(spec, { severity: "email", alertname: "X" }, at, bin.amtool))
        .split("\n")
        .slice(0, 2)
        .join("\n") + "\n",
      printed,
    );
    assert.ok(!specWith(stackSnippets[0]).warnings.some((w) => w.includes("payments.yml")), "payments.yml warns about nothing");
    assert.ok(
      specWith(stackSnippets[0]).warnings.some((w) =>
        w.includes('payments-operator.yaml:14: spec.groups[0].rules[0].labels.severity: "page" (alert PaymentsLedgerLagging)'),
      ),
    );
  });

  it("strict mode: the unmapped page is an error; mapped, the same files deploy", () => {
    assert.throws(
      () => specWith(stackSnippets[STRICT]),
      /rules\/payments\/payments-operator\.yaml:14: spec\.groups\[0\]\.rules\[0\]\.labels\.severity: "page" \(alert PaymentsLedgerLagging\) is neither a routing severity .* \(alerting:rules\.strict\)/,
    );
    assert.deepStrictEqual(
      specWith({ ...stackSnippets[STRICT], ...stackSnippets[SEVERITY_WORDS] }).userRules.map((r) => r.deployedName),
      ["payments.yml", "payments-operator.yml"],
    );
  });

  it("1. the alert is accepted, deployed as payments.yml, and promtool check rules passes on it", () => {
    const rendered = renderAll(specWith(stackSnippets[0]), kubernetesTopology(specWith(stackSnippets[0])));
    const file = path.join(tmp.dir, "payments.yml");
    writeFileSync(file, rendered.prometheus["rules/payments.yml"]);
    const result = run(bin.promtool, ["check", "rules", file]);
    assert.strictEqual(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS: 1 rules found/);
  });

  it("2. its promtool test passes against the deployed rule file", async () => {
    const results = await runRuleTests(specWith(stackSnippets[0]), bin.promtool);
    assert.deepStrictEqual(
      results.map((r) => [r.file, r.ok]),
      [["rules/payments/payments.test.yml", true]],
      results.map((r) => r.output).join("\n"),
    );
  });

  it("3. discovery: the payments namespace is discovered, and the annotated Service passes the keep and port rules", () => {
    const spec = specWith(stackSnippets[1]);
    const prometheus = parse(renderAll(spec, kubernetesTopology(spec)).prometheus["prometheus.yml"]);
    const job = prometheus.scrape_configs.find((j: { job_name: string }) => j.job_name === "kubernetes-services");
    assert.deepStrictEqual(job.kubernetes_sd_configs, [{ role: "endpointslice", namespaces: { names: ["payments"] } }]);
    const service = parse(BLOCKS.find((b) => b.label === "service.yaml")!.text);
    assert.strictEqual(service.metadata.namespace, "payments");
    const annotation = (name: string) => service.metadata.annotations[`prometheus.io/${name}`];
    /** Whether a relabel rule reading `label` first matches the value, anchored as Prometheus anchors. */
    const passes = (label: string, value: string) =>
      job.relabel_configs.some(
        (r: { source_labels?: string[]; regex: string }) => r.source_labels?.[0] === label && new RegExp(`^(?:${r.regex})$`).test(value),
      );
    const meta = (name: string) => `__meta_kubernetes_service_annotation_prometheus_io_${name}`;
    assert.ok(passes(meta("scrape"), annotation("scrape")));
    assert.ok(passes(meta("port"), `${annotation("port")};10.0.0.7`), "the port rewrite takes the annotated port");
    assert.ok(passes(meta("path"), annotation("path")));
    assert.ok(!passes(meta("scrape"), "false"), "the keep rule can fail");
  });

  it("static targets: the credentials are secret keys, read from files", () => {
    const spec = specWith(stackSnippets[2]);
    assert.deepStrictEqual(
      spec.scrapeCredentials.map((c) => c.key),
      ["billingScrapePassword", "billingCa"],
    );
    const prometheus = parse(renderAll(spec, kubernetesTopology(spec)).prometheus["prometheus.yml"]);
    const billing = prometheus.scrape_configs.find((j: { job_name: string }) => j.job_name === "billing");
    assert.deepStrictEqual(billing.basic_auth, { username: "prometheus", password_file: "/etc/prometheus/secrets/billingScrapePassword" });
    assert.deepStrictEqual(billing.relabel_configs, [{ source_labels: ["__address__"], regex: "([^:]+):\\d+", target_label: "instance", action: "replace" }]);
  });
});
