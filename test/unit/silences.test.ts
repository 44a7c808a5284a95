/** config/silences.ts: alerting:silences and a team file's silences, each refusal with its exact message; the spec they become; silencesMuting; the rendered file. */
import * as assert from "assert";
import { renderSilences } from "../../components/render/silences";
import { buildSpec } from "../../config/spec";
import { SilenceSpec, silencesMuting } from "../../config/silences";
import { BASE, folders, problems } from "../support/routing-values";

const window = (overrides: Record<string, unknown> = {}) => ({
  name: "db-migration",
  matchers: ['service="orders-db"'],
  startsAt: "2099-03-01T22:00:00Z",
  endsAt: "2099-03-02T02:00:00Z",
  comment: "CHG-1042: schema migration",
  author: "ana@example.com",
  ...overrides,
});

const TEAM = (silences: string) => `
receiver: catchall
receivers:
  - name: catchall
    webhook: { credential: checkoutUrl }
silences:
${silences}
`;

const teamSilence = (matchers: string, name = "deploy") => `
  - name: ${name}
    matchers: [${matchers}]
    startsAt: "2099-03-01T22:00:00+02:00"
    endsAt: "2099-03-01T23:30:00+02:00"
    comment: canary rollout
    author: checkout-oncall`;

const NOW = new Date("2099-01-01T00:00:00Z");
const build = (values: Record<string, unknown>, files: Record<string, string> = {}, now = NOW) =>
  buildSpec({ values: { ...BASE, ...values }, secretKeys: new Set(), readFolder: folders(files), now });

