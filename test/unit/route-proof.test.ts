/**
 * The pure parts of the routing proof: how an alertmanager.yml is read and normalised (old syntax
 * included), the regex witnesses, the label sets derived from both trees, and the printed verdict.
 */
import * as assert from "assert";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { CONTAINER_ALERTMANAGER_PATHS } from "../../components/render/paths";
import { compileMatcherRegex, formatMatcher, matches } from "../../config/matchers";
import { projectFolderReader } from "../../config/rule-folders";
import { deployedSpec } from "../../harness/capture-config";
import { ROOT, stackConfig } from "../../offline/program";
import { readRoutingConfig, splitMatcherList } from "../../proof/alertmanager-config";
import { parse, stringify } from "yaml";
import { Verdict, walkAnswer } from "../../proof/equal-routing";
import { formatTimeInterval, formatVerdict } from "../../proof/format";
import { deriveLabelSets, Labels } from "../../proof/label-sets";
import { MAX_WITNESSES, regexWitnesses } from "../../proof/regex-witness";
import { changedRoutes, touchesChange } from "../../proof/tree-diff";

const BASE = `
route:
  receiver: default
  routes:
    - receiver: pager
      matchers: ['severity="critical"', 'team=~"db|web"']
      continue: true
    - receiver: tickets
      matchers: ['severity="warning"']
      mute_time_intervals: [nights]
    - matchers: ['team="db"']
      routes:
        - receiver: db-pager
          matchers: ['env!="dev"']
receivers: [{ name: default }, { name: pager }, { name: tickets }, { name: db-pager }]
`;

describe("routing proof: reading a configuration", () => {
  it("reads the old match/match_re maps as the matchers they stand for", () => {
    const old = readRoutingConfig(
      `route:\n  receiver: r\n  routes:\n    - receiver: x\n      match: { severity: critical }\n      match_re: { team: "db|web" }\n`,
      "old",
    );
    const now = readRoutingConfig(`route:\n  receiver: r\n  routes:\n    - receiver: x\n      matchers: ['severity="critical"', 'team=~"db|web"']\n`, "new");
    assert.deepStrictEqual(old.route.routes[0].matchers.map(formatMatcher), now.route.routes[0].matchers.map(formatMatcher));
  });

  it("reads a matchers entry holding several matchers, braces and quoted commas included", () => {
    assert.deepStrictEqual(splitMatcherList('{a="1,2", b=~"x|y"}'), ['a="1,2"', ' b=~"x|y"']);
    const config = readRoutingConfig(`route:\n  receiver: r\n  routes:\n    - receiver: x\n      matchers: ['a="1,2", b!~"x"']\n`, "c");
    assert.deepStrictEqual(config.route.routes[0].matchers.map(formatMatcher), ['a="1,2"', 'b!~"x"']);
  });

  it("gives a route without a receiver its parent's, at any depth", () => {
    const config = readRoutingConfig(BASE, "base");
    assert.strictEqual(config.route.routes[2].receiver, "default");
    assert.strictEqual(config.route.routes[2].routes[0].receiver, "db-pager");
    assert.strictEqual(config.route.routes[2].routes[0].where, "route.routes[2].routes[0]");
  });

  it("normalises inhibit rules: old syntax, order and repeats say nothing", () => {
    const a = readRoutingConfig(
      `route: { receiver: r }\ninhibit_rules:\n  - source_match: { severity: critical }\n    target_matchers: ['b="2"', 'a="1"']\n    equal: [z, y, z]\n`,
      "a",
    );
    const b = readRoutingConfig(
      `route: { receiver: r }\ninhibit_rules:\n  - source_matchers: ['severity="critical"']\n    target_matchers: ['a="1", b="2"']\n    equal: [y, z]\n`,
      "b",
    );
    assert.deepStrictEqual(a.inhibitRules, b.inhibitRules);
    assert.deepStrictEqual(a.inhibitRules[0], { sourceMatchers: ['severity="critical"'], targetMatchers: ['a="1"', 'b="2"'], equal: ["y", "z"] });
  });

  it("normalises time intervals to what they cover; the old top-level mute_time_intervals is read too", () => {
    const interval = (body: string, key = "time_intervals") =>
      readRoutingConfig(`route: { receiver: r }\n${key}:\n  - name: t\n    time_intervals:\n${body}`, "c").timeIntervals.get("t");
    const weekdays = interval(
      "      - weekdays: ['monday:friday']\n        times: [{ start_time: '09:00', end_time: '12:00' }, { start_time: '12:00', end_time: '17:00' }]\n",
    );
    const spelled = interval(
      "      - weekdays: [Monday, 'tuesday:thursday', friday]\n        times: [{ start_time: '09:00', end_time: '17:00' }]\n        location: UTC\n",
      "mute_time_intervals",
    );
    assert.strictEqual(weekdays, spelled);
    assert.strictEqual(formatTimeInterval(weekdays!), "times 09:00-17:00; weekdays monday, tuesday, wednesday, thursday, friday; location UTC");
    const everyDay = interval("      - weekdays: ['sunday:saturday']\n        months: ['1:12']\n");
    assert.strictEqual(everyDay, interval("      - location: UTC\n"));
    assert.notStrictEqual(interval("      - weekdays: [monday]\n"), interval("      - weekdays: [tuesday]\n"));
    assert.notStrictEqual(interval("      - days_of_month: ['7:-1']\n"), interval("      - days_of_month: ['7:31']\n"));
  });

  it("refuses what it cannot read, naming the configuration and the key", () => {
    assert.throws(() => readRoutingConfig("route: [", "HEAD~1"), /^Error: HEAD~1: is not YAML/);
    assert.throws(() => readRoutingConfig("receivers: []", "HEAD~1"), /^Error: HEAD~1: has no route:/);
    assert.throws(
      () => readRoutingConfig(`route:\n  receiver: r\n  routes: [{ matchers: ['severity critical'] }]\n`, "work"),
      /^Error: work: route\.routes\[0\]\.matchers\[0\]: "severity critical" is not a matcher/,
    );
    assert.throws(
      () => readRoutingConfig(`route:\n  receiver: r\n  routes: [{ matchers: ['a=~"(?i)x"'] }]\n`, "work"),
      /^Error: work: route\.routes\[0\]\.matchers\[0\]: the regex "\(\?i\)x" uses syntax JavaScript cannot read/,
    );
    assert.throws(() => readRoutingConfig("route: {}\n", "work"), /^Error: work: route: the root route names no receiver$/);
  });
});

