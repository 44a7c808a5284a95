import * as assert from "assert";
import { DEFAULT_ROUTES } from "../../config/defaults";
import { buildSpec } from "../../config/spec";
import { stackConfig } from "../../offline/program";
import { InvalidCase, itRejects } from "../support/invalid-config";

const routesWith = (i: number, patch: Record<string, unknown>) => DEFAULT_ROUTES.map((r, j) => (j === i ? { ...r, ...patch } : r));
const prodReceivers = () => stackConfig("prod").receivers as Record<string, unknown>[];

const invalid: InvalidCase[] = [
  { title: "replicas below 1", config: { alertmanager: { replicas: 0 } }, expect: ["alerting:alertmanager.replicas: 0", "1 to 9"] },
  { title: "replicas not a number", config: { alertmanager: { replicas: "three" } }, expect: ['alerting:alertmanager.replicas: "three"'] },
  {
    title: "duration with a space",
    config: { routes: routesWith(2, { groupWait: "5 min" }) },
    expect: ['alerting:routes[2].groupWait: "5 min" is not a duration; use e.g. 30s, 5m, 4h'],
  },
  { title: "zero group interval", config: { routes: routesWith(1, { groupInterval: "0s" }) }, expect: ['alerting:routes[1].groupInterval: "0s" is zero'] },
  { title: "retention not a duration", config: { alertmanager: { retention: "forever" } }, expect: ['alerting:alertmanager.retention: "forever"'] },
  { title: "resolve timeout as a number", config: { resolveTimeout: 300 }, expect: ["alerting:resolveTimeout: 300 is not a string"] },
  {
    title: "route to a missing receiver",
    config: { routes: routesWith(7, { receiver: "pager" }) },
    expect: ['alerting:routes[7].receiver: "pager" is not a defined receiver'],
  },
  {
    title: "root route to a missing receiver",
    config: { route: { receiver: "nobody" } },
    expect: ['alerting:route.receiver: "nobody" is not a defined receiver'],
  },
  {
    title: "malformed label name in group_by",
    config: { route: { receiver: "slack-alerts", groupBy: ["tenant-id"] } },
    expect: ['alerting:route.groupBy[0]: "tenant-id"'],
  },
  {
    title: "malformed label name in inhibit equal",
    config: { inhibitRules: [{ sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'], equal: ["9node"] }] },
    expect: ['alerting:inhibitRules[0].equal[0]: "9node" is not a valid label name'],
  },
  {
    title: "malformed matcher",
    config: { routes: routesWith(3, { matchers: ["severity==critical"] }) },
    expect: ['alerting:routes[3].matchers[0]: "severity==critical" is not a matcher'],
  },
  {
    title: "invalid regex matcher",
    config: { routes: routesWith(3, { matchers: ['alertname=~"KEDA("'] }) },
    expect: ["alerting:routes[3].matchers[0]", "invalid regular expression"],
  },
  {
    title: "group_by mixing ... with labels",
    config: { routes: routesWith(1, { groupBy: ["...", "tenant_id"] }) },
    expect: ['alerting:routes[1].groupBy: ["...","tenant_id"] mixes "..."'],
  },
  {
    title: "malformed external URL",
    config: { alertmanager: { externalUrl: "alertmanager.example.com" } },
    expect: ['alerting:alertmanager.externalUrl: "alertmanager.example.com" is not an http(s) URL'],
  },
  {
    title: "URL carrying credentials",
    config: { alertmanager: { externalUrl: "https://admin:hunter2@am.example.com" } },
    expect: ["alerting:alertmanager.externalUrl", "without credentials"],
  },
  {
    title: "PagerDuty URL with another scheme",
    config: { receivers: [{ name: "slack-alerts", pagerduty: { url: "ftp://events.example.com" } }], routes: [] },
    expect: ['alerting:receivers[0].pagerduty.url: "ftp://events.example.com"'],
  },
  {
    title: "credential set as plain config",
    plain: { slackWebhookUrl: "https://hooks.example.com/services/T0/B0/x" },
    expect: ["alerting:slackWebhookUrl: is a credential set in plain text", "pulumi config set --secret slackWebhookUrl"],
  },
  {
    title: "missing credential on Kubernetes",
    fakeSecrets: false,
    expect: ["alerting:pagerdutyRoutingKey: is required by oncall-critical", "pulumi config set --secret pagerdutyRoutingKey"],
  },
  {
    title: "negative CPU quantity",
    config: { alertmanager: { resources: { requests: { cpu: "-100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } } } },
    expect: ['alerting:alertmanager.resources.requests.cpu: "-100m" is not a positive CPU quantity'],
  },
  {
    title: "unparsable memory quantity",
    config: { prometheus: { resources: { requests: { cpu: "1", memory: "lots" }, limits: { cpu: "2", memory: "4Gi" } } } },
    expect: ['alerting:prometheus.resources.requests.memory: "lots" is not a positive memory quantity'],
  },
  {
    title: "request above the default limit",
    config: { alertmanager: { resources: { requests: { memory: "1Gi" } } } },
    expect: ['alerting:alertmanager.resources.requests.memory: "1Gi" exceeds the limit 512Mi (the default)'],
  },
  {
    title: "request above its limit",
    config: { alertmanager: { resources: { requests: { cpu: "1", memory: "512Mi" }, limits: { cpu: "500m", memory: "256Mi" } } } },
    expect: [
      'alerting:alertmanager.resources.requests.cpu: "1" exceeds the limit 500m',
      'alerting:alertmanager.resources.requests.memory: "512Mi" exceeds the limit 256Mi',
    ],
  },
  {
    title: "unknown top-level key",
    config: { alertmanagr: { replicas: 3 } },
    expect: ["alerting:alertmanagr: is not a known key; accepted keys: target, images"],
  },
  { title: "unknown nested key", config: { alertmanager: { replcas: 3 } }, expect: ['alerting:alertmanager: unknown key "replcas"; accepted keys: replicas'] },
  {
    title: "unknown key in a receiver",
    config: { receivers: [{ name: "slack-alerts", slak: { channel: "#a" } }], routes: [] },
    expect: ['alerting:receivers[0]: unknown key "slak"'],
  },
  {
    title: "duplicate receiver names",
    config: { receivers: [...prodReceivers(), { name: "slack-alerts", slack: { channel: "#dup" } }] },
    expect: ['alerting:receivers[8].name: "slack-alerts" is defined twice'],
  },
  { title: "unknown target", config: { target: "k8s" }, expect: ['alerting:target: "k8s" is not accepted; use one of local, kubernetes'] },
  { title: "missing target", unset: ["target"], expect: ["alerting:target: is required; use one of local, kubernetes"] },
  {
    title: "image without a tag",
    config: { images: { alertmanager: "prom/alertmanager" } },
    expect: ['alerting:images.alertmanager: "prom/alertmanager" is not a pinned image'],
  },
  {
    title: "image on latest",
    config: { images: { prometheus: "prom/prometheus:latest" } },
    expect: ['alerting:images.prometheus: "prom/prometheus:latest" uses the "latest" tag'],
  },
  {
    title: "route naming a missing time interval",
    config: { routes: routesWith(8, { muteTimeIntervals: ["lunch"] }) },
    expect: ['alerting:routes[8].muteTimeIntervals[0]: "lunch" is not a defined time interval'],
  },
  {
    title: "time of day out of range",
    config: {
      timeIntervals: [
        { name: "business-hours", intervals: [{ times: [{ start: "09:00", end: "25:00" }] }] },
        { name: "maintenance-window", intervals: [{ weekdays: ["sunday"] }] },
      ],
    },
    expect: ['alerting:timeIntervals[0].intervals[0].times[0].end: "25:00" is not a time of day'],
  },
  {
    title: "interval ending before it starts",
    config: {
      timeIntervals: [
        { name: "business-hours", intervals: [{ times: [{ start: "17:00", end: "09:00" }] }] },
        { name: "maintenance-window", intervals: [{ weekdays: ["sunday"] }] },
      ],
    },
    expect: ["alerting:timeIntervals[0].intervals[0].times[0]", "ends before it starts"],
  },
  {
    title: "unknown time zone",
    config: {
      timeIntervals: [
        { name: "business-hours", intervals: [{ location: "Mars/Olympus_Mons" }] },
        { name: "maintenance-window", intervals: [{ weekdays: ["sunday"] }] },
      ],
    },
    expect: ['alerting:timeIntervals[0].intervals[0].location: "Mars/Olympus_Mons" is not an IANA time zone'],
  },
  {
    title: "unknown weekday",
    config: {
      timeIntervals: [
        { name: "business-hours", intervals: [{ weekdays: ["funday"] }] },
        { name: "maintenance-window", intervals: [{ weekdays: ["sunday"] }] },
      ],
    },
    expect: ['alerting:timeIntervals[0].intervals[0].weekdays[0]: "funday" is not a weekday'],
  },
  {
    title: "duplicate time interval names",
    config: {
      timeIntervals: [
        { name: "business-hours", intervals: [{ weekdays: ["monday"] }] },
        { name: "business-hours", intervals: [{ weekdays: ["sunday"] }] },
      ],
    },
    expect: ['alerting:timeIntervals[1].name: "business-hours" is defined twice'],
  },
  { title: "email receiver without SMTP settings", unset: ["smtp"], expect: ["alerting:receivers[3].email: needs alerting:smtp"] },
  {
    title: "malformed e-mail address",
    config: { smtp: { smarthost: "smtp.example.com:587", from: "alertmanager-at-example.com" } },
    expect: ['alerting:smtp.from: "alertmanager-at-example.com" is not an e-mail address'],
  },
  {
    title: "SMTP smarthost without a port",
    config: { smtp: { smarthost: "smtp.example.com", from: "am@example.com" } },
    expect: ['alerting:smtp.smarthost: "smtp.example.com" is not host:port'],
  },
  {
    title: "namespace that is not a DNS label",
    config: { kubernetes: { namespace: "Monitoring_NS" } },
    expect: ['alerting:kubernetes.namespace: "Monitoring_NS" is not a DNS label'],
  },
  {
    title: "Slack channel with a space",
    config: { receivers: [{ name: "slack-alerts", slack: { channel: "alerts channel" } }], routes: [] },
    expect: ['alerting:receivers[0].slack.channel: "alerts channel" is not a Slack channel'],
  },
  {
    title: "credential key that is not a config key",
    config: { receivers: [{ name: "slack-alerts", slack: { channel: "#a", credential: "slack-url" } }], routes: [] },
    expect: ['alerting:receivers[0].slack.credential: "slack-url" is not a credential config key'],
  },
  {
    title: "unknown rule preset",
    config: { rules: { presets: ["database"] } },
    expect: ['alerting:rules.presets[0]: "database" is not accepted; use one of application, connector, meta'],
  },
  {
    title: "anti-affinity mode",
    config: { kubernetes: { antiAffinity: "sometimes" } },
    expect: ['alerting:kubernetes.antiAffinity: "sometimes" is not accepted; use one of required, preferred'],
  },
  {
    title: "one credential key for two integration kinds",
    config: { receivers: [{ name: "slack-alerts", slack: { channel: "#a", credential: "sharedUrl" }, webhook: { credential: "sharedUrl" } }], routes: [] },
    expect: ['alerting:receivers[0].webhook.credential: "sharedUrl" is already used by a slack integration'],
  },
];

describe("config: invalid configurations are rejected before any resource is registered", () => {
  it(`has at least 30 cases (${invalid.length})`, () => assert.ok(invalid.length >= 30));

  itRejects(invalid);
});

describe("config: valid configurations", () => {
  it("the dev stack needs no credential and points missing ones at the capture endpoint", () => {
    const spec = buildSpec({ values: stackConfig("dev"), secretKeys: new Set() });
    assert.strictEqual(spec.target, "local");
    assert.strictEqual(spec.capture, true);
    assert.deepStrictEqual(
      spec.credentials.map((c) => [c.key, c.source]),
      [
        ["slackWebhookUrl", "capture"],
        ["pagerdutyRoutingKey", "capture"],
      ],
    );
  });

  it("fills the documented defaults (docs/requirements.md)", () => {
    const spec = buildSpec({
      values: { target: "kubernetes", slackWebhookUrl: "s", pagerdutyRoutingKey: "p" },
      secretKeys: new Set(["slackWebhookUrl", "pagerdutyRoutingKey"]),
    });
    assert.strictEqual(spec.alertmanager.replicas, 3);
    assert.deepStrictEqual(spec.route.groupBy, ["tenant_id", "alertname"]);
    assert.strictEqual(spec.resolveTimeout, "5m");
    assert.strictEqual(spec.inhibitRules.length, 6);
    assert.deepStrictEqual(
      spec.timeIntervals.map((t) => t.name),
      ["business-hours", "maintenance-window"],
    );
    assert.strictEqual(spec.alertmanager.storage.size, "10Gi");
    assert.strictEqual(spec.alertmanager.retention, "120h");
    assert.deepStrictEqual(spec.rules.presets, ["application", "connector", "meta"]);
  });

  describe("a partial resources override is merged over the defaults field by field", () => {
    const spec = (resources: Record<string, unknown>) =>
      buildSpec({ values: { target: "local", alertmanager: { resources } }, secretKeys: new Set() }).alertmanager.resources;

    it("only limits.memory: the other three fields keep their defaults", () => {
      assert.deepStrictEqual(spec({ limits: { memory: "200Mi" } }), { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "200Mi" } });
    });

    it("only requests.cpu", () => {
      assert.deepStrictEqual(spec({ requests: { cpu: "80m" } }), { requests: { cpu: "80m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } });
    });

    it("a limit lowered below the default request lowers that request to the limit", () => {
      assert.deepStrictEqual(spec({ limits: { cpu: "20m", memory: "32Mi" } }), {
        requests: { cpu: "20m", memory: "32Mi" },
        limits: { cpu: "20m", memory: "32Mi" },
      });
    });

    it("Prometheus too, on Kubernetes", () => {
      const prom = buildSpec({
        values: { target: "kubernetes", prometheus: { resources: { limits: { memory: "8Gi" } } }, slackWebhookUrl: "s", pagerdutyRoutingKey: "p" },
        secretKeys: new Set(["slackWebhookUrl", "pagerdutyRoutingKey"]),
      }).prometheus.resources;
      assert.deepStrictEqual(prom, { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "8Gi" } });
    });
  });

  it("reports every problem at once, not just the first", () => {
    assert.throws(
      () => buildSpec({ values: { target: "local", alertmanager: { replicas: 0, retention: "1 day" } }, secretKeys: new Set() }),
      (err: Error) => err.message.includes("2 problems") && err.message.includes("replicas") && err.message.includes("retention"),
    );
  });
});
