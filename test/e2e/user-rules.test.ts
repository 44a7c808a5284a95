/**
 * A team's own rules, one group inline in the stack config and one from a rule folder, evaluated
 * by the real Prometheus against an exporter the test starts on loopback and flips: each alert
 * fires, routes through the real 3-replica cluster, and resolves; its Source link is the
 * configured external URL.
 */
import * as assert from "assert";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { waitForNotifications } from "../../harness/notifications";
import type { Notification, Pipeline } from "../../harness/pipeline";
import { startEvaluatingPipeline } from "../../harness/evaluating-pipeline";

const EXTERNAL_URL = "https://prometheus.e2e.example/prom";
const SERVICES = ["inline", "folder"] as const;

describe("end to end: user rule groups (inline and from a folder) on real Prometheus and a 3-replica cluster", function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let exporter: Server;
  const up: Record<(typeof SERVICES)[number], number> = { inline: 1, folder: 1 };

  before(async function () {
    this.timeout(180_000);
    exporter = createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(SERVICES.map((s) => `e2e_service_up{service="${s}"} ${up[s]}\n`).join(""));
    });
    await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
    pipeline = await startEvaluatingPipeline(
      { externalUrl: EXTERNAL_URL, scrapeJobs: [{ name: "e2e-exporter", targets: [`127.0.0.1:${(exporter.address() as AddressInfo).port}`] }] },
      {
        presets: [],
        groups: [
          {
            name: "e2e-inline",
            rules: [
              {
                alert: "InlineServiceDown",
                expr: 'e2e_service_up{service="inline"} == 0',
                labels: { severity: "critical" },
                annotations: { summary: "{{ $labels.service }} service is down" },
              },
            ],
          },
        ],
        folders: ["test/e2e/fixtures/rules"],
      },
    );
  });

  after(async () => {
    await pipeline?.stop();
    await new Promise<void>((resolve) => (exporter ? exporter.close(() => resolve()) : resolve()));
  });

  /** The webhook payloads for one alert name and status. */
  const webhookAlerts = (alertname: string, status: string) => (n: Notification) =>
    n.kind === "webhook" && (n.body.alerts ?? []).some((a: any) => a.labels.alertname === alertname && a.status === status);

  for (const [service, alertname] of [
    ["inline", "InlineServiceDown"],
    ["folder", "FolderServiceDown"],
  ] as const) {
    it(`${alertname} (${service} group) fires to on-call with the external Source link, then resolves`, async () => {
      up[service] = 0;
      const [fired] = await waitForNotifications(pipeline, `${alertname} firing`, webhookAlerts(alertname, "firing"), 1, 60_000);
      assert.strictEqual(fired.receiver, "oncall-critical");
      const alert = fired.body.alerts.find((a: any) => a.labels.alertname === alertname);
      assert.ok(alert.generatorURL.startsWith(`${EXTERNAL_URL}/graph?`), alert.generatorURL);
      assert.strictEqual(alert.annotations.summary, `${service} service is down`);
      const kinds = ["email", "msteams", "pagerduty", "slack", "webhook"];
      const page = (n: Notification) => n.receiver === "oncall-critical" && n.text.includes(alertname);
      await waitForNotifications(pipeline, `${alertname} on every on-call integration`, page, kinds.length, 30_000).catch(() => undefined);
      assert.deepStrictEqual(
        [
          ...new Set(
            pipeline
              .notifications()
              .filter(page)
              .map((n) => n.kind),
          ),
        ].sort(),
        kinds,
      );

      up[service] = 1;
      await waitForNotifications(pipeline, `${alertname} resolved`, webhookAlerts(alertname, "resolved"), 1, 60_000);
    });
  }
});
