/** config/severity-words.ts and its use: severity words widen the routing's matchers, team files add theirs, deployed rule names stay unique. */
import * as assert from "assert";
import { renderAll } from "../../components/render";
import { NOTIFICATION_TEMPLATES } from "../../components/render/templates";
import { deployedRuleFileNames, parseRuleFile } from "../../config/rule-folders";
import { knownSeverities, mergeWords, severityOf, widenSeverityComparisons, widenSeverityMatcher } from "../../config/severity-words";
import { TOPOLOGY } from "../support/render-fixtures";
import { problems, rendered, spec } from "../support/routing-values";

const WORDS = { critical: ["page", "crit"], warning: ["warn"] };

describe("severity words: matchers widened to the words mapped onto a severity", () => {
  for (const [matcher, widened] of [
    ['severity="critical"', 'severity=~"critical|page|crit"'],
    ['severity!="critical"', 'severity!~"critical|page|crit"'],
    ['severity=~"critical|warning"', 'severity=~"critical|page|crit|warning|warn"'],
    ['severity!~"warning|info"', 'severity!~"warning|warn|info"'],
    ['severity=~"crit.*"', 'severity=~"crit.*"'],
    ['severity="high"', 'severity="high"'],
    ['team="critical"', 'team="critical"'],
  ] as const) {
    it(`${matcher} -> ${widened}`, () => assert.strictEqual(widenSeverityMatcher(matcher, WORDS), widened));
  }

  it("a word with regex metacharacters is matched literally", () => {
    assert.strictEqual(widenSeverityMatcher('severity="critical"', { critical: ["p.1"] }), 'severity=~"critical|p\\\\.1"');
  });

  it("template comparisons with a routing severity take its words too (Go's eq with several arguments)", () => {
    assert.strictEqual(
      widenSeverityComparisons(
        '{{ if eq .CommonLabels.severity "critical" }}a{{ else if eq .Labels.severity "high" }}b{{ else if eq .CommonLabels.severity "warning" }}c{{ end }}',
        WORDS,
      ),
      '{{ if eq .CommonLabels.severity "critical" "page" "crit" }}a{{ else if eq .Labels.severity "high" }}b{{ else if eq .CommonLabels.severity "warning" "warn" }}c{{ end }}',
    );
    assert.strictEqual(
      widenSeverityComparisons('{{ if eq .CommonLabels.team "critical" }}x{{ end }}', WORDS),
      '{{ if eq .CommonLabels.team "critical" }}x{{ end }}',
    );
  });

  it("what a value means: a severity, a mapped word, or nothing", () => {
    assert.strictEqual(severityOf("critical", WORDS), "critical");
    assert.strictEqual(severityOf("warn", WORDS), "warning");
    assert.strictEqual(severityOf("email", WORDS), undefined);
    assert.deepStrictEqual(knownSeverities(WORDS), ["critical", "high", "warning", "info", "none", "page", "crit", "warn"]);
    assert.deepStrictEqual(mergeWords(WORDS, { critical: ["sev1", "page"] }), { critical: ["page", "crit", "sev1"], warning: ["warn"] });
  });
});