describe("silences: a declared silence refused, with the exact message", () => {
  const cases: [title: string, values: Record<string, unknown>, expected: string[]][] = [
    [
      "a matcher that does not parse",
      { silences: [window({ matchers: ["service orders-db"] })] },
      ['alerting:silences[0].matchers[0]: "service orders-db" is not a matcher; use e.g. severity="critical" or alertname=~"KEDA.*"'],
    ],
    [
      "a regex that does not compile",
      { silences: [window({ matchers: ['service=~"orders-(db"'] })] },
      ['alerting:silences[0].matchers[0]: "service=~\\"orders-(db\\"" has an invalid regular expression; use RE2 syntax such as "Node.*|.*Disk.*"'],
    ],
    [
      "no matchers",
      { silences: [window({ matchers: [] })] },
      ['alerting:silences[0].matchers: [] is empty; a silence needs at least one matcher, e.g. service="checkout"'],
    ],
    [
      "an end before the start",
      { silences: [window({ endsAt: "2099-03-01T21:00:00Z" })] },
      ['alerting:silences[0].endsAt: "2099-03-01T21:00:00Z" is not after startsAt (2099-03-01T22:00:00Z); a silence must end after it starts'],
    ],
    [
      "an end equal to the start, written with another offset",
      { silences: [window({ endsAt: "2099-03-02T00:00:00+02:00" })] },
      ['alerting:silences[0].endsAt: "2099-03-02T00:00:00+02:00" is not after startsAt (2099-03-01T22:00:00Z); a silence must end after it starts'],
    ],
    [
      "a silence longer than the default 14d",
      { silences: [window({ endsAt: "2099-03-16T00:30:00Z" })] },
      [
        'alerting:silences[0].endsAt: "2099-03-16T00:30:00Z" is 14d2h30m after startsAt (2099-03-01T22:00:00Z); a silence may last at most 14d (alerting:silenceMaxDuration)',
      ],
    ],
    [
      "a silence longer than a configured maximum",
      { silenceMaxDuration: "2h", silences: [window()] },
      [
        'alerting:silences[0].endsAt: "2099-03-02T02:00:00Z" is 4h after startsAt (2099-03-01T22:00:00Z); a silence may last at most 2h (alerting:silenceMaxDuration)',
      ],
    ],
    [
      'a silence of every alert: alertname=~".+"',
      { silences: [window({ matchers: ['alertname=~".+"'] })] },
      [
        'alerting:silences[0].matchers: ["alertname=~\\".+\\""] would silence every alert (each matcher accepts any value); add one that narrows it, e.g. service="checkout"',
      ],
    ],
    [
      'a silence of every alert: severity!="", env=~".*" and region!~""',
      { silences: [window({ matchers: ['severity!=""', 'env=~".*"', 'region!~""'] })] },
      [
        'alerting:silences[0].matchers: ["severity!=\\"\\"","env=~\\".*\\"","region!~\\"\\""] would silence every alert (each matcher accepts any value); add one that narrows it, e.g. service="checkout"',
      ],
    ],
    [
      "matchers that all match the empty string, which Alertmanager 0.33 refuses",
      { silences: [window({ matchers: ['region=""', 'zone=~"a|"'] })] },
      [
        'alerting:silences[0].matchers: ["region=\\"\\"","zone=~\\"a|\\""] match the empty string, every one of them, which Alertmanager refuses; add one that needs a value, e.g. service="checkout"',
      ],
    ],
    [
      "a time without an offset",
      { silences: [window({ startsAt: "2099-03-01T22:00:00" })] },
      [
        'alerting:silences[0].startsAt: "2099-03-01T22:00:00" is not an RFC 3339 time; use e.g. 2026-05-01T22:00:00Z or 2026-05-01T22:00:00+02:00 (date, T, time, offset)',
      ],
    ],
    [
      "a date that does not exist",
      { silences: [window({ endsAt: "2099-02-30T02:00:00Z" })] },
      [
        'alerting:silences[0].endsAt: "2099-02-30T02:00:00Z" is not an RFC 3339 time; use e.g. 2026-05-01T22:00:00Z or 2026-05-01T22:00:00+02:00 (date, T, time, offset)',
      ],
    ],
    [
      "a name used twice",
      { silences: [window(), window({ matchers: ['service="orders-api"'] })] },
      ['alerting:silences[1].name: "db-migration" is the name of alerting:silences[0] too; silence names must be unique'],
    ],
    [
      "no author and an empty comment",
      { silences: [{ ...window({ comment: "" }), author: undefined }] },
      ['alerting:silences[0].comment: "" is empty; say why, e.g. the change ticket', "alerting:silences[0].author: is required; use who is responsible"],
    ],
    [
      "an unknown key",
      { silences: [window({ createdBy: "ana" })] },
      ['alerting:silences[0]: unknown key "createdBy"; accepted keys: name, matchers, startsAt, endsAt, comment, author'],
    ],
  ];
  for (const [title, values, expected] of cases) {
    it(`refuses ${title}`, () => assert.deepStrictEqual(problems(values), expected));
  }

  it('accepts look-alikes that narrow: severity!="critical", service!~"api|web", service=~"api.+", region="" beside service="api"', () => {
    const narrow = [['severity!="critical"'], ['service!~"api|web"'], ['service=~"api.+"'], ['region=""', 'service="api"']];
    assert.deepStrictEqual(problems({ silences: narrow.map((matchers, i) => window({ name: `w${i}`, matchers })) }), []);
  });

  it("accepts the 15-day silence once alerting:silenceMaxDuration allows it", () => {
    assert.deepStrictEqual(problems({ silenceMaxDuration: "15d", silences: [window({ endsAt: "2099-03-16T00:30:00Z" })] }), []);
  });
});