describe("routing proof: regex witnesses", () => {
  it("one matching value per alternative, each matched by the regex anchored as Alertmanager anchors it", () => {
    const w = regexWitnesses(".*HighLatency|.*Timeout");
    assert.ok(w.matching.includes("HighLatency") && w.matching.includes("Timeout"), JSON.stringify(w));
    assert.strictEqual(w.refusing, "");
    assert.deepStrictEqual(regexWitnesses("(foo|bar)-[0-9]{2,3}").matching, ["foo-00", "bar-00"]);
  });

  it("every witness of a range of patterns is verified; a refusal is never matched", () => {
    for (const pattern of ["Node.*|.*Disk.*|.*Memory.*", "[^abc]x", "\\d+\\.\\d+", "a?b+", "x|", "foo(?:bar)?", "[\\]x]", "(?:ab)+c"]) {
      const w = regexWitnesses(pattern);
      const anchored = compileMatcherRegex(pattern)!;
      assert.ok(w.matching.length > 0, pattern);
      for (const value of w.matching) assert.ok(anchored.test(value), `${pattern} should match ${JSON.stringify(value)}`);
      assert.ok(w.refusing !== undefined && !anchored.test(w.refusing), `${pattern} refusing ${JSON.stringify(w.refusing)}`);
    }
  });

  it("a regex matching everything has no refusal; syntax the generator does not read is a gap, not a guess", () => {
    assert.strictEqual(regexWitnesses(".*").refusing, undefined);
    assert.match(regexWitnesses("\\pL+").gap!, /does not read the escape \\p/);
    assert.match(regexWitnesses("[[:alpha:]]").gap!, /POSIX class/);
  });

  it("many alternatives give at most MAX_WITNESSES values", () => {
    const many = Array.from({ length: 3 * MAX_WITNESSES }, (_, i) => `v${i}`).join("|");
    assert.strictEqual(regexWitnesses(many).matching.length, MAX_WITNESSES);
  });
});

