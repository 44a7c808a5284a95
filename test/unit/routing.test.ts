/** Routes of any depth, every time interval field, the dead man's switch and template files: config checks and the rendered tree. */
import * as assert from "assert";
import { assertTemplateCallsDefined } from "../../components/render/template-calls";
import { ConfigError, formatIssue } from "../../config/errors";
import { credentialKeys } from "../../config/spec";
import { BASE, problems, rendered, spec } from "../support/routing-values";

describe("routing: routes of any depth", () => {
  const nested = {
    routes: [
      {
        matchers: ['team="a"'],
        receiver: "default",
        routes: [{ matchers: ['severity="critical"'], routes: [{ matchers: ['x="y"'], receiver: "pager", continue: true }] }],
      },
    ],
  };

  it("renders each level under its parent; a route without a receiver inherits its parent's", () => {
    assert.deepStrictEqual(rendered(spec(nested)).route.routes[1], {
      receiver: "default",
      matchers: ['team="a"'],
      routes: [{ matchers: ['severity="critical"'], routes: [{ receiver: "pager", matchers: ['x="y"'], continue: true }] }],
    });
  });

  it("checks receivers, time intervals, grouping and timings at every depth, naming the nested key", () => {
    const deep = { matchers: ['x="y"'], receiver: "nobody", muteTimeIntervals: ["never"], groupBy: ["...", "x"], repeatInterval: "0s" };
    assert.deepStrictEqual(problems({ routes: [{ matchers: ['a="b"'], routes: [{ matchers: ['c="d"'], routes: [deep] }] }] }), [
      'alerting:routes[0].routes[0].routes[0].receiver: "nobody" is not a defined receiver; use one of default, pager',
      'alerting:routes[0].routes[0].routes[0].muteTimeIntervals[0]: "never" is not a defined time interval; use one of (none: define timeIntervals)',
      'alerting:routes[0].routes[0].routes[0].groupBy: ["...","x"] mixes "..." with label names; use ["..."] alone (group by all labels) or label names only',
      'alerting:routes[0].routes[0].routes[0].repeatInterval: "0s" is zero; Alertmanager needs a positive duration, e.g. 5m',
    ]);
  });

  it("route names are unique across the whole tree", () => {
    assert.deepStrictEqual(problems({ routes: [{ name: "n", matchers: ['a="b"'], receiver: "pager", routes: [{ name: "n", matchers: ['c="d"'] }] }] }), [
      'alerting:routes[0].routes[0].name: "n" is defined twice; route names must be unique',
    ]);
  });
});

describe("routing: time intervals with every field Alertmanager reads", () => {
  const interval = (fields: Record<string, unknown>) => ({ timeIntervals: [{ name: "t", intervals: [fields] }] });

  it("renders days of the month, months and years as text ranges, numbers included", () => {
    const fields = { daysOfMonth: [1, "-3:-1", "7:-1"], months: ["january:march", 12], years: [2026, "2027:2028"], location: "Europe/Paris" };
    assert.deepStrictEqual(rendered(spec(interval(fields))).time_intervals, [
      {
        name: "t",
        time_intervals: [{ days_of_month: ["1", "-3:-1", "7:-1"], months: ["january:march", "12"], years: ["2026", "2027:2028"], location: "Europe/Paris" }],
      },
    ]);
  });

  const DAY = "is not a day of the month or range such as 1:7 or -1 (1 to 31, or -31 to -1 counted from the month's end)";
  const cases: [string, Record<string, unknown>, string][] = [
    ["day 32", { daysOfMonth: [32] }, `alerting:timeIntervals[0].intervals[0].daysOfMonth[0]: "32" ${DAY}`],
    ["day 0", { daysOfMonth: [0] }, `alerting:timeIntervals[0].intervals[0].daysOfMonth[0]: "0" ${DAY}`],
    ["days backwards", { daysOfMonth: ["10:5"] }, `alerting:timeIntervals[0].intervals[0].daysOfMonth[0]: "10:5" ${DAY}`],
    [
      "an unknown month",
      { months: ["smarch"] },
      'alerting:timeIntervals[0].intervals[0].months[0]: "smarch" is not a month or range such as january:march or 12',
    ],
    ["month 13", { months: [13] }, 'alerting:timeIntervals[0].intervals[0].months[0]: "13" is not a month or range such as january:march or 12'],
    [
      "months backwards",
      { months: ["may:march"] },
      'alerting:timeIntervals[0].intervals[0].months[0]: "may:march" is not a month or range such as january:march or 12',
    ],
    ["a two-digit year", { years: [26] }, 'alerting:timeIntervals[0].intervals[0].years[0]: "26" is not a year or range such as 2026 or 2026:2027'],
    [
      "years backwards",
      { years: ["2028:2027"] },
      'alerting:timeIntervals[0].intervals[0].years[0]: "2028:2027" is not a year or range such as 2026 or 2026:2027',
    ],
  ];
  for (const [title, fields, message] of cases) {
    it(`refuses ${title}`, () => assert.deepStrictEqual(problems(interval(fields)), [message]));
  } /** Each value alone, as Alertmanager reads it: accepted (true) or refused with the field's message. */
  const RANGES: [field: string, value: unknown, accepted: boolean][] = [
    ...["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].map(
      (month): [string, unknown, boolean] => ["months", month, true],
    ),
    ["months", "March:MAY", true],
    ["months", "1:1", true],
    ["months", "1:12", true],
    ["months", "0:1", false],
    ["months", "12:13", false],
    ["months", "13:12", false],
    ["daysOfMonth", "1:-1", true],
    ["daysOfMonth", 31, true],
    ["daysOfMonth", "-31:-1", true],
    ["daysOfMonth", -32, false],
    ["daysOfMonth", "0:5", false],
    ["daysOfMonth", "5:0", false],
    ["daysOfMonth", "-1:-3", false],
    ["daysOfMonth", "1:2:3", false],
    ["years", "2026:2026", true],
    ["years", "26:2027", false],
    ["years", "2026:27", false],
    ["years", "x2026", false],
    ["years", "2026x", false],
  ];
  for (const [field, value, accepted] of RANGES) {
    it(`${field}: ${JSON.stringify(value)} is ${accepted ? "accepted" : "refused"}`, () => {
      assert.strictEqual(problems(interval({ [field]: [value] })).length, accepted ? 0 : 1);
    });
  }

  it("a value that is neither a number nor text is refused as such", () => {
    assert.deepStrictEqual(problems(interval({ daysOfMonth: [true] })), [
      "alerting:timeIntervals[0].intervals[0].daysOfMonth[0]: true is not a string; use a day of the month or range such as 1:7 or -1 (1 to 31, or -31 to -1 counted from the month's end)",
    ]);
  });
});