describe("silences: a team file's silences refused, with the exact message naming the file", () => {
  const cases: [title: string, silences: string, expected: string[]][] = [
    [
      "a silence of another team's alerts",
      teamSilence('"team=\\"payments\\""'),
      [
        'teams/checkout.yaml: silences[0].matchers: "team=\\"payments\\"" would silence alerts outside the team; team silences get team="checkout" added and may not match on its labels otherwise',
      ],
    ],
    [
      "a regex on the team label",
      teamSilence('"team=~\\"check.*\\""'),
      [
        'teams/checkout.yaml: silences[0].matchers: "team=~\\"check.*\\"" would silence alerts outside the team; team silences get team="checkout" added and may not match on its labels otherwise',
      ],
    ],
    [
      "a name used twice in the team",
      teamSilence('"service=\\"api\\""') + teamSilence('"service=\\"web\\""'),
      ['teams/checkout.yaml: silences[1].name: "deploy" is the name of teams/checkout.yaml: silences[0] too; silence names must be unique within the team'],
    ],
    [
      "a silence of every alert of the team",
      teamSilence('"alertname=~\\".+\\""'),
      [
        'teams/checkout.yaml: silences[0].matchers: ["alertname=~\\".+\\""] would silence every alert (each matcher accepts any value); add one that narrows it, e.g. service="checkout"',
      ],
    ],
    [
      "a time that is not RFC 3339",
      teamSilence('"service=\\"api\\""').replace('"2099-03-01T22:00:00+02:00"', "tomorrow 10pm"),
      [
        'teams/checkout.yaml: silences[0].startsAt: "tomorrow 10pm" is not an RFC 3339 time; use e.g. 2026-05-01T22:00:00Z or 2026-05-01T22:00:00+02:00 (date, T, time, offset)',
      ],
    ],
  ];
  for (const [title, silences, expected] of cases) {
    it(`refuses ${title}`, () => assert.deepStrictEqual(problems({}, { "teams/checkout.yaml": TEAM(silences) }), expected));
  }
});

describe("silences: the spec", () => {
  it("a team's silence is named within the team, carries the team's matchers first, and its times in UTC", () => {
    const spec = build({ silences: [window({ name: "deploy" })] }, { "teams/checkout.yaml": TEAM(teamSilence('"service=api"', "deploy")) });
    assert.deepStrictEqual(spec.silences, [
      {
        id: "deploy",
        matchers: ['service="orders-db"'],
        startsAt: "2099-03-01T22:00:00.000Z",
        endsAt: "2099-03-02T02:00:00.000Z",
        comment: "CHG-1042: schema migration",
        author: "ana@example.com",
      },
      {
        id: "checkout/deploy",
        matchers: ['team="checkout"', 'service="api"'],
        startsAt: "2099-03-01T20:00:00.000Z",
        endsAt: "2099-03-01T21:30:00.000Z",
        comment: "canary rollout",
        author: "checkout-oncall",
      },
    ]);
  });

  it("a team's own matcher repeated in its silence is kept once", () => {
    const spec = build({}, { "teams/checkout.yaml": TEAM(teamSilence('"team=checkout", "service=api"')) });
    assert.deepStrictEqual(spec.silences[0].matchers, ['team="checkout"', 'service="api"']);
  });

  it("a silence whose end has passed is left out, and a warning says it can be removed", () => {
    const spec = build(
      { silences: [window({ name: "old", startsAt: "2098-12-30T00:00:00Z", endsAt: "2098-12-31T00:00:00Z" }), window()] },
      { "teams/checkout.yaml": TEAM(teamSilence('"service=api"').replace(/2099-03-01/g, "2098-12-01")) },
    );
    assert.deepStrictEqual(
      spec.silences.map((s) => s.id),
      ["db-migration"],
    );
    assert.deepStrictEqual(
      spec.warnings.filter((w) => w.includes("silences")),
      [
        "alerting:silences[0] (old): ended at 2098-12-31T00:00:00Z; it is not applied, remove it from the configuration",
        "teams/checkout.yaml: silences[0] (checkout/deploy): ended at 2098-12-01T23:30:00+02:00; it is not applied, remove it from the configuration",
      ],
    );
  });

  it("a silence running now is kept, start in the past and all", () => {
    const spec = build({ silences: [window()] }, {}, new Date("2099-03-02T00:00:00Z"));
    assert.deepStrictEqual(
      spec.silences.map((s) => s.id),
      ["db-migration"],
    );
    assert.deepStrictEqual(
      spec.warnings.filter((w) => w.includes("silences")),
      [],
    );
  });

  it("no silences by default", () => assert.deepStrictEqual(build({}).silences, []));
});