describe("routing proof: label sets from both trees", () => {
  const base = readRoutingConfig(BASE, "base");
  const candidate = readRoutingConfig(BASE.replace('severity="warning"', 'severity=~"warning|minor"'), "candidate");
  const { labelSets, gaps } = deriveLabelSets([base, candidate]);
  const has = (labels: Record<string, string>) => labelSets.some((s) => JSON.stringify(s.labels) === JSON.stringify(labels));

  it("reaches every route, once per regex alternative, from both configurations", () => {
    assert.ok(has({}), "the root");
    assert.ok(has({ severity: "critical", team: "db" }) && has({ severity: "critical", team: "web" }), "each alternative of team=~");
    assert.ok(has({ team: "db" }), "the db subtree (env absent satisfies env!=dev)");
    assert.ok(has({ severity: "minor" }), "the candidate's alternative");
    assert.deepStrictEqual(gaps, []);
  });

  it("misses each matcher on a route's path once", () => {
    assert.ok(has({ team: "db", env: "dev" }), "env!=dev missed");
    assert.ok(
      labelSets.some((s) => s.labels.severity === "critical" && s.labels.team === undefined),
      "team=~ missed under severity=critical",
    );
  });

  it("joins a route with the later siblings that can match with it (continue, order)", () => {
    const siblings = readRoutingConfig(
      `route:\n  receiver: r\n  routes:\n    - { receiver: a, matchers: ['severity="critical"'], continue: true }\n    - { receiver: b, matchers: ['severity="warning"'] }\n    - { receiver: c, matchers: ['team="db"'] }\n`,
      "s",
    );
    const joined = deriveLabelSets([siblings]).labelSets.find((s) => s.why === "matches route.routes[0], route.routes[2] of s at once");
    assert.deepStrictEqual(joined?.labels, { severity: "critical", team: "db" });
  });

  it("keeps one label set per way the matchers of both trees answer", () => {
    const all = [base, candidate].flatMap((c) => {
      const out: ReturnType<typeof formatMatcher>[] = [];
      const walk = (r: typeof c.route) => (out.push(...r.matchers.map(formatMatcher)), r.routes.forEach(walk));
      walk(c.route);
      return out;
    });
    const parsed = [...new Set(all)].map(
      (m) => readRoutingConfig(`route:\n  receiver: r\n  routes: [{ matchers: ['${m}'] }]\n`, "m").route.routes[0].matchers[0],
    );
    const keys = labelSets.map((s) => parsed.map((m) => (matches(m, s.labels) ? 1 : 0)).join(""));
    assert.strictEqual(new Set(keys).size, keys.length);
  });

  it("reports a route no label set can reach", () => {
    const contradiction = readRoutingConfig(`route:\n  receiver: r\n  routes: [{ receiver: x, matchers: ['a="1"', 'a="2"'] }]\n`, "c");
    assert.deepStrictEqual(deriveLabelSets([contradiction]).gaps, [
      "no label set reaches route.routes[0] of c: its matchers and its ancestors' contradict each other, or a regex among them has no witness",
    ]);
  });
});

/** A route as YAML holds it, for the mutations below. */
interface YamlRoute {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  mute_time_intervals?: string[];
  routes?: YamlRoute[];
}

