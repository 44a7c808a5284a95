/** User rules, rule folders, scrape credentials, discovery and external URLs: what is rejected (whole program) and what is built. */
import * as assert from "assert";
import { buildSpec } from "../../config/spec";
import { promqlErrorAt, templateProblem } from "../../config/rule-syntax";
import { stackConfig } from "../../offline/program";
import { InvalidCase, itRejects } from "../support/invalid-config";

const rule = (extra: Record<string, unknown> = {}) => ({ alert: "ApiDown", expr: 'up{job="api"} == 0', labels: { severity: "critical" }, ...extra });
const groups = (...rules: Record<string, unknown>[]) => ({ rules: { groups: [{ name: "api", rules }] } });
const strict = (...rules: Record<string, unknown>[]) => ({ rules: { strict: true, groups: [{ name: "api", rules }] } });
const job = (extra: Record<string, unknown> = {}) => ({ prometheus: { scrapeJobs: [{ name: "api", targets: ["api:8080"], ...extra }] } });
const FIXTURES = "test/unit/fixtures/rule-folders";

const invalid: InvalidCase[] = [
  {
    title: "bad PromQL",
    config: groups(rule({ expr: "rate(x[5m]" })),
    expect: ['alerting:rules.groups[0].rules[0].expr: "rate(x[5m]" is not valid PromQL (syntax error at character 11)'],
  },
  { title: "a bad duration", config: groups(rule({ for: "5 minutes" })), expect: ['alerting:rules.groups[0].rules[0].for: "5 minutes" is not a duration'] },
  {
    title: "strict: a missing severity",
    config: strict(rule({ labels: { team: "api" } })),
    expect: [
      "alerting:rules.groups[0].rules[0].labels: (alert ApiDown) has no severity; no severity route matches it, so unless another route takes it, it goes to slack-alerts (the root route's receiver; alerting:unknownSeverityReceiver names another) (alerting:rules.strict)",
    ],
  },
  {
    title: "strict: an unknown severity",
    config: strict(rule({ labels: { severity: "sev1" } })),
    expect: [
      'alerting:rules.groups[0].rules[0].labels.severity: "sev1" (alert ApiDown) is neither a routing severity (critical, high, warning, info, none) nor a word alerting:severityWords maps; no severity route matches it, so unless another route takes it, it goes to slack-alerts',
    ],
  },
  {
    title: "strict: a route or inhibit rule matching a severity nobody knows (a typo)",
    config: { rules: { strict: true }, inhibitRules: [{ sourceMatchers: ['severity="critcal"'], targetMatchers: ['severity!="urgent"'] }] },
    expect: [
      'alerting:inhibitRules[0].sourceMatchers[0]: "severity=\\"critcal\\"" matches a severity neither the routing nor alerting:severityWords knows; known: critical, high, warning, info, none (alerting:rules.strict)',
      'alerting:inhibitRules[0].targetMatchers[0]: "severity!=\\"urgent\\"" matches a severity',
    ],
  },
  {
    title: "strict: a group named like a preset",
    config: { rules: { strict: true, groups: [{ name: "meta", rules: [rule()] }] } },
    expect: [
      'alerting:rules.groups[0].name: "meta" is also the name of a rule preset; Prometheus keeps the two apart by file, but their rule_group labels and dashboards do not (alerting:rules.strict)',
    ],
  },
  {
    title: "strict: a group named like one in another file",
    config: { rules: { strict: true, groups: [{ name: "checkout", rules: [rule()] }], folders: ["rules/example"] } },
    expect: ['rules/example/checkout.yml:4: groups[0].name: "checkout" is also the name of a group in alerting:rules.groups'],
  },
  {
    title: "a group name twice in one file (Prometheus refuses it, strict or not)",
    config: { rules: { groups: [{ name: "api", rules: [rule()] }, { name: "api" }] } },
    expect: ['alerting:rules.groups[1].name: "api" is repeated in the same file; Prometheus needs group names unique within a file'],
  },
  {
    title: "an annotation holding a URL with a password (stays an error, strict or not)",
    config: groups(rule({ annotations: { dashboard: "https://grafana:s3cret@grafana.example.com/d/x" } })),
    expect: [
      "alerting:rules.groups[0].rules[0].annotations.dashboard: holds a URL with a password; it would be in every notification and in the rules ConfigMap. Remove the password from the URL",
    ],
  },
  {
    title: "a severity word that is a routing severity",
    config: { severityWords: { critical: ["page", "warning"] } },
    expect: ['alerting:severityWords.critical[1]: "warning" is a routing severity itself; map words other than critical, high, warning, info, none'],
  },
  {
    title: "a severity word meaning two severities",
    config: { severityWords: { critical: ["page"], high: ["page"] } },
    expect: ['alerting:severityWords.high[0]: "page" already means critical; a word can mean one severity only'],
  },
  {
    title: "a severity word mapped onto a severity the routing does not have",
    config: { severityWords: { urgent: ["page"] } },
    expect: ['alerting:severityWords: names "urgent", not a routing severity; use one of critical, high, warning, info, none'],
  },
  {
    title: "an unknown-severity receiver that is not defined",
    config: { unknownSeverityReceiver: "triage" },
    expect: ['alerting:unknownSeverityReceiver: "triage" is not a defined receiver; use one of null, slack-alerts, slack-urgent, oncall-critical'],
  },
  {
    title: "a bad annotation template",
    config: groups(rule({ annotations: { summary: "{{ $labels.instance is down" } })),
    expect: ['alerting:rules.groups[0].rules[0].annotations.summary: "{{ $labels.instance is down" is not a valid template: it has a {{ without its }}'],
  },
  {
    title: "a label template with an unended block",
    config: groups(rule({ labels: { severity: "critical", team: "{{ if $labels.team }}x" } })),
    expect: ["alerting:rules.groups[0].rules[0].labels.team", "has a {{ if }} without its {{ end }}"],
  },
  {
    title: "a scrape credential set in plain text",
    config: job({ basicAuth: { username: "prom", passwordCredential: "apiScrapePassword" } }),
    plain: { apiScrapePassword: "hunter2" },
    expect: ["alerting:apiScrapePassword: is a credential set in plain text; remove it and set it with: pulumi config set --secret apiScrapePassword"],
  },
  {
    title: "a scrape password inline instead of a credential key",
    config: job({ basicAuth: { username: "prom", password: "hunter2" } }),
    expect: ['alerting:prometheus.scrapeJobs[0].basicAuth: unknown key "password"; accepted keys: username, passwordCredential'],
  },
  {
    title: "a scrape credential that is not set",
    config: job({ bearerTokenCredential: "apiToken" }),
    unset: ["apiToken"],
    fakeSecrets: false,
    expect: ["alerting:apiToken: is required by scrape job api (bearer token); set it with: pulumi config set --secret apiToken <value>"],
  },
  {
    title: "a bad namespace name",
    config: { prometheus: { discovery: { namespaces: ["Payments_NS"] } } },
    expect: ['alerting:prometheus.discovery.namespaces[0]: "Payments_NS" is not a DNS label'],
  },
  {
    title: "discovery on the local target",
    config: { target: "local", prometheus: { discovery: { namespaces: ["payments"] } } },
    expect: ["alerting:prometheus.discovery:", "needs a Kubernetes API; it works with target kubernetes only"],
  },
  {
    title: "all namespaces and a list at once",
    config: { prometheus: { discovery: { allNamespaces: true, namespaces: ["payments"] } } },
    expect: ['alerting:prometheus.discovery.namespaces: ["payments"] is set with allNamespaces: true; use one of them'],
  },
  {
    title: "alert and record in one rule",
    config: groups(rule({ record: "job:up:sum" })),
    expect: ["alerting:rules.groups[0].rules[0]:", "needs exactly one of alert"],
  },
  {
    title: "a recording rule with for",
    config: groups({ record: "job:up:sum", expr: "sum by (job) (up)", for: "5m" }),
    expect: ['alerting:rules.groups[0].rules[0].for: "5m" is only for alerting rules'],
  },
  {
    title: "strict: a label the stack requires is missing",
    config: { rules: { strict: true, requiredLabels: ["tenant_id"], groups: [{ name: "api", rules: [rule()] }] } },
    expect: [
      "alerting:rules.groups[0].rules[0].labels: (alert ApiDown) lacks tenant_id; alerting:rules.requiredLabels asks every alert for tenant_id (alerting:rules.strict)",
    ],
  },
  {
    title: "a rule folder that does not exist",
    config: { rules: { folders: ["rules/nope"] } },
    expect: ['alerting:rules.folders[0]: "rules/nope" is not a folder in the project'],
  },
  {
    title: "an absolute rule folder",
    config: { rules: { folders: ["/etc/rules"] } },
    expect: ['alerting:rules.folders[0]: "/etc/rules" is not a relative folder path'],
  },
  {
    title: "bad PromQL in a rule file names the file and the rule",
    config: { rules: { folders: [`${FIXTURES}/broken`] } },
    expect: [`${FIXTURES}/broken/api.yml:5: groups[0].rules[0].expr: "up{job=\\"api\\"} ==" is not valid PromQL`],
  },
  {
    title: "a group name twice in one rule file (promtool refuses it too)",
    config: { rules: { folders: [`${FIXTURES}/repeated-group`] } },
    expect: [`${FIXTURES}/repeated-group/api.yml:6: groups[1].name: "api" is repeated in the same file; Prometheus needs group names unique within a file`],
  },
  {
    title: "a Kubernetes object that is not a PrometheusRule beside one in a manifest file",
    config: { rules: { folders: [`${FIXTURES}/not-a-rule-manifest`] } },
    expect: [`${FIXTURES}/not-a-rule-manifest/objects.yaml:12: documents[1]: "v1 ConfigMap" is not a PrometheusRule`],
  },
  {
    title: "a rule file that is not YAML",
    config: { rules: { folders: [`${FIXTURES}/bad-yaml`] } },
    expect: [`${FIXTURES}/bad-yaml/x.yml:4: is not valid YAML`],
  },
  {
    title: "a scrape job named like a built-in one",
    config: { prometheus: { scrapeJobs: [{ name: "prometheus", targets: ["a:1"] }] } },
    expect: ['"prometheus" is a job the stack defines itself'],
  },
  {
    title: "a relabel rule with an unknown action",
    config: job({ relabelConfigs: [{ source_labels: ["a"], action: "rename" }] }),
    expect: ['alerting:prometheus.scrapeJobs[0].relabelConfigs[0].action: "rename" is not accepted; use one of replace, keep'],
  },
  {
    title: "a client certificate without its key",
    config: job({ tls: { certCredential: "apiCert" } }),
    expect: ["alerting:prometheus.scrapeJobs[0].tls:", "needs certCredential and keyCredential together"],
  },
  {
    title: "a bad Prometheus external URL",
    config: { prometheus: { externalUrl: "prometheus.example.com" } },
    expect: ['alerting:prometheus.externalUrl: "prometheus.example.com" is not an http(s) URL'],
  },
];

