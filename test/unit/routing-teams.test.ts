/** Team-owned routing files: nesting, prefixes, confined inhibit rules, and every way a team file is refused. */
import * as assert from "assert";
import { buildSpec } from "../../config/spec";
import { BASE, folders, problems, rendered, spec } from "../support/routing-values";

const CHECKOUT = `
receiver: catchall
receivers:
  - name: catchall
    webhook: { credential: checkoutUrl }
  - name: pager
    webhook: { credential: checkoutPagerUrl }
routes:
  - name: critical
    matchers: ['severity="critical"']
    receiver: pager
    muteTimeIntervals: [freeze]
inhibitRules:
  - sourceMatchers: ['alertname="CheckoutDown"']
    targetMatchers: ['severity="warning"']
timeIntervals:
  - name: freeze
    intervals: [{ months: [december] }]
`;

describe("routing: team-owned files", () => {
  const teams = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([name, text]) => [`teams/${name}`, text]));

  it("nests a team's routes under its matcher, prefixes its names and confines its inhibit rules to its alerts", () => {
    const s = spec({}, teams({ "checkout.yaml": CHECKOUT }));
    const am = rendered(s);
    assert.deepStrictEqual(am.route.routes[1], {
      receiver: "checkout/catchall",
      matchers: ['team="checkout"'],
      routes: [{ receiver: "checkout/pager", matchers: ['severity="critical"'], mute_time_intervals: ["checkout/freeze"] }],
    });
    assert.deepStrictEqual(am.inhibit_rules, [
      { source_matchers: ['team="checkout"', 'alertname="CheckoutDown"'], target_matchers: ['team="checkout"', 'severity="warning"'] },
    ]);
    assert.deepStrictEqual(
      am.time_intervals.map((t: { name: string }) => t.name),
      ["checkout/freeze"],
    );
    assert.deepStrictEqual(
      s.credentials.map((c) => c.key),
      ["checkoutUrl", "checkoutPagerUrl"],
    );
  });

  it("keeps the team's grouping and timings on its subtree, and prefixes every name, at every depth", () => {
    const file = `
receiver: catchall
groupBy: [alertname]
groupWait: 1s
groupInterval: 2m
repeatInterval: 3h
receivers:
  - name: catchall
    webhook: { credential: checkoutUrl }
routes:
  - name: day
    matchers: ['severity="warning"']
    activeTimeIntervals: [office]
    routes:
      - matchers: ['x="y"']
        receiver: catchall
inhibitRules:
  - name: quiet
    sourceMatchers: ['a="b"']
    targetMatchers: ['c="d"']
timeIntervals:
  - name: office
    intervals: [{ weekdays: [monday] }]
`;
    const s = spec({}, teams({ "checkout.yaml": file }));
    assert.deepStrictEqual(s.routes[1], {
      name: "checkout/team",
      matchers: ['team="checkout"'],
      receiver: "checkout/catchall",
      groupBy: ["alertname"],
      groupWait: "1s",
      groupInterval: "2m",
      repeatInterval: "3h",
      continue: false,
      muteTimeIntervals: [],
      activeTimeIntervals: [],
      routes: [
        {
          name: "checkout/day",
          matchers: ['severity="warning"'],
          continue: false,
          muteTimeIntervals: [],
          activeTimeIntervals: ["checkout/office"],
          routes: [{ matchers: ['x="y"'], receiver: "checkout/catchall", continue: false, muteTimeIntervals: [], activeTimeIntervals: [], routes: [] }],
        },
      ],
    });
    assert.deepStrictEqual(
      s.inhibitRules.map((r) => r.name),
      ["checkout/quiet"],
    );
    assert.strictEqual(spec({ teams: { continue: true } }, teams({ "checkout.yaml": file })).routes[1].continue, true);
  });

  it("a team file's matchers replace the team label, e.g. to own a namespace; teams.label renames the label", () => {
    const byNamespace = spec({}, teams({ "checkout.yaml": `matchers: ['namespace="shop"']\n${CHECKOUT}` }));
    assert.deepStrictEqual(byNamespace.routes[1].matchers, ['namespace="shop"']);
    const byOwner = spec({ teams: { label: "owner" } }, teams({ "checkout.yaml": CHECKOUT }));
    assert.deepStrictEqual(byOwner.routes[1].matchers, ['owner="checkout"']);
  });

  it("teams.folder names another folder, and must exist when set", () => {
    assert.strictEqual(spec({ teams: { folder: "owners" } }, { "owners/a.yaml": CHECKOUT }).routes[1].name, "a/team");
    assert.deepStrictEqual(problems({ teams: { folder: "owners" } }), [
      'alerting:teams.folder: "owners" is not a folder in the project; use a path relative to the project root',
    ]);
  });

  const ESCAPE = 'would match alerts outside the team; team routes are nested under team="checkout" and may not match on its labels otherwise';
  const rejects: [string, Record<string, string>, string[]][] = [
    [
      "a route trying to escape its team's matcher",
      { "checkout.yaml": CHECKOUT.replace(`matchers: ['severity="critical"']`, `matchers: ['team=~".+"']`) },
      [`teams/checkout.yaml: routes[0].matchers: "team=~\\".+\\"" ${ESCAPE}`],
    ],
    [
      "an inhibit rule reaching another team",
      { "checkout.yaml": CHECKOUT.replace(`targetMatchers: ['severity="warning"']`, `targetMatchers: ['team="search"']`) },
      [`teams/checkout.yaml: inhibitRules[0].targetMatchers: "team=\\"search\\"" ${ESCAPE}`],
    ],
    [
      "two files for one team",
      { "checkout.yaml": CHECKOUT, "checkout.yml": CHECKOUT },
      ['teams/checkout.yml: "checkout" names the same team as teams/checkout.yaml; one file per team'],
    ],
    [
      "two teams owning the same alerts",
      { "a.yaml": `matchers: ['namespace="shop"']\n${CHECKOUT}`, "b.yaml": `matchers: ['namespace="shop"']\n${CHECKOUT}` },
      ['teams/b.yaml: matchers: ["namespace=\\"shop\\""] are team a\'s already (teams/a.yaml); each team needs matchers of its own'],
    ],
    [
      "references to receivers and intervals the team does not own",
      {
        "checkout.yaml": CHECKOUT.replace("receiver: pager", "receiver: default")
          .replace("[freeze]", "[business-hours]")
          .replace("receiver: catchall", "receiver: nobody"),
      },
      [
        'teams/checkout.yaml: routes[0].receiver: "default" is not a defined receiver; use one of catchall, pager',
        'teams/checkout.yaml: routes[0].muteTimeIntervals[0]: "business-hours" is not a defined time interval; use one of freeze',
        'teams/checkout.yaml: receiver: "nobody" is not one of the team\'s receivers; use one of catchall, pager',
      ],
    ],
    [
      "an unknown key and an unknown receiver kind",
      { "checkout.yaml": `${CHECKOUT}\nowner: me\n`.replace("webhook: { credential: checkoutUrl }", "hipchat: {}") },
      [
        'teams/checkout.yaml: receivers[0]: unknown key "hipchat";',
        'teams/checkout.yaml: unknown key "owner"; accepted keys: matchers, receiver, groupBy, groupWait, groupInterval, repeatInterval, receivers, routes, inhibitRules, timeIntervals',
      ],
    ],
    ["a file that is not YAML", { "checkout.yaml": "receiver: [" }, ["teams/checkout.yaml: is not valid YAML:"]],
    ["a team name that is not a name", { "check out.yaml": CHECKOUT }, ['teams/check out.yaml: "check out" names the team: is not a valid name;']],
  ];
  for (const [title, files, expected] of rejects) {
    it(`refuses ${title}, naming the file and the key`, () => {
      const found = problems({}, teams(files));
      assert.strictEqual(found.length, expected.length, found.join("\n"));
      expected.forEach((e, i) => assert.ok(found[i].startsWith(e), `expected "${e}" in:\n${found.join("\n")}`));
    });
  }

  it("a team's e-mail receiver needs alerting:smtp, like the stack's", () => {
    const withEmail = CHECKOUT.replace("webhook: { credential: checkoutUrl }", "email: { to: [a@example.com] }");
    assert.deepStrictEqual(problems({}, teams({ "checkout.yaml": withEmail })), [
      "teams/checkout.yaml: receivers[0].email: needs alerting:smtp (smarthost, from) to be set",
    ]);
    assert.deepStrictEqual(problems({ smtp: { smarthost: "smtp.example.com:587", from: "a@example.com" } }, teams({ "checkout.yaml": withEmail })), []);
  });

  it("an escape names every matcher the team is nested under, and the inhibit rule's source side too", () => {
    const file = `matchers: ['namespace="shop"', 'team="checkout"']\n${CHECKOUT.replace(`sourceMatchers: ['alertname="CheckoutDown"']`, `sourceMatchers: ['namespace!="shop"']`)}`;
    assert.deepStrictEqual(problems({}, teams({ "checkout.yaml": file })), [
      'teams/checkout.yaml: inhibitRules[0].sourceMatchers: "namespace!=\\"shop\\"" would match alerts outside the team; team routes are nested under namespace="shop", team="checkout" and may not match on its labels otherwise',
    ]);
  });

  it("a team's credentials are required on kubernetes like any receiver's", () => {
    const found = (() => {
      try {
        buildSpec({ values: { ...BASE, target: "kubernetes" }, secretKeys: new Set(), readFolder: folders(teams({ "checkout.yaml": CHECKOUT })) });
        return "";
      } catch (err) {
        return String(err);
      }
    })();
    assert.match(found, /alerting:checkoutUrl: is required by checkout\/catchall \(webhook\)/);
  });
});