describe("severity words in the rendered alertmanager.yml", () => {
  const base = {
    severityWords: WORDS,
    routes: [{ name: "crit", matchers: ['severity="critical"'], receiver: "pager" }],
    inhibitRules: [{ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ["alertname"] }],
  };

  it("stack routes and inhibit rules match the mapped words; the unknown-severity route comes last when a receiver is named", () => {
    const am = rendered(spec({ ...base, unknownSeverityReceiver: "pager" }));
    assert.deepStrictEqual(
      am.route.routes.slice(1).map((r: { matchers: string[]; receiver: string }) => [r.matchers, r.receiver]),
      [
        [['severity=~"critical|page|crit"'], "pager"],
        [['severity!~"critical|high|warning|info|none|page|crit|warn"'], "pager"],
      ],
    );
    assert.deepStrictEqual(am.inhibit_rules[0], {
      source_matchers: ['severity=~"critical|page|crit"'],
      target_matchers: ['severity=~"warning|warn"'],
      equal: ["alertname"],
    });
    assert.strictEqual(rendered(spec(base)).route.routes.length, 2, "no unknown-severity route without a receiver for it");
  });

  it("receivers' severity-dependent fields (PagerDuty's severity, in the program's template file) treat a mapped word as its severity", () => {
    const templates = renderAll(spec(base), TOPOLOGY).alertmanager["templates/notifications.tmpl"];
    assert.ok(
      templates.includes(
        '{{ define "pagerduty.alerting.severity" -}}\n{{ if eq .CommonLabels.severity "critical" "page" "crit" }}critical{{ else if eq .CommonLabels.severity "high" }}error{{ else if eq .CommonLabels.severity "warning" "warn" }}warning',
      ),
      templates,
    );
    assert.strictEqual(renderAll(spec(), TOPOLOGY).alertmanager["templates/notifications.tmpl"], NOTIFICATION_TEMPLATES, "no words, no change");
  });

  it("two team files may not give one word different meanings", () => {
    const team = (words: string) => `receiver: own\nreceivers: [{ name: own }]\nseverityWords: ${words}\n`;
    assert.deepStrictEqual(problems({}, { "teams/a.yaml": team("{ critical: [sev1] }"), "teams/b.yaml": team("{ warning: [sev1] }") }), [
      'teams/b.yaml: severityWords.warning[0]: "sev1" already means critical; a word can mean one severity only',
    ]);
  });

  it("a team file's words apply within its own routes, and count as known everywhere", () => {
    const team =
      "receiver: own\nreceivers: [{ name: own }]\nseverityWords: { critical: [sev1] }\nroutes:\n  - matchers: ['severity=\"critical\"']\n    receiver: own\n";
    const s = spec({ ...base, unknownSeverityReceiver: "pager" }, { "teams/checkout.yaml": team });
    const teamNode = s.routes.find((r) => r.name === "checkout/team")!;
    assert.deepStrictEqual(teamNode.routes[0].matchers, ['severity=~"critical|page|crit|sev1"']);
    assert.deepStrictEqual(s.routes.find((r) => r.name === "crit")!.matchers, ['severity=~"critical|page|crit"']);
    assert.deepStrictEqual(s.routes[s.routes.length - 1].matchers, ['severity!~"critical|high|warning|info|none|page|crit|sev1|warn"']);
  });

  it("bad mappings: exact messages naming the key or the team file", () => {
    assert.deepStrictEqual(problems({ severityWords: { critical: ["warn"] }, unknownSeverityReceiver: "nobody" }, {}), [
      'alerting:unknownSeverityReceiver: "nobody" is not a defined receiver; use one of default, pager, null',
    ]);
    assert.deepStrictEqual(problems({ severityWords: { critical: [""] } }), ['alerting:severityWords.critical[0]: "" is empty; use a word such as page']);
    assert.deepStrictEqual(
      problems({ severityWords: WORDS }, { "teams/checkout.yaml": "receiver: own\nreceivers: [{ name: own }]\nseverityWords: { info: [warn, none] }\n" }),
      [
        'teams/checkout.yaml: severityWords.info[0]: "warn" already means warning; a word can mean one severity only',
        'teams/checkout.yaml: severityWords.info[1]: "none" is a routing severity itself; map words other than critical, high, warning, info, none',
      ],
    );
    assert.deepStrictEqual(problems({ routes: [{ name: "unknown-severity", matchers: ['a="b"'], receiver: "pager" }] }), [
      'alerting:routes[0].name: "unknown-severity" is the program\'s own route for alerts of unknown severity (see alerting:unknownSeverityReceiver); remove this route',
    ]);
  });
});

describe("rule files: deployed names and file kinds", () => {
  it("its own name, else the project path, else the path and a hash; only ConfigMap-key characters", () => {
    assert.deepStrictEqual(
      deployedRuleFileNames([undefined, "rules/a/meta.yml", "rules/b/api.yaml", "rules/c/api.yml", "rules/c-api.yml", "rules/x/Sock Shop.yml"], ["meta.yml"]),
      ["stack-rules.yml", "rules-a-meta.yml", "api.yml", "rules-c-api.yml", "c-api.yml", "Sock_Shop.yml"],
    );
    const clash = deployedRuleFileNames(["a/b-c.yml", "x/b-c.yml", "a-b-c.yml", "a/b/c.yml", "a-b/c.yml"], ["c.yml"]);
    assert.deepStrictEqual(clash.slice(0, 3), ["b-c.yml", "x-b-c.yml", "a-b-c.yml"]);
    for (const hashed of clash.slice(3)) assert.match(hashed, /^a-b-c-[0-9a-f]{8}\.yml$/);
    assert.strictEqual(new Set(clash).size, clash.length);
    for (const name of clash) assert.match(name, /^[-._a-zA-Z0-9]+$/);
  });

  it("a plain rule file with more documents: Prometheus reads the first, and the program says so", () => {
    const parsed = parseRuleFile({ path: "r/x.yml", text: "groups: []\n---\ngroups: [{ name: g, rules: [{ alert: A, expr: 'up ==' }] }]\n" });
    assert.deepStrictEqual(parsed.issues, []);
    assert.deepStrictEqual(parsed.advisories, [
      {
        file: "r/x.yml",
        line: 1,
        path: [],
        message: "holds 2 YAML documents; Prometheus reads a rule file's first document only, so the groups of the others never run",
      },
    ]);
  });

  it("what follows a plain rule file's first document cannot make it invalid (Prometheus never parses it); a manifest file is read whole", () => {
    const plain = parseRuleFile({ path: "r/x.yml", text: "groups: []\n---\ngroups: [\n" });
    assert.deepStrictEqual([plain.issues, plain.advisories.length], [[], 1]);
    const manifest = parseRuleFile({
      path: "r/m.yml",
      text: "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: { groups: [] }\n---\nspec: [\n",
    });
    assert.deepStrictEqual(
      manifest.issues.map((i) => [i.line, i.message.slice(0, 20)]),
      [[6, "is not valid YAML: F"]],
    );
  });

  it("an empty file is an empty rule file, as promtool takes it", () => {
    const parsed = parseRuleFile({ path: "r/empty.yml", text: "# nothing yet\n" });
    assert.deepStrictEqual([parsed.issues, parsed.source?.groups, parsed.source?.text], [[], [], "# nothing yet\n"]);
  });
});