describe("config: invalid rules and targets are rejected before any resource is registered", () => {
  it(`has at least 12 cases (${invalid.length})`, () => assert.ok(invalid.length >= 12));
  itRejects(invalid);
});

describe("config: rule syntax checks", () => {
  it("PromQL: the offset of the first error, none for valid expressions", () => {
    for (const ok of ["up", 'sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) > 0.1', "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))"]) {
      assert.strictEqual(promqlErrorAt(ok), undefined, ok);
    }
    assert.strictEqual(promqlErrorAt(""), 0);
    assert.strictEqual(promqlErrorAt("   "), 0);
    assert.strictEqual(promqlErrorAt("(up ==) + (x ==)"), 6, "the first of two errors");
    assert.strictEqual(promqlErrorAt("up =="), 5);
    assert.strictEqual(promqlErrorAt("x[5q]"), 3);
  });

  it("templates: well-formed actions pass, each kind of breakage is named", () => {
    for (const ok of [
      "plain",
      "{{ $labels.instance }} is {{ $value | humanize }}",
      "{{ if gt $value 1.0 }}a{{ else }}b{{ end }}",
      "{{- range $k, $v := $labels }}{{ $k }}{{ end -}}",
      "{{/* note */}}",
      "{{/* end */}}",
      '{{ define "x" }}a{{ end }}{{ block "y" . }}b{{ end }}',
      "a}}{{ $value }}",
    ]) {
      assert.strictEqual(templateProblem(ok), undefined, ok);
    }
    assert.strictEqual(templateProblem("{{ $value"), "has a {{ without its }}");
    assert.strictEqual(templateProblem("a {{ }} b"), "has an empty {{ }} action");
    assert.strictEqual(templateProblem("a {{ -}} b"), "has an empty {{ }} action");
    assert.strictEqual(templateProblem("a {{- }} b"), "has an empty {{ }} action");
    assert.strictEqual(templateProblem("{{ end }}"), "has an {{ end }} without an opening {{ if }}, {{ range }} or {{ with }}");
    assert.strictEqual(templateProblem("{{ else }}"), "has an {{ else }} outside an {{ if }}, {{ range }} or {{ with }}");
    assert.strictEqual(templateProblem("{{ with $labels }}{{ range . }}{{ end }}"), "has a {{ with }} without its {{ end }}");
  });
});

