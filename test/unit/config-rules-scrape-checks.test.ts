/** The rule and scrape checks one by one (config/rule-checks.ts, scrape-checks.ts, scrape-schema.ts, rule-schema.ts): each issue exactly, and its happy path. */
import * as assert from "assert";
import { issues, local, Values, warnings } from "../support/config-values";

const job = (extra: Values = {}) => ({ name: "api", targets: ["api:8080"], ...extra });
const scrape = (...jobs: Values[]) => local({ prometheus: { scrapeJobs: jobs } });
const relabel = (rule: Values) => scrape(job({ relabelConfigs: [rule] }));
const at = (...path: PropertyKey[]) => ["prometheus", "scrapeJobs", 0, ...path];
const rules = (extra: Values, ...list: Values[]) => local({ rules: { presets: [], groups: [{ name: "g", rules: list }], ...extra } });
const alert = (labels: Record<string, string>) => ({ alert: "A", expr: "up == 0", labels });

describe("config: rule and scrape checks, issue by issue", () => {
  it("relabel rules: a regex that does not compile, and actions that need target_label or modulus", () => {
    assert.deepStrictEqual(issues(relabel({ source_labels: ["a"], regex: "(", action: "keep" })), [
      { path: at("relabelConfigs", 0, "regex"), value: "(", message: "is not a valid regular expression; use RE2 syntax such as (.+):\\d+" },
    ]);
    for (const action of ["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"]) {
      const found = issues(relabel({ source_labels: ["a"], action, ...(action === "hashmod" && { modulus: 4 }) }));
      assert.deepStrictEqual(found, [{ path: at("relabelConfigs", 0, "target_label"), value: undefined, message: `is required by action ${action}` }], action);
    }
    assert.deepStrictEqual(issues(relabel({ source_labels: ["a"], action: "hashmod", target_label: "t" })), [
      { path: at("relabelConfigs", 0, "modulus"), value: undefined, message: "is required by action hashmod" },
    ]);
    for (const ok of [
      { source_labels: ["a"], regex: "(.+):\\d+", action: "keep" },
      { action: "labeldrop", regex: "tmp_.*" },
      { action: "hashmod", source_labels: ["a"], target_label: "t", modulus: 2 },
    ]) {
      assert.deepStrictEqual(issues(relabel(ok)), [], JSON.stringify(ok));
    }
  });

  it("scrape jobs: one Authorization header, a client certificate with its key, unique and unreserved names", () => {
    const secrets = ["p", "t"];
    assert.deepStrictEqual(
      issues({ ...scrape(job({ basicAuth: { username: "u", passwordCredential: "p" }, bearerTokenCredential: "t" })), p: "x", t: "y" }, secrets),
      [{ path: at("bearerTokenCredential"), value: "t", message: "is set with basicAuth; Prometheus sends one Authorization header, use one of them" }],
    );
    assert.deepStrictEqual(issues(scrape(job(), job())), [
      { path: ["prometheus", "scrapeJobs", 1, "name"], value: "api", message: "is defined twice; scrape job names must be unique" },
    ]);
    assert.deepStrictEqual(issues(scrape(job({ name: "kubernetes-pods" }))), [
      {
        path: at("name"),
        value: "kubernetes-pods",
        message: "is a job the stack defines itself; use another name than prometheus, alertmanager, kubernetes-pods, kubernetes-services",
      },
    ]);
    assert.deepStrictEqual(issues({ ...scrape(job({ tls: { certCredential: "c", keyCredential: "k" } })), c: "x", k: "y" }, ["c", "k"]), []);
  });

  it("scrape credentials: required on every target, named with the job and its use, never shared with a receiver", () => {
    assert.deepStrictEqual(
      issues(scrape(job({ basicAuth: { username: "u", passwordCredential: "apiPw" } }), job({ name: "db", bearerTokenCredential: "apiPw" }))),
      [
        {
          path: ["apiPw"],
          message: "is required by scrape job api (basic auth password), scrape job db (bearer token); set it with: pulumi config set --secret apiPw <value>",
        },
      ],
    );
    const sharedKeyIssues = (...jobs: Values[]) =>
      issues({ ...scrape(...jobs), slackWebhookUrl: "x" }, ["slackWebhookUrl"]).filter((i) => i.path[0] === "slackWebhookUrl");
    assert.deepStrictEqual(sharedKeyIssues(job({ bearerTokenCredential: "slackWebhookUrl" })), [
      { path: ["slackWebhookUrl"], message: "is used by a receiver and by scrape job api (bearer token); give Prometheus its own credential key" },
    ]);
    assert.deepStrictEqual(
      sharedKeyIssues(
        job({ bearerTokenCredential: "slackWebhookUrl" }),
        job({ name: "db", basicAuth: { username: "u", passwordCredential: "slackWebhookUrl" } }),
      ),
      [
        {
          path: ["slackWebhookUrl"],
          message: "is used by a receiver and by scrape job api (bearer token), scrape job db (basic auth password); give Prometheus its own credential key",
        },
      ],
    );
  });

  it("discovery: both forms at once are refused; either alone is fine on kubernetes", () => {
    const kube = (discovery: Values) => ({
      target: "kubernetes",
      web: { auth: false },
      receivers: [{ name: "null" }],
      routes: [],
      route: { receiver: "null" },
      prometheus: { discovery },
    });
    assert.deepStrictEqual(issues(kube({ allNamespaces: true, namespaces: ["a"] })), [
      { path: ["prometheus", "discovery", "namespaces"], value: ["a"], message: "is set with allNamespaces: true; use one of them" },
    ]);
    assert.deepStrictEqual(issues(kube({ allNamespaces: true })), []);
    assert.deepStrictEqual(issues(kube({ namespaces: ["a", "b"] })), []);
  });

  it("rules under strict: an unknown severity lists the known ones; only the missing required labels are named", () => {
    const goes =
      "no severity route matches it, so unless another route takes it, it goes to slack-alerts (the root route's receiver; alerting:unknownSeverityReceiver names another) (alerting:rules.strict)";
    assert.deepStrictEqual(issues(rules({ strict: true }, alert({ severity: "sev1" }))), [
      {
        path: ["rules", "groups", 0, "rules", 0, "labels", "severity"],
        value: "sev1",
        message: `(alert A) is neither a routing severity (critical, high, warning, info, none) nor a word alerting:severityWords maps; ${goes}`,
      },
    ]);
    assert.deepStrictEqual(issues(rules({ strict: true, requiredLabels: ["team", "tenant_id"] }, alert({ severity: "info", team: "x" }))), [
      {
        path: ["rules", "groups", 0, "rules", 0, "labels"],
        message: "(alert A) lacks tenant_id; alerting:rules.requiredLabels asks every alert for team, tenant_id (alerting:rules.strict)",
      },
    ]);
    assert.deepStrictEqual(issues(rules({ strict: true, requiredLabels: ["team"] }, alert({ severity: "info", team: "x" }))), []);
    assert.deepStrictEqual(issues(rules({ strict: true, requiredLabels: ["team", "tenant_id"] }, alert({ severity: "info" }))), [
      {
        path: ["rules", "groups", 0, "rules", 0, "labels"],
        message: "(alert A) lacks team, tenant_id; alerting:rules.requiredLabels asks every alert for team, tenant_id (alerting:rules.strict)",
      },
    ]);
    assert.deepStrictEqual(
      issues(local({ rules: { strict: true, presets: [], groups: [{ name: "g", labels: { severity: "warning" }, rules: [{ alert: "A", expr: "up" }] }] } })),
      [],
    );
    assert.deepStrictEqual(issues(rules({ strict: true }, { alert: "A", expr: "up" })), [
      { path: ["rules", "groups", 0, "rules", 0, "labels"], message: `(alert A) has no severity; ${goes}` },
    ]);
    assert.deepStrictEqual(
      issues(
        local({ severityWords: { critical: ["page"] }, rules: { strict: true, presets: [], groups: [{ name: "g", rules: [alert({ severity: "page" })] }] } }),
      ),
      [],
    );
  });

  it("rules: a URL with a password in a label or annotation is an error, a user name alone is not", () => {
    const ruleField = (field: string, key: string) => ["rules", "groups", 0, "rules", 0, field, key];
    const message = "holds a URL with a password; it would be in every notification and in the rules ConfigMap. Remove the password from the URL";
    assert.deepStrictEqual(
      issues(rules({}, { ...alert({ severity: "info", link: "http://u:p@h/x" }), annotations: { repo: "ssh://git@example.com/x", wiki: "https://:token@w" } })),
      [
        { path: ruleField("labels", "link"), message },
        { path: ruleField("annotations", "wiki"), message },
      ],
    );
  });

  it("rules without strict: the same findings are warnings, and the stack is valid", () => {
    assert.deepStrictEqual(issues(rules({ requiredLabels: ["team"] }, alert({ severity: "sev1" }), { alert: "B", expr: "up" })), []);
  });

  it("a route matching a severity nobody knows is a warning, as Alertmanager takes it; a mapped word is known", () => {
    const routes = [{ matchers: ['severity="sev1"'], receiver: "null" }];
    assert.deepStrictEqual(issues(local({ routes })), []);
    assert.match(
      warnings(local({ routes })).join("\n"),
      /alerting:routes\[0\]\.matchers\[0\]: "severity=\\"sev1\\"" matches a severity neither the routing nor alerting:severityWords knows/,
    );
    assert.deepStrictEqual(
      warnings(local({ routes, severityWords: { critical: ["sev1"] } })).filter((w) => w.includes("sev1")),
      [],
    );
  });

  it("rule fields: what Prometheus 3 accepts is accepted, maps and lists say what they need", () => {
    const ruleAt = (...path: PropertyKey[]) => ["rules", "groups", 0, "rules", 0, ...path];
    assert.deepStrictEqual(issues(rules({}, { alert: "Low free space (percent)", expr: 1, labels: { severity: "info", "my.label": "x" } })), []);
    assert.deepStrictEqual(issues(rules({ strict: true }, { alert: "9lives", expr: "up", labels: { severity: "info" } })), [
      {
        path: ruleAt("alert"),
        value: "9lives",
        message:
          "is not a classic metric name (letters, digits, _ and :); Prometheus 3 accepts it, amtool and older tools need it quoted (alerting:rules.strict)",
      },
    ]);
    assert.deepStrictEqual(issues(rules({}, { record: "job:up{x}", expr: "up" })), [
      { path: ruleAt("record"), value: "job:up{x}", message: "has braces; a recording rule's name is a metric name, the selector belongs in expr" },
    ]);
    assert.deepStrictEqual(
      issues(rules({}, { alert: "", expr: "up" })).map((i) => [i.path, i.message]),
      [[ruleAt(), "needs exactly one of alert (an alerting rule) or record (a recording rule)"]],
    );
    assert.deepStrictEqual(issues(rules({}, { alert: "A", expr: "" })), [
      { path: ruleAt("expr"), value: "", message: "is empty; a rule needs a PromQL expression" },
    ]);
    assert.deepStrictEqual(issues(rules({}, { alert: "A", expr: "up", labels: { __name__: "x" } })), [
      { path: ruleAt("labels", "__name__"), value: "__name__", message: "is not a valid label name; use a non-empty name other than __name__" },
    ]);
    assert.deepStrictEqual(issues(rules({}, { alert: "A", expr: "up", labels: "info" })), [
      { path: ruleAt("labels"), value: "info", message: "is not a map of label names to strings" },
    ]);
    assert.deepStrictEqual(issues(local({ rules: { presets: [], groups: [{ name: "g", rules: [] }, { name: "h" }] } })), []);
    assert.deepStrictEqual(issues(local({ rules: { presets: [], groups: [{ name: "", rules: [] }] } })), [
      { path: ["rules", "groups", 0, "name"], value: "", message: "is empty; name the group (any text)" },
    ]);
    assert.deepStrictEqual(issues(local({ rules: { presets: [], groups: [{ name: "g", labels: [], rules: [alert({ severity: "info" })] }] } })), [
      { path: ["rules", "groups", 0, "labels"], value: [], message: "is not a map of label names to strings" },
    ]);
    assert.deepStrictEqual(issues(local({ rules: { presets: [], groups: [{ name: "g", limit: 1.5 }] } })), [
      { path: ["rules", "groups", 0, "limit"], value: 1.5, message: "is not a whole number; use a whole number such as 100" },
    ]);
  });
});