/** Every one-step change of a tree: each route's receiver (the root's too), continue, each matcher, mute interval, a regex alternative; each pair of siblings swapped. */
function mutants(root: YamlRoute): { what: string; root: YamlRoute }[] {
  const found: { what: string; root: YamlRoute }[] = [];
  const paths: number[][] = [];
  const collect = (r: YamlRoute, p: number[]) => {
    paths.push(p);
    (r.routes ?? []).forEach((c, i) => collect(c, [...p, i]));
  };
  collect(root, []);
  const mutate = (what: string, p: number[], change: (r: YamlRoute) => void) => {
    const copy = JSON.parse(JSON.stringify(root)) as YamlRoute;
    change(p.reduce((r, i) => r.routes![i], copy));
    found.push({ what: `${what} at [${p.join(",")}]`, root: copy });
  };
  for (const p of paths) {
    const route = p.reduce((r, i) => r.routes![i], root);
    const children = route.routes ?? [];
    children.forEach((_, i) =>
      children.forEach((__, j) => {
        if (j > i) mutate(`siblings ${i} and ${j} swapped`, p, (r) => ([r.routes![i], r.routes![j]] = [r.routes![j], r.routes![i]]));
      }),
    );
    mutate("receiver changed", p, (r) => (r.receiver = "other"));
    if (p.length === 0) continue;
    mutate("continue toggled", p, (r) => (r.continue = !r.continue));
    mutate("mute interval toggled", p, (r) => (r.mute_time_intervals = r.mute_time_intervals ? undefined : ["nights"]));
    (route.matchers ?? []).forEach((m, k) => {
      mutate(`matcher ${m} dropped`, p, (r) => r.matchers!.splice(k, 1));
      if (m.includes("|")) mutate(`last alternative of ${m} dropped`, p, (r) => (r.matchers![k] = m.replace(/\|[^|"]*"$/, '"')));
    });
  }
  return found;
}

/** Every combination of the given values of each label (absent always among them). */
function everyLabelSet(values: Record<string, string[]>): Labels[] {
  return Object.entries(values).reduce<Labels[]>(
    (sets, [name, options]) => sets.flatMap((l) => ["", ...options].map((v) => (v === "" ? l : { ...l, [name]: v }))),
    [{}],
  );
}

/**
 * The one-step changes of `text`'s tree that move some label set of `oracle` (by the walk); those
 * the derived label sets miss, and those the ones touching a changed route (the ones amtool is
 * asked) miss; and any oracle label set that touches no changed route yet moves (which would make
 * leaving it out wrong).
 */
function mutationCheck(
  text: string,
  oracle: Labels[],
): { mutants: number; changes: number; missed: string[]; missedAsked: string[]; wronglyLeftOut: string[] } {
  const doc = parse(text) as { route: YamlRoute };
  const base = readRoutingConfig(text, "base");
  const all = mutants(doc.route);
  const result = { mutants: all.length, changes: 0, missed: [] as string[], missedAsked: [] as string[], wronglyLeftOut: [] as string[] };
  for (const { what, root } of all) {
    const mutant = readRoutingConfig(stringify({ ...doc, route: root }), "mutant");
    const differs = (labels: Labels) => walkAnswer(base, labels).routes.join("\n") !== walkAnswer(mutant, labels).routes.join("\n");
    const changed = changedRoutes(base, mutant);
    const leftOut = oracle.find((l) => differs(l) && !touchesChange(l, changed));
    if (leftOut) result.wronglyLeftOut.push(`${what}: ${JSON.stringify(leftOut)}`);
    if (!oracle.some(differs)) continue;
    result.changes++;
    const derived = deriveLabelSets([base, mutant]).labelSets;
    if (!derived.some((s) => differs(s.labels))) result.missed.push(what);
    if (!derived.some((s) => touchesChange(s.labels, changed) && differs(s.labels))) result.missedAsked.push(what);
  }
  return result;
}

describe("routing proof: every one-step change is found, and no label set left out could have shown one (the walk over every combination as oracle)", () => {
  it("a nested tree with continue, a regex, != and a mute interval", () => {
    const check = mutationCheck(BASE, everyLabelSet({ severity: ["critical", "warning", "other"], team: ["db", "web", "other"], env: ["dev", "other"] }));
    assert.ok(check.changes >= 15, `${check.changes} of ${check.mutants} mutants change routing`);
    assert.deepStrictEqual([check.missed, check.missedAsked, check.wronglyLeftOut], [[], [], []]);
  });

  it("the prod stack's tree", () => {
    const prod = renderAlertmanagerConfig(deployedSpec(stackConfig("prod"), projectFolderReader(ROOT)), { paths: CONTAINER_ALERTMANAGER_PATHS });
    const oracle = everyLabelSet({
      alertname: ["Watchdog", "KEDAx", "NodeDown", "DiskFull", "other"],
      domain: ["artemis", "sophia", "infrastructure", "other"],
      severity: ["critical", "high", "warning", "info", "other"],
    });
    const check = mutationCheck(prod, oracle);
    assert.ok(check.changes >= 50, `${check.changes} of ${check.mutants} mutants change routing`);
    assert.deepStrictEqual([check.missed, check.missedAsked, check.wronglyLeftOut], [[], [], []]);
  });
});

describe("routing proof: the printed verdict", () => {
  const verdict = (over: Partial<Verdict>): Verdict => ({
    base: "HEAD~1",
    candidate: "working tree",
    equal: true,
    sameTree: false,
    derivedLabelSets: 3,
    labelSets: 3,
    amtoolCalls: 6,
    routing: [],
    inhibitRules: { onlyInBase: [], onlyInCandidate: [] },
    timeIntervals: [],
    disagreements: [],
    gaps: [],
    ...over,
  });

  it("prints nothing when routing is the same", () => assert.strictEqual(formatVerdict(verdict({})), ""));

  it("prints each label set with both answers, and each inhibit rule and time interval change", () => {
    const text = formatVerdict(
      verdict({
        equal: false,
        routing: [
          {
            labels: { severity: "high" },
            why: "reaches route.routes[1] of HEAD~1",
            base: { receivers: ["slack-urgent"], routes: ["slack-urgent"] },
            candidate: { receivers: ["slack-alerts"], routes: ["slack-alerts (muted during nights)"] },
          },
        ],
        inhibitRules: {
          onlyInBase: [{ sourceMatchers: ['severity="critical"'], targetMatchers: ['severity="warning"'], equal: ["alertname"] }],
          onlyInCandidate: [],
        },
        timeIntervals: [{ name: "nights", candidate: JSON.stringify([JSON.stringify({ times: [[0, 360]], location: "UTC" })]) }],
      }),
    );
    assert.strictEqual(
      text,
      [
        '  {severity="high"}  (reaches route.routes[1] of HEAD~1)',
        "    HEAD~1:       slack-urgent",
        "    working tree: slack-alerts (muted during nights)",
        '  inhibit rule only in HEAD~1: source {severity="critical"} target {severity="warning"} equal [alertname]',
        "  time interval nights:",
        "    HEAD~1:       not defined",
        "    working tree: times 00:00-06:00; location UTC",
        "",
      ].join("\n"),
    );
  });
});
