/**
 * The prod stack's configuration, loaded by a real 3-replica Alertmanager cluster and a real
 * Prometheus, delivering to local stand-ins for Slack, PagerDuty, e-mail, webhooks and Teams.
 * Only endpoints and group timings differ from what is deployed (harness/capture-config.ts);
 * web access control is on, as deployed, with a password the harness makes up.
 */
import * as assert from "assert";
import { clusterStatus, createSilence, expireSilence, TestAlert } from "../../harness/alertmanager-api";
import { deliveries, mentions, receivers, settle, waitForNotifications } from "../../harness/notifications";
import type { Pipeline } from "../../harness/pipeline";
import { startEvaluatingPipeline } from "../../harness/evaluating-pipeline";
import { freePort } from "../../harness/ports";
import { sleep } from "../../harness/processes";
import { ROUTING_TABLE } from "../../harness/scenarios";
import { runScenarios, ScenarioResult } from "../../harness/verify";

const RUN = Date.now().toString(36);
const tenant = (scenario: string) => `${scenario}-${RUN}`;
const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}): TestAlert => ({
  labels,
  annotations: { summary: `${labels.alertname} test`, runbook_url: `https://runbooks.example.com/alerting/${labels.alertname}`, ...annotations },
});
/** Prometheus 3 expands $VAR in external labels; the program keeps what the user wrote. */
const LITERAL_DOLLARS = "eu-$HOME-${PATH}";
/** Alertmanager (0.30+) reads PagerDuty details as YAML: a numeric tenant arrives as a number. */
const NUMERIC_TENANT = String(Date.now());
const CRITICAL_PAGE = ["oncall-critical:email", "oncall-critical:msteams", "oncall-critical:pagerduty", "oncall-critical:slack", "oncall-critical:webhook"];

