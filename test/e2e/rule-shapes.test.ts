/**
 * Rule files as they are, on the real Prometheus and a 3-replica Alertmanager cluster: one rule of
 * each shape fixture (test/e2e/fixtures/rule-shapes) fires with the labels and annotations it was
 * written with, and is delivered. Severity words the stack maps reach the severity's route with the
 * team's own word in the notification; an unmapped or missing severity reaches the receiver
 * alerting:unknownSeverityReceiver names.
 */
import * as assert from "assert";
import { listAlerts } from "../../harness/alertmanager-api";
import { binaries } from "../../harness/binaries";
import { waitForNotifications } from "../../harness/notifications";
import { Notification, Pipeline, startPipeline } from "../../harness/pipeline";
import { stackConfig } from "../../offline/program";

const SHAPES = "test/e2e/fixtures/rule-shapes";
/** A webhook receiver of its own, so the payload shows exactly which alerts the unknown-severity route took. */
const TRIAGE = "triage";
/** The first delivery waits for Prometheus to start, load the files, evaluate and send, and the cluster to group: measured near a minute. */
const DELIVERY_TIMEOUT_MS = 120_000;

/** One firing rule of each fixture: its alert name, the labels and annotations it was written with, and who gets it. */
const FIRING: { file: string; alertname: string; labels: Record<string, string>; annotations: Record<string, string>; receiver: string }[] = [
  {
    file: "severity-words.yml",
    alertname: "ShapesSeverityPage",
    labels: { severity: "page" },
    annotations: { summary: "Paged with the team's own word" },
    receiver: "oncall-critical",
  },
  {
    file: "severity-words.yml",
    alertname: "ShapesSeverityEmail",
    labels: { severity: "email" },
    annotations: { summary: "A channel name where a severity belongs" },
    receiver: TRIAGE,
  },
  { file: "no-severity.yml", alertname: "ShapesNoSeverity", labels: { owner: "shapes" }, annotations: { summary: "No severity label" }, receiver: TRIAGE },
  {
    file: "alert-names.yml",
    alertname: "Shapes free space (percent)",
    labels: { severity: "critical" },
    annotations: { summary: "An alert name with spaces and parentheses" },
    receiver: "oncall-critical",
  },
  {
    file: "group-names.yml",
    alertname: "ShapesGroupWithSpaces",
    labels: { severity: "critical" },
    annotations: { summary: "Fired with value 1 in a group named with spaces" },
    receiver: "oncall-critical",
  },
  {
    file: "anchors.yml",
    alertname: "ShapesAnchorMerged",
    labels: { severity: "critical", team: "shapes" },
    annotations: { summary: "Merged from the base, with its own summary", runbook: "https://runbooks.example.com/shapes" },
    receiver: "oncall-critical",
  },
  {
    file: "scalars.yml",
    alertname: "ShapesNumberExpr",
    labels: { severity: "critical", ratio: "0.10", enabled: "true" },
    annotations: { summary: "An expression written as a number" },
    receiver: "oncall-critical",
  },
  {
    file: "prometheusrule.yaml",
    alertname: "ShapesOperatorRule",
    labels: { severity: "crit" },
    annotations: { summary: "From a PrometheusRule manifest", description: "Value 1" },
    receiver: "oncall-critical",
  },
  {
    file: "prometheusrules-multi.yaml",
    alertname: "ShapesMultiSecond",
    labels: { severity: "emergency" },
    annotations: { summary: "Second document" },
    receiver: "oncall-critical",
  },
];

describe("end to end: rule files as they are, each shape firing and delivered (real Prometheus, 3-replica cluster)", function () {
  this.timeout(150_000);
  let pipeline: Pipeline;

  before(async function () {
    this.timeout(180_000);
    const prod = stackConfig("prod") as { receivers: unknown[] };
    pipeline = await startPipeline({
      stack: "prod",
      binaries: binaries(),
      replicas: 3,
      prometheus: true,
      config: {
        prometheus: { scrapeInterval: "1s", evaluationInterval: "1s" },
        rules: { presets: [], folders: [SHAPES] },
        severityWords: { critical: ["page", "crit", "emergency"], warning: ["warn"] },
        unknownSeverityReceiver: TRIAGE,
        receivers: [...prod.receivers, { name: TRIAGE, webhook: {} }],
      },
    });
  });

  after(async () => {
    await pipeline?.stop();
  });

  const delivered = (alertname: string, receiver: string) => (n: Notification) =>
    n.kind === "webhook" && n.receiver === receiver && (n.body.alerts ?? []).some((a: any) => a.labels.alertname === alertname);

  for (const f of FIRING) {
    it(`${f.file}: ${f.alertname} fires with its own labels and annotations and reaches ${f.receiver}`, async () => {
      const [notification] = await waitForNotifications(
        pipeline,
        `${f.alertname} at ${f.receiver}`,
        delivered(f.alertname, f.receiver),
        1,
        DELIVERY_TIMEOUT_MS,
      );
      const alert = notification.body.alerts.find((a: any) => a.labels.alertname === f.alertname);
      // Prometheus adds the stack's `cluster` external label (its name, as under `pulumi up`); nothing else.
      assert.deepStrictEqual(alert.labels, { alertname: f.alertname, ...f.labels, cluster: "prod" });
      assert.deepStrictEqual(alert.annotations, f.annotations);
      const inAlertmanager = (await listAlerts(pipeline.urls[0], pipeline.access)) as (Awaited<ReturnType<typeof listAlerts>>[number] & {
        annotations: Record<string, string>;
      })[];
      const received = inAlertmanager.find((a) => a.labels.alertname === f.alertname)!;
      assert.deepStrictEqual([received.labels, received.annotations], [alert.labels, alert.annotations], "Alertmanager holds the alert as Prometheus sent it");
    });
  }

  it("a mapped warning word reaches the warning route (slack-alerts), a mapped page is critical to PagerDuty, and nothing of unknown severity reaches on-call", async () => {
    const warn = (n: Notification) => n.receiver === "slack-alerts" && n.text.includes("ShapesSeverityWarn");
    await waitForNotifications(pipeline, "ShapesSeverityWarn at slack-alerts", warn, 1, 60_000);
    const oncall = pipeline.notifications().filter((n) => n.receiver === "oncall-critical");
    assert.ok(oncall.length > 0);
    assert.ok(!oncall.some((n) => n.text.includes("ShapesSeverityEmail") || n.text.includes("ShapesNoSeverity")));
    const paged = oncall.find((n) => n.kind === "pagerduty" && n.text.includes("ShapesSeverityPage"));
    assert.strictEqual(paged?.body.payload.severity, "critical", "PagerDuty gets the severity the word maps to");
    const triage = pipeline.notifications().filter((n) => n.receiver === TRIAGE);
    assert.deepStrictEqual([...new Set(triage.flatMap((n) => n.body.alerts.map((a: any) => a.labels.alertname)))].sort(), [
      "ShapesNoSeverity",
      "ShapesSeverityEmail",
    ]);
  });
});
