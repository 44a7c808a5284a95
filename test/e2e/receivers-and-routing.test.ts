/**
 * Every receiver kind, team-owned routing, a route three levels deep, a custom template and the
 * dead man's switch, through one real 3-replica Alertmanager cluster (the prod stack's settings)
 * delivering to the capture stand-in, which answers each kind the way its service does.
 *
 * One scenario table: each row fires one alert and names the only `receiver:kind` that may be
 * notified, exactly once, with the alert name and the tenant in the payload. Alertmanager counts a
 * delivery as failed, and retries it, on an answer its notifier does not accept, so no failed
 * notification also says the stand-in's answers are right.
 */
import * as assert from "assert";
import { request } from "../../harness/alertmanager-api";
import { binaries } from "../../harness/binaries";
import { deliveries, mentions, settle, waitForNotifications } from "../../harness/notifications";
import { Pipeline, startPipeline } from "../../harness/pipeline";
import { KINDS, receiverPerKind } from "../support/receiver-kinds";

const RUN = Date.now().toString(36);
const HEARTBEAT_INTERVAL_MS = 4000;
const HEARTBEATS = 3;

interface Scenario {
  title: string;
  labels: Record<string, string>;
  /** `receiver:kind`: exactly this one notification and no other. */
  expect: string;
}

const SCENARIOS: Scenario[] = [
  ...KINDS.map((kind) => ({ title: `${kind} delivers`, labels: { kind, severity: "critical" }, expect: `kind-${kind}:${kind}` })),
  { title: "team A's alert: team A's catch-all", labels: { team: "checkout" }, expect: "checkout/checkout-catchall:webhook" },
  { title: "team B's alert: team B's catch-all, never team A's", labels: { team: "search" }, expect: "search/search-catchall:webhook" },
  { title: "team B's critical alert: never team A's pager", labels: { team: "search", severity: "critical" }, expect: "search/search-catchall:webhook" },
  {
    title: "team A's route three levels deep",
    labels: { team: "checkout", severity: "critical", service: "payments", component: "db" },
    expect: "checkout/checkout-payments-db:webhook",
  },
  { title: "the stack's route three levels deep", labels: { level1: "yes", level2: "yes", level3: "yes" }, expect: "deep:webhook" },
  { title: "a custom template", labels: { scenario: "custom-template" }, expect: "custom:slack" },
];

const CONFIG = {
  receivers: [
    { name: "nowhere" },
    ...receiverPerKind(),
    { name: "deep", webhook: {} },
    { name: "custom", slack: { channel: "#custom", text: '{{ template "custom.slack.text" . }}' } },
  ],
  route: { receiver: "nowhere", groupBy: ["alertname", "tenant_id"] },
  routes: [
    ...KINDS.map((kind) => ({ matchers: [`kind="${kind}"`], receiver: `kind-${kind}` })),
    { matchers: ['scenario="custom-template"'], receiver: "custom" },
    { matchers: ['level1="yes"'], receiver: "nowhere", routes: [{ matchers: ['level2="yes"'], routes: [{ matchers: ['level3="yes"'], receiver: "deep" }] }] },
  ],
  inhibitRules: [],
  timeIntervals: [],
  teams: { folder: "test/e2e/fixtures/teams" },
  templates: { folders: ["test/e2e/fixtures/templates"] },
  heartbeat: { interval: `${HEARTBEAT_INTERVAL_MS / 1000}s` },
};

const tenant = (i: number) => `t${i}-${RUN}`;