describe("end to end (prod configuration, 3 Alertmanagers + Prometheus, real binaries)", function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  const downWorker = { port: 0 };

  before(async function () {
    this.timeout(180_000);
    downWorker.port = await freePort();
    pipeline = await startEvaluatingPipeline(
      { scrapeJobs: [{ name: "worker", targets: [`127.0.0.1:${downWorker.port}`] }], externalLabels: { cluster: LITERAL_DOLLARS } },
      { for: { WorkerDown: "0s" } },
    );
  });

  after(async () => {
    await pipeline?.stop();
  });

  it("the cluster is ready with 3 peers, joined with the deployed flag shape", async () => {
    for (const url of pipeline.urls) {
      const status = await clusterStatus(url, pipeline.access);
      assert.strictEqual(status.status, "ready");
      assert.strictEqual(status.peers.length, 3);
    }
    const args = pipeline.replicas[0].args;
    assert.strictEqual(args.filter((a) => a.startsWith("--cluster.peer=")).length, 3);
    for (const flag of ["--cluster.label=alerting", "--cluster.reconnect-timeout=5m", "--cluster.peer-timeout=3s"]) assert.ok(args.includes(flag), flag);
  });

  describe("one batch, fired at every replica as Prometheus does: the routing table and more", () => {
    let results: ScenarioResult[];
    const scenarioTenant = (name: string) => results.find((r) => r.scenario === name)!.tenant;

    before(async function () {
      this.timeout(90_000);
      const batch: TestAlert[] = [
        alert({ alertname: "WorkerDown", severity: "critical", tenant_id: tenant("critical") }),
        alert({ alertname: "HighLatency", severity: "high", tenant_id: tenant("tenant-a") }),
        alert({ alertname: "HighLatency", severity: "high", tenant_id: tenant("tenant-b") }),
        alert({ alertname: "WorkerDown", severity: "critical", tenant_id: NUMERIC_TENANT }),
        ...["same", "other"].flatMap((variant) => [
          alert({
            alertname: "CircuitBreakerOpen",
            severity: "high",
            cluster: "c1",
            namespace: "pay",
            service: "ledger",
            tenant_id: tenant(`breaker-${variant}`),
          }),
          alert({
            alertname: "LedgerHighLatency",
            severity: "high",
            cluster: "c1",
            namespace: "pay",
            service: variant === "same" ? "ledger" : "gateway",
            tenant_id: tenant(`breaker-${variant}`),
          }),
        ]),
      ];
      assert.strictEqual(await pipeline.fire(batch), 3, "every replica accepted the batch");
      results = await runScenarios(pipeline, ROUTING_TABLE, RUN);
    });

    for (const scenario of ROUTING_TABLE) {
      it(`routing table: ${scenario.name}`, () => {
        const r = results.find((x) => x.scenario === scenario.name)!;
        assert.deepStrictEqual(r.received, r.expected);
      });
    }

    it("the table's critical page is every integration of on-call: Slack + PagerDuty + e-mail + webhook + Teams", () => {
      assert.deepStrictEqual(results.find((r) => r.scenario === "critical pages on-call")!.received, CRITICAL_PAGE);
    });

    it("high -> the urgent Slack channel, with every field rendered", () => {
      const [slack] = pipeline.notifications().filter(mentions(scenarioTenant("high goes to the urgent channel")));
      assert.strictEqual(slack.body.channel, "#alerts-urgent");
      // Rendered after the title and text: empty when any template before it fails (0.32+ sends anyway).
      assert.strictEqual(slack.body.attachments[0].color, "danger");
    });

    it("warning -> PagerDuty NOT called", () => {
      const warning = scenarioTenant("warning goes to Slack only");
      assert.ok(!pipeline.notifications().some((n) => n.kind === "pagerduty" && n.text.includes(warning)));
    });

    it("two tenants never share a notification", () => {
      const a = pipeline.notifications().filter(mentions(tenant("tenant-a")));
      const b = pipeline.notifications().filter(mentions(tenant("tenant-b")));
      assert.ok(a.length >= 1 && b.length >= 1);
      for (const n of a) assert.ok(!n.text.includes(tenant("tenant-b")));
      for (const n of b) assert.ok(!n.text.includes(tenant("tenant-a")));
    });

    it("inhibition: critical suppresses the warning of the same alert and tenant", () => {
      const inhibit = scenarioTenant("critical inhibits the warning of the same alert");
      const got = pipeline.notifications().filter(mentions(inhibit));
      assert.deepStrictEqual(receivers(pipeline, mentions(inhibit)), CRITICAL_PAGE);
      for (const webhook of got.filter((n) => n.kind === "webhook")) {
        assert.deepStrictEqual(
          webhook.body.alerts.map((a: any) => a.labels.severity),
          ["critical"],
        );
      }
    });

    it("inhibition: CircuitBreakerOpen suppresses HighLatency with equal cluster/namespace/service only", () => {
      const titles = (variant: string) =>
        [
          ...new Set(
            pipeline
              .notifications()
              .filter(mentions(tenant(`breaker-${variant}`)))
              .map((n) => n.body.attachments[0].title as string),
          ),
        ].sort();
      assert.deepStrictEqual(titles("same"), [`[FIRING:1] CircuitBreakerOpen (high) tenant=${tenant("breaker-same")}`]);
      assert.deepStrictEqual(titles("other"), [
        `[FIRING:1] CircuitBreakerOpen (high) tenant=${tenant("breaker-other")}`,
        `[FIRING:1] LedgerHighLatency (high) tenant=${tenant("breaker-other")}`,
      ]);
    });

    it("templates: Slack and e-mail bodies carry alertname, severity, tenant and the runbook link", () => {
      const critical = tenant("critical");
      const page = pipeline.notifications().filter(mentions(critical));
      const slack = page.find((n) => n.kind === "slack")!;
      const email = page.find((n) => n.kind === "email")!;
      const runbook = "https://runbooks.example.com/alerting/WorkerDown";
      for (const text of [`${slack.body.attachments[0].title}\n${slack.body.attachments[0].text}`, email.text]) {
        for (const needle of ["WorkerDown", "critical", critical, runbook]) assert.ok(text.includes(needle), `${needle} missing in:\n${text}`);
      }
      assert.strictEqual(email.body.subject, `[FIRING:1] WorkerDown (critical) tenant=${critical}`);
      const pd = page.find((n) => n.kind === "pagerduty")!.body;
      assert.strictEqual(pd.payload.severity, "critical");
      assert.strictEqual(pd.payload.class, "WorkerDown");
      assert.strictEqual(pd.payload.custom_details.tenant_id, critical);
      assert.strictEqual(pd.payload.custom_details.num_firing, 1);
      assert.deepStrictEqual(
        pd.payload.custom_details.firing.map((a: any) => a.labels.alertname),
        ["WorkerDown"],
      );
      assert.deepStrictEqual(pd.payload.custom_details.resolved, []);
      const numeric = pipeline.notifications().find((n) => n.kind === "pagerduty" && n.text.includes(NUMERIC_TENANT))!;
      assert.strictEqual(numeric.body.payload.custom_details.tenant_id, Number(NUMERIC_TENANT));
      assert.deepStrictEqual(
        pd.links.map((l: any) => l.text),
        ["Runbook", "Source"],
      );
      assert.strictEqual(pd.links[0].href, runbook);
    });
  });

  describe("scenarios with their own timeline", () => {
    it("HA: one alert posted to all 3 replicas -> exactly 1 notification per receiver", async () => {
      assert.strictEqual(await pipeline.fire([alert({ alertname: "ChannelDispute", severity: "critical", tenant_id: tenant("ha-once") })]), 3);
      await waitForNotifications(pipeline, "the page", mentions(tenant("ha-once")), CRITICAL_PAGE.length);
      await settle(pipeline);
      assert.deepStrictEqual(deliveries(pipeline, mentions(tenant("ha-once"))), CRITICAL_PAGE);
    });

    it("grouping: 5 alerts of one group within group_wait -> exactly 1 notification carrying all 5", async () => {
      const grouped = tenant("grouped");
      await pipeline.fire([1, 2, 3, 4, 5].map((i) => alert({ alertname: "QueueDepthHigh", severity: "high", queue: `q${i}`, tenant_id: grouped })));
      await waitForNotifications(pipeline, "the grouped notification", mentions(grouped));
      await settle(pipeline);
      const got = pipeline.notifications().filter(mentions(grouped));
      assert.strictEqual(got.length, 1, got.map((n) => n.text).join("\n"));
      assert.match(got[0].body.attachments[0].title, /^\[FIRING:5\] QueueDepthHigh/);
      for (const q of ["q1", "q2", "q3", "q4", "q5"]) assert.ok(got[0].text.includes(`queue=${q}`), q);
    });

    it("resolution: a resolved Slack message and a PagerDuty resolve with the same dedup_key", async () => {
      const a = alert({ alertname: "SettlementFailures", severity: "critical", tenant_id: tenant("resolve") });
      await pipeline.fire([a]);
      const [trigger] = await waitForNotifications(pipeline, "trigger", (n) => n.kind === "pagerduty" && n.text.includes(tenant("resolve")));
      assert.strictEqual(trigger.body.event_action, "trigger");
      await pipeline.resolve([a]);
      const [resolve] = await waitForNotifications(
        pipeline,
        "resolve",
        (n) => n.kind === "pagerduty" && n.body.event_action === "resolve" && n.text.includes(tenant("resolve")),
      );
      assert.strictEqual(resolve.body.dedup_key, trigger.body.dedup_key);
      await waitForNotifications(
        pipeline,
        "resolved Slack message",
        (n) => n.kind === "slack" && n.text.includes(tenant("resolve")) && n.body.attachments[0].title.startsWith("[RESOLVED]"),
      );
    });

    it("silence: a silence created through the API mutes a matching alert; expiry un-mutes it", async () => {
      const id = await createSilence(pipeline.urls[0], [{ name: "tenant_id", value: tenant("silenced") }], 10, pipeline.access);
      await sleep(1000);
      await pipeline.fire([alert({ alertname: "HighP99Latency", severity: "high", tenant_id: tenant("silenced") })]);
      await settle(pipeline);
      assert.deepStrictEqual(deliveries(pipeline, mentions(tenant("silenced"))), [], "muted while silenced");
      await expireSilence(pipeline.urls[1], id, pipeline.access);
      const got = await waitForNotifications(pipeline, "notification after expiry", mentions(tenant("silenced")));
      assert.strictEqual(got[0].receiver, "slack-urgent");
    });

    it("full pipeline: WorkerDown fires from real rule evaluation on a down scrape target and arrives with its labels and annotations", async () => {
      const [webhook] = await waitForNotifications(
        pipeline,
        "WorkerDown from Prometheus",
        (n) => n.kind === "webhook" && n.body.alerts.some((a: any) => a.labels.alertname === "WorkerDown" && a.labels.job === "worker"),
        1,
        60_000,
      );
      const fired = webhook.body.alerts.find((a: any) => a.labels.job === "worker");
      assert.deepStrictEqual(fired.labels, {
        alertname: "WorkerDown",
        severity: "critical",
        job: "worker",
        instance: `127.0.0.1:${downWorker.port}`,
        cluster: LITERAL_DOLLARS,
      });
      assert.strictEqual(fired.annotations.summary, "Worker is down");
      assert.strictEqual(fired.annotations.runbook_url, "https://runbooks.example.com/alerting/WorkerDown");
      assert.match(fired.generatorURL, /^http:\/\/[^/]+\/graph\?g0\.expr=/);
    });

    it("rotation: a rewritten Slack credential file is used by the next notification, with no restart or reload", async () => {
      const pids = pipeline.replicas.map((r) => r.process!.child.pid);
      const key = [...pipeline.notifications()].find((n) => n.receiver === "slack-urgent" && n.kind === "slack")!.key;
      pipeline.writeCredential(key, pipeline.captureUrl("slack", "rotatedSlack"));
      try {
        await pipeline.fire([alert({ alertname: "PacketSLABreach", severity: "high", tenant_id: tenant("rotated") })]);
        const [n] = await waitForNotifications(pipeline, "notification on the rotated URL", mentions(tenant("rotated")));
        assert.strictEqual(n.key, "rotatedSlack");
        assert.deepStrictEqual(
          pipeline.replicas.map((r) => r.process!.child.pid),
          pids,
        );
      } finally {
        pipeline.writeCredential(key, pipeline.captureUrl("slack", key));
      }
    });
  });
});