describe("routing: the dead man's switch", () => {
  it("without alerting:heartbeat, Watchdog goes to a receiver that delivers nothing, and the spec warns", () => {
    const s = spec();
    assert.deepStrictEqual(s.routes[0], {
      name: "watchdog",
      matchers: ['alertname="Watchdog"'],
      receiver: "null",
      continue: false,
      muteTimeIntervals: [],
      activeTimeIntervals: [],
      routes: [],
    });
    assert.deepStrictEqual(
      s.receivers.find((r) => r.name === "null"),
      { name: "null" },
    );
    assert.match(s.warnings.join("\n"), /alerting:heartbeat is not set: Watchdog goes nowhere/);
  });

  it("with it, Watchdog goes to a webhook whose URL is a secret, flushed and repeated at the interval", () => {
    const s = spec({ heartbeat: { interval: "30s" } }, {}, { heartbeatUrl: "https://hc.example.com/ping/x" });
    const am = rendered(s);
    assert.deepStrictEqual(am.route.routes[0], {
      receiver: "heartbeat",
      matchers: ['alertname="Watchdog"'],
      group_wait: "0s",
      group_interval: "30s",
      repeat_interval: "30s",
    });
    assert.deepStrictEqual(
      am.receivers.find((r: { name: string }) => r.name === "heartbeat"),
      { name: "heartbeat", webhook_configs: [{ url_file: "/c/s/heartbeatUrl", max_alerts: 1, send_resolved: false }] },
    );
    assert.deepStrictEqual(s.warnings, []);
    assert.ok(credentialKeys({ ...BASE, heartbeat: {} }).includes("heartbeatUrl"));
  });

  it("the names the program gives itself are refused", () => {
    assert.deepStrictEqual(
      problems({ receivers: [...BASE.receivers, { name: "heartbeat" }], routes: [{ name: "watchdog", matchers: ['a="b"'], receiver: "pager" }] }),
      [
        'alerting:routes[0].name: "watchdog" is the program\'s own route for Watchdog (see alerting:heartbeat); remove this route',
        'alerting:receivers[2].name: "heartbeat" is the dead man\'s switch receiver the program adds; configure it with alerting:heartbeat',
      ],
    );
  });
});

describe("routing: notification template files", () => {
  const TEMPLATE = '{{ define "team.text" }}{{ .CommonLabels.alertname }}{{ end }}';
  const slack = (text: string) => ({ receivers: [{ name: "default", slack: { channel: "#a", text } }], templates: { folders: ["tmpl"] } });

  it("are deployed under their own names, and integration fields may call what they define", () => {
    const s = spec(slack('{{ template "team.text" . }}'), { "tmpl/team.tmpl": TEMPLATE, "tmpl/README.md": "not a template" });
    assert.deepStrictEqual(
      s.templateFiles.map((f) => [f.path, f.name]),
      [["tmpl/team.tmpl", "team.tmpl"]],
    );
  });

  it("a call to a template no file defines is refused before anything renders, naming the field", () => {
    const s = spec(slack('{{ template "team.txt" . }}'), { "tmpl/team.tmpl": TEMPLATE });
    assert.throws(
      () => assertTemplateCallsDefined(s),
      (err: ConfigError) =>
        err.issues.map(formatIssue).join() ===
        'alerting:receivers[0].slack.text: "{{ template \\"team.txt\\" . }}" calls template "team.txt", which no template file defines; define it in a file of alerting:templates.folders',
    );
    assert.doesNotThrow(() => assertTemplateCallsDefined(spec(slack('{{ template "slack.alerting.text" . }}'), { "tmpl/team.tmpl": TEMPLATE })));
  });

  it("refuses a missing folder, a folder without templates, and a name that would replace the program's file", () => {
    assert.deepStrictEqual(problems({ templates: { folders: ["none", "empty", "tmpl"] } }, { "empty/a.txt": "", "tmpl/notifications.tmpl": TEMPLATE }), [
      'alerting:templates.folders[0]: "none" is not a folder in the project; use a path relative to the project root',
      'alerting:templates.folders[1]: "empty" has no template files; put Go templates in *.tmpl files in it',
      'tmpl/notifications.tmpl: "notifications.tmpl" has the same name as the program\'s own template file; rename it',
    ]);
  });
});