describe("config: rules and targets that are accepted", () => {
  it("the prod stack: its rule folder's groups and test file, discovery for two namespaces, the external URL", () => {
    const spec = buildSpec({ values: { ...stackConfig("prod"), ...fakeCredentials() }, secretKeys: new Set(Object.keys(fakeCredentials())) });
    assert.deepStrictEqual(
      spec.userRules.map((r) => [r.file, r.groups.map((g) => g.name)]),
      [["rules/example/checkout.yml", ["checkout"]]],
    );
    assert.deepStrictEqual(
      spec.ruleTests.map((t) => t.path),
      ["rules/example/checkout.test.yml"],
    );
    assert.deepStrictEqual(spec.prometheus.discovery, { namespaces: ["checkout", "payments"], allNamespaces: false });
    assert.strictEqual(spec.prometheus.externalUrl, "https://prometheus.example.com");
  });

  it("scrape credentials are Prometheus' own, listed with who uses them", () => {
    const values = {
      ...stackConfig("dev"),
      ...job({
        basicAuth: { username: "p", passwordCredential: "apiPass" },
        tls: { caCredential: "apiCa", certCredential: "apiCert", keyCredential: "apiKey" },
      }),
      apiPass: "s",
      apiCa: "c",
      apiCert: "c",
      apiKey: "k",
    };
    const spec = buildSpec({ values, secretKeys: new Set(["apiPass", "apiCa", "apiCert", "apiKey"]) });
    assert.deepStrictEqual(spec.scrapeCredentials, [
      { key: "apiPass", usedBy: ["scrape job api (basic auth password)"] },
      { key: "apiCa", usedBy: ["scrape job api (TLS CA)"] },
      { key: "apiCert", usedBy: ["scrape job api (TLS client certificate)"] },
      { key: "apiKey", usedBy: ["scrape job api (TLS client key)"] },
    ]);
    assert.ok(!spec.credentials.some((c) => c.key.startsWith("api")));
  });
});

function fakeCredentials(): Record<string, string> {
  return { slackWebhookUrl: "s", pagerdutyRoutingKey: "p", smtpPassword: "m", webhookUrl: "w", msteamsWebhookUrl: "t", heartbeatUrl: "h" };
}
