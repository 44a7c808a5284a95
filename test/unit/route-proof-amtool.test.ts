/**
 * The routing proof with the real amtool: a configuration written another way (old match syntax,
 * other YAML style, time intervals spelled differently) proves equal, and each kind of change
 * (receiver, continue, a regex alternative, a mute interval, an inhibit rule, a time interval)
 * is found and shown with both answers.
 */
import * as assert from "assert";
import { parse, stringify } from "yaml";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { CONTAINER_ALERTMANAGER_PATHS } from "../../components/render/paths";
import { projectFolderReader } from "../../config/rule-folders";
import { parseMatcher } from "../../config/matchers";
import { binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { ROOT, stackConfig } from "../../offline/program";
import { proveEqualRouting, Verdict } from "../../proof/equal-routing";
import { formatVerdict } from "../../proof/format";

const BASE = `route:
  receiver: default
  routes:
    - receiver: pager
      matchers: ['severity="critical"']
      continue: true
    - receiver: tickets
      matchers: ['severity="warning"']
      mute_time_intervals: [nights]
    - receiver: storage
      matchers: ['team=~"db|disk"']
    - receiver: web
      matchers: ['team="web"']
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname]
time_intervals:
  - name: nights
    time_intervals:
      - times: [{ start_time: "00:00", end_time: "06:00" }]
        weekdays: ["monday:friday"]
receivers: [{ name: default }, { name: pager }, { name: tickets }, { name: storage }, { name: web }]
`;

/** A proof's time, bounded far above what it takes (about a second idle), so that only a blow-up fails it. */
const PROD_PROOF_BOUND_S = 20;
/** The benchmark's largest configuration (bench/config-scale.ts): 1,000 routes. */
const LARGE_TREE_ROUTES = 1_000;

interface OldSyntaxRoute {
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  routes?: OldSyntaxRoute[];
}

/** A configuration with every `=` and `=~` matcher written in the old match/match_re maps (what a third party's may hold). */
function oldSyntax(config: { route: OldSyntaxRoute }): { route: OldSyntaxRoute } {
  const rewrite = (route: OldSyntaxRoute): OldSyntaxRoute => {
    const parsed = (route.matchers ?? []).map((m) => ({ text: m, matcher: parseMatcher(m)! }));
    const map = (op: string) => Object.fromEntries(parsed.filter((p) => p.matcher.op === op).map((p) => [p.matcher.name, p.matcher.value]));
    const rest = parsed.filter((p) => p.matcher.op !== "=" && p.matcher.op !== "=~").map((p) => p.text);
    const { matchers: _matchers, ...others } = route;
    return {
      ...others,
      ...(Object.keys(map("=")).length > 0 && { match: map("=") }),
      ...(Object.keys(map("=~")).length > 0 && { match_re: map("=~") }),
      ...(rest.length > 0 && { matchers: rest }),
      ...(route.routes && { routes: route.routes.map(rewrite) }),
    };
  };
  return { ...config, route: rewrite(config.route) };
}

/** BASE in other words: old match syntax, block style, keys reordered, the interval's ranges split. */
const REWORDED = `receivers:
  - name: default
  - name: pager
  - name: tickets
  - name: storage
  - name: web
mute_time_intervals:
  - name: nights
    time_intervals:
      - weekdays: [monday, "tuesday:friday"]
        times:
          - { start_time: "00:00", end_time: "03:00" }
          - { start_time: "03:00", end_time: "06:00" }
        location: UTC
inhibit_rules:
  - equal: [alertname, alertname]
    target_match: { severity: warning }
    source_match: { severity: critical }
route:
  receiver: default
  routes:
    - match: { severity: critical }
      receiver: pager
      continue: true
    - match: { severity: warning }
      receiver: tickets
      mute_time_intervals: [nights]
    - match_re: { team: "db|disk" }
      receiver: storage
    - matchers: ['team = web']
      receiver: web
`;

describe("routing proof with the real amtool", function () {
  this.timeout(120_000);
  let amtool: string;
  before(() => (amtool = binaries().amtool));

  const prove = (candidate: string): Promise<Verdict> => proveEqualRouting({ name: "base", text: BASE }, { name: "candidate", text: candidate }, { amtool });
  const changed = (v: Verdict) => v.routing.map((d) => [JSON.stringify(d.labels), d.base.routes.join(", "), d.candidate.routes.join(", ")]);

  it("the same routing written another way is equal, and nothing is printed", async () => {
    const v = await prove(REWORDED);
    assert.ok(v.equal, formatVerdict(v));
    // amtool prints a match_re anchored (^(?:db|disk)$), so its trees differ and every label set is asked of both.
    assert.strictEqual(v.sameTree, false);
    assert.ok(v.labelSets >= 6, `${v.labelSets} label sets`);
    assert.strictEqual(v.labelSets, v.derivedLabelSets, "only amtool tells these trees apart: every derived label set is asked");
    assert.strictEqual(v.amtoolCalls, 2 * (1 + v.labelSets));
    assert.strictEqual(formatVerdict(v), "");
  });

  it("the same tree in another YAML style: amtool reads both alike, so no label set needs asking", async () => {
    const v = await prove(stringify(parse(BASE), { collectionStyle: "flow" }));
    assert.ok(v.equal && v.sameTree, formatVerdict(v));
    assert.deepStrictEqual([v.labelSets, v.amtoolCalls], [0, 2]);
  });

  it("the same tree with a time interval moved to another route: not the same tree, the label sets find it", async () => {
    const moved = BASE.replace("      mute_time_intervals: [nights]\n", "").replace(
      "      continue: true\n",
      "      continue: true\n      mute_time_intervals: [nights]\n",
    );
    const v = await prove(moved);
    assert.strictEqual(v.sameTree, false);
    assert.ok(
      changed(v).some(([labels, , candidate]) => labels === '{"severity":"critical"}' && candidate === "pager (muted during nights)"),
      JSON.stringify(changed(v)),
    );
  });

  it("the same bytes on both sides: one amtool call", async () => {
    const v = await prove(BASE);
    assert.ok(v.equal && v.sameTree, formatVerdict(v));
    assert.strictEqual(v.amtoolCalls, 1);
  });

  it("a changed receiver: the label sets that reach the route, with both answers", async () => {
    const v = await prove(BASE.replace("- receiver: web", "- receiver: pager"));
    assert.ok(!v.equal);
    assert.deepStrictEqual(changed(v), [['{"team":"web"}', "web", "pager"]]);
    assert.match(formatVerdict(v), /\{team="web"\}.*\n {4}base: {6}web\n {4}candidate: pager\n/);
  });

  it("continue removed: the label set that matched two routes now reaches one", async () => {
    const v = await prove(BASE.replace("      continue: true\n", ""));
    assert.ok(
      changed(v).some(([labels, base, candidate]) => labels.includes('"severity":"critical"') && base === "pager, storage" && candidate === "pager"),
      JSON.stringify(changed(v)),
    );
  });

  it("siblings that can never match together swap places: no difference", async () => {
    const swapped = BASE.replace(
      "    - receiver: storage\n      matchers: ['team=~\"db|disk\"']\n    - receiver: web\n      matchers: ['team=\"web\"']\n",
      "    - receiver: web\n      matchers: ['team=\"web\"']\n    - receiver: storage\n      matchers: ['team=~\"db|disk\"']\n",
    );
    assert.notStrictEqual(swapped, BASE);
    const v = await prove(swapped);
    assert.ok(v.equal, formatVerdict(v));
  });

  it("siblings that can match together swap places: found where both match", async () => {
    const swapped = BASE.replace(
      "    - receiver: tickets\n      matchers: ['severity=\"warning\"']\n      mute_time_intervals: [nights]\n    - receiver: storage\n      matchers: ['team=~\"db|disk\"']\n",
      "    - receiver: storage\n      matchers: ['team=~\"db|disk\"']\n    - receiver: tickets\n      matchers: ['severity=\"warning\"']\n      mute_time_intervals: [nights]\n",
    );
    assert.notStrictEqual(swapped, BASE);
    const v = await prove(swapped);
    assert.ok(
      changed(v).some(
        ([labels, base, candidate]) => labels === '{"severity":"warning","team":"db"}' && base === "tickets (muted during nights)" && candidate === "storage",
      ),
      JSON.stringify(changed(v)),
    );
  });

  it("a regex Go and JavaScript read differently: amtool's answer stands, the disagreement is reported and fails the proof", async () => {
    const config = (letters: string) =>
      `route:\n  receiver: default\n  routes:\n    - { receiver: letters, ${letters} }\n    - { receiver: abc, matchers: ['team="abc"'] }\nreceivers: [{ name: default }, { name: letters }, { name: abc }]\n`;
    // The old syntax on one side: amtool prints its trees differently, so the label sets are asked.
    const v = await proveEqualRouting(
      { name: "base", text: config(`matchers: ['team=~"\\\\pL+"']`) },
      { name: "candidate", text: config('match_re: { team: "\\\\pL+" }') },
      { amtool },
    );
    assert.ok(!v.equal);
    assert.deepStrictEqual(v.routing, []);
    assert.deepStrictEqual(
      v.disagreements.map((d) => [d.config, d.labels, d.amtool, d.walk]),
      [
        ["base", { team: "abc" }, "letters", "abc"],
        ["candidate", { team: "abc" }, "letters", "abc"],
      ],
    );
    assert.match(formatVerdict(v), /amtool and the program's walk disagree for base at \{team="abc"\}: amtool letters, walk abc/);
    assert.ok(
      v.gaps.some((g) => g.includes("\\p")),
      v.gaps.join("\n"),
    );
  });

  it("a regex alternative dropped: found at that alternative's witness", async () => {
    const v = await prove(BASE.replace('team=~"db|disk"', 'team=~"db"'));
    assert.deepStrictEqual(changed(v), [['{"team":"disk"}', "storage", "default"]]);
  });

  it("a mute interval dropped: same receiver, not the same routing", async () => {
    const v = await prove(BASE.replace("      mute_time_intervals: [nights]\n", ""));
    assert.ok(changed(v).length > 0);
    for (const [labels, base, candidate] of changed(v)) {
      assert.ok(labels.includes('"severity":"warning"'), labels);
      assert.deepStrictEqual([base, candidate], ["tickets (muted during nights)", "tickets"]);
    }
    assert.ok(changed(v).some(([labels]) => labels === '{"severity":"warning"}'));
  });

  it("an inhibit rule's equal labels and a time interval's days changed: both reported, routing the same", async () => {
    const v = await prove(BASE.replace("equal: [alertname]", "equal: [alertname, cluster]").replace('"monday:friday"', '"monday:thursday"'));
    assert.ok(!v.equal);
    assert.deepStrictEqual(v.routing, []);
    assert.deepStrictEqual(
      v.inhibitRules.onlyInBase.map((r) => r.equal),
      [["alertname"]],
    );
    assert.deepStrictEqual(
      v.inhibitRules.onlyInCandidate.map((r) => r.equal),
      [["alertname", "cluster"]],
    );
    assert.deepStrictEqual(
      v.timeIntervals.map((t) => t.name),
      ["nights"],
    );
    assert.match(
      formatVerdict(v),
      /time interval nights:\n {4}base: {6}times 00:00-06:00; weekdays monday, tuesday, wednesday, thursday, friday; location UTC\n {4}candidate: times 00:00-06:00; weekdays monday, tuesday, wednesday, thursday; location UTC/,
    );
  });

  it("the prod stack's alertmanager.yml against itself in the old match/match_re syntax: equal, every route reached, in seconds", async () => {
    const prod = renderAlertmanagerConfig(deployedSpec(stackConfig("prod"), projectFolderReader(ROOT)), { paths: CONTAINER_ALERTMANAGER_PATHS });
    const reworded = stringify(oldSyntax(parse(prod)));
    assert.notStrictEqual(reworded, prod);
    const started = Date.now();
    const v = await proveEqualRouting({ name: "rendered", text: prod }, { name: "reworded", text: reworded }, { amtool });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(v.equal, formatVerdict(v));
    assert.deepStrictEqual(v.gaps, []);
    const routes = (parse(prod) as { route: { routes: unknown[] } }).route.routes.length;
    assert.ok(v.labelSets > routes, `${v.labelSets} label sets for ${routes} routes`);
    // Generous for a busy CI machine; about one second on an idle one (docs/route-diff.md, Speed).
    assert.ok(seconds < PROD_PROOF_BOUND_S, `${seconds} s`);
  });

  it("one route changed among 1,000: only the label sets that can reach it are asked, in seconds", async () => {
    const tree = (changed: string) =>
      stringify({
        route: {
          receiver: "default",
          routes: Array.from({ length: LARGE_TREE_ROUTES }, (_, i) => ({
            receiver: i === 500 ? changed : `r${i}`,
            matchers: [`team="t${i}"`],
            continue: true,
          })),
        },
        receivers: [{ name: "default" }, { name: "other" }, ...Array.from({ length: LARGE_TREE_ROUTES }, (_, i) => ({ name: `r${i}` }))],
      });
    const started = Date.now();
    const v = await proveEqualRouting({ name: "base", text: tree("r500") }, { name: "candidate", text: tree("other") }, { amtool });
    const seconds = (Date.now() - started) / 1000;
    assert.deepStrictEqual(changed(v), [['{"team":"t500"}', "r500", "other"]]);
    assert.ok(v.derivedLabelSets > LARGE_TREE_ROUTES, `${v.derivedLabelSets} derived`);
    assert.ok(v.labelSets <= 3, `${v.labelSets} asked`);
    assert.ok(seconds < PROD_PROOF_BOUND_S, `${seconds} s`);
  });

  it("everyLabelSet: every derived label set is asked, also those only alike routes can reach", async () => {
    const v = await proveEqualRouting(
      { name: "base", text: BASE },
      { name: "candidate", text: BASE.replace("- receiver: web", "- receiver: pager") },
      { amtool, everyLabelSet: true },
    );
    assert.strictEqual(v.labelSets, v.derivedLabelSets);
    assert.deepStrictEqual(changed(v), [['{"team":"web"}', "web", "pager"]]);
    const focused = await prove(BASE.replace("- receiver: web", "- receiver: pager"));
    assert.ok(focused.labelSets < v.labelSets, `${focused.labelSets} of ${v.labelSets}`);
  });

  it("a configuration amtool refuses: the error names it and says what amtool said", async () => {
    await assert.rejects(
      prove(BASE.replace("- receiver: web", "- receiver: nobody")),
      /^Error: amtool config routes show for candidate: exit 1: amtool: error: undefined receiver "nobody" used in route$/,
    );
  });
});