describe("silences: silencesMuting, with Alertmanager's matching", () => {
  const silence = (matchers: string[], id = "s"): SilenceSpec => ({
    id,
    matchers,
    startsAt: "2099-03-01T22:00:00.000Z",
    endsAt: "2099-03-02T02:00:00.000Z",
    comment: "c",
    author: "a",
  });
  const during = new Date("2099-03-01T23:00:00Z");
  const ids = (labels: Record<string, string>, silences: SilenceSpec[], at = during) => silencesMuting(labels, silences, at).map((s) => s.id);

  it("regexes are anchored: api matches api, not api-gateway", () => {
    const s = [silence(['service=~"api"'])];
    assert.deepStrictEqual(ids({ service: "api" }, s), ["s"]);
    assert.deepStrictEqual(ids({ service: "api-gateway" }, s), []);
  });

  it('a missing label is "": region="" matches an alert without region, region!="" does not', () => {
    assert.deepStrictEqual(ids({ service: "api" }, [silence(['service="api"', 'region=""'], "empty"), silence(['service="api"', 'region!=""'], "set")]), [
      "empty",
    ]);
  });

  it("every matcher must hold", () => {
    const s = [silence(['service="api"', 'severity!~"critical|high"'])];
    assert.deepStrictEqual(ids({ service: "api", severity: "warning" }, s), ["s"]);
    assert.deepStrictEqual(ids({ service: "api", severity: "high" }, s), []);
  });

  it("active from startsAt to endsAt, both included (Alertmanager's getState), not before or after", () => {
    const s = [silence(['service="api"'])];
    const at = (t: string) => ids({ service: "api" }, s, new Date(t));
    assert.deepStrictEqual(["2099-03-01T21:59:59.999Z", "2099-03-01T22:00:00.000Z", "2099-03-02T02:00:00.000Z", "2099-03-02T02:00:00.001Z"].map(at), [
      [],
      ["s"],
      ["s"],
      [],
    ]);
  });
});

describe("silences: the file the reconciler reads", () => {
  it("Alertmanager's API shape, createdBy marking the stack, the id and the author", () => {
    const spec = build(
      { silences: [window({ matchers: ['service="orders-db"', 'env!~"dev|test"'] })] },
      { "teams/checkout.yaml": TEAM(teamSilence('"service=api"')) },
    );
    assert.strictEqual(
      renderSilences(spec, "prod"),
      `${JSON.stringify(
        {
          stack: "prod",
          silences: [
            {
              matchers: [
                { name: "service", value: "orders-db", isRegex: false, isEqual: true },
                { name: "env", value: "dev|test", isRegex: true, isEqual: false },
              ],
              startsAt: "2099-03-01T22:00:00.000Z",
              endsAt: "2099-03-02T02:00:00.000Z",
              createdBy: "pulumi:prod/db-migration (ana@example.com)",
              comment: "CHG-1042: schema migration",
            },
            {
              matchers: [
                { name: "team", value: "checkout", isRegex: false, isEqual: true },
                { name: "service", value: "api", isRegex: false, isEqual: true },
              ],
              startsAt: "2099-03-01T20:00:00.000Z",
              endsAt: "2099-03-01T21:30:00.000Z",
              createdBy: "pulumi:prod/checkout/deploy (checkout-oncall)",
              comment: "canary rollout",
            },
          ],
        },
        null,
        2,
      )}\n`,
    );
  });

  it("no silences: an empty list, so the reconciler expires every one of ours", () => {
    assert.strictEqual(renderSilences(build({}), "dev"), '{\n  "stack": "dev",\n  "silences": []\n}\n');
  });
});