/** The sum of a counter over its series on every replica. */
async function counter(pipeline: Pipeline, name: string): Promise<number> {
  const pages = await Promise.all(pipeline.urls.map((url) => request(`${url}/metrics`, pipeline.access)));
  const line = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`);
  return pages
    .flatMap((page) => page.body.split("\n"))
    .map((l) => line.exec(l))
    .reduce((sum, m) => sum + (m ? Number(m[2]) : 0), 0);
}

describe("end to end: every receiver kind, teams, routes of any depth, templates and the heartbeat (3 Alertmanagers, real binaries)", function () {
  this.timeout(90_000);
  let pipeline: Pipeline;

  before(async function () {
    this.timeout(120_000);
    pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 3, prometheus: false, config: CONFIG });
    const alerts = SCENARIOS.map((s, i) => ({
      labels: { alertname: `Scenario${i}`, severity: "warning", tenant_id: tenant(i), ...s.labels },
      annotations: { summary: s.title },
    }));
    assert.strictEqual(await pipeline.fire(alerts), 3, "every replica accepted the alerts");
    await waitForNotifications(pipeline, "a notification per scenario", (n) => n.text.includes(RUN), SCENARIOS.length);
    await settle(pipeline);
  });

  after(async () => {
    await pipeline?.stop();
  });

  it("the scenario table: each row exactly one notification, to its receiver and kind, carrying the alert name and the tenant", () => {
    const table = SCENARIOS.map((s, i) => {
      const got = pipeline.notifications().filter(mentions(tenant(i)));
      return { scenario: s.title, notified: deliveries(pipeline, mentions(tenant(i))), carries: got.map((n) => n.text.includes(`Scenario${i}`)) };
    });
    assert.deepStrictEqual(
      table,
      SCENARIOS.map((s) => ({ scenario: s.title, notified: [s.expect], carries: [true] })),
    );
  });

  it("no notification failed on any replica", async () => {
    assert.ok((await counter(pipeline, "alertmanager_notifications_total")) >= SCENARIOS.length);
    assert.strictEqual(await counter(pipeline, "alertmanager_notifications_failed_total"), 0);
    assert.strictEqual(await counter(pipeline, "alertmanager_notification_requests_failed_total"), 0);
  });

  it("the custom template's text is what Slack receives", () => {
    const i = SCENARIOS.findIndex((s) => s.expect === "custom:slack");
    const [slack] = pipeline.notifications().filter((n) => n.kind === "slack" && n.text.includes(tenant(i)));
    assert.strictEqual(slack.body.attachments[0].text, `custom-template-marker: Scenario${i} for tenant ${tenant(i)}`);
  });

  it("the look-ups before a delivery are answered and not counted as notifications: Jira's search, WeChat's token", () => {
    const lookups = pipeline.http.records.filter((r) => !r.delivery).map((r) => `${r.kind} ${r.method} ${r.path}`);
    assert.deepStrictEqual([...new Set(lookups)].sort(), ["jira POST /search", "wechat GET /gettoken"]);
  });

  it("sub-paths: Telegram's token and method, Rocket.Chat's and Opsgenie's API paths, VictorOps' key and routing key", () => {
    const path = (kind: string) => pipeline.http.records.find((r) => r.kind === kind && r.delivery)!.path;
    assert.match(path("telegram"), /^\/botr\d+telegram\/sendMessage$/);
    assert.strictEqual(path("rocketchat"), "/api/v1/chat.postMessage");
    assert.strictEqual(path("opsgenie"), "/v2/alerts");
    assert.match(path("victorops"), /^\/r\d+victorops\/ops$/);
  });

  it("SNS signs with the keys of the shared-credentials file Alertmanager finds through AWS_SHARED_CREDENTIALS_FILE", () => {
    const sns = pipeline.http.records.find((r) => r.kind === "sns")!;
    assert.match(String(sns.headers.authorization), /^AWS4-HMAC-SHA256 Credential=r\d+sns\/\d{8}\/eu-west-1\/sns\/aws4_request/);
    assert.strictEqual(sns.body.Action, "Publish");
    assert.strictEqual(sns.body.TopicArn, "arn:aws:sns:eu-west-1:123456789012:alerts");
  });

  it("Pushover, whose URL is fixed, reaches the stand-in through the HTTPS proxy tunnel with its own host and path", () => {
    const pushover = pipeline.http.records.find((r) => r.kind === "pushover")!;
    assert.strictEqual(pushover.headers.host, "api.pushover.net");
    assert.strictEqual(pushover.path, "/1/messages.json");
    assert.strictEqual(pushover.query.priority, "2");
    assert.match(pushover.query.token, /^r\d+pushoverTokenCredential$/);
  });

  it("the heartbeat: Watchdog reaches the dead man's switch again at every interval", async function () {
    this.timeout(HEARTBEATS * HEARTBEAT_INTERVAL_MS * 3 + 30_000);
    await pipeline.fire([{ labels: { alertname: "Watchdog", severity: "none" }, annotations: {} }]);
    const beats = await waitForNotifications(
      pipeline,
      `${HEARTBEATS} heartbeats`,
      (n) => n.receiver === "heartbeat",
      HEARTBEATS,
      HEARTBEATS * HEARTBEAT_INTERVAL_MS * 3,
    );
    assert.ok(
      beats.every((b) => b.kind === "webhook" && b.body.alerts[0].labels.alertname === "Watchdog"),
      "every heartbeat is the Watchdog alert, as a webhook",
    );
    // Repeats, not a burst: the beats are spread over at least (count - 1) intervals, with slack for flush alignment.
    const spread = beats[beats.length - 1].at - beats[0].at;
    assert.ok(spread >= (HEARTBEATS - 1) * HEARTBEAT_INTERVAL_MS * 0.5, `${HEARTBEATS} beats in ${spread} ms`);
  });
});
