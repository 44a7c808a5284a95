/**
 * Many clusters, one alerting, with the real binaries: two satellite Prometheus pairs (clusters a
 * and b) send to a central 3-replica Alertmanager cluster over HTTPS, each as its own basic auth
 * user, every file rendered by the program from the stacks' specs. Each satellite's alert arrives
 * once per receiver with its cluster label; a route on cluster="b" gets only b's; a revoked
 * satellite is refused (401) while the other keeps delivering new alerts.
 */
import * as assert from "assert";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { activeAlertmanagers, listAlerts, metricSum, request } from "../../harness/alertmanager-api";
import { binaries } from "../../harness/binaries";
import { MultiCluster } from "../../harness/multi-cluster";
import { waitForNotifications } from "../../harness/notifications";
import type { Notification } from "../../harness/pipeline";
import { sleep, waitFor } from "../../harness/processes";
import { basicAuthorization } from "../../components/render/web";

const CLUSTERS = ["a", "b"] as const;
/** The receivers of the central's routing: every alert to `everything`, cluster="b" also to `cluster-b`. */
const EVERYTHING = "everything";
const CLUSTER_B = "cluster-b";
/** Prometheus counts failed sends per Alertmanager under this name. */
const NOTIFICATION_ERRORS = "prometheus_notifications_errors_total";
const NOTIFICATIONS_SENT = "prometheus_notifications_sent_total";
/** Longer than a Prometheus start on a loaded machine takes to load its static Alertmanagers. */
const SETTLE = "5s";
/**
 * How long to keep watching after the first notifications: more than two group intervals (2s), so
 * a duplicate from a pair's second Prometheus, or from a replica the notification log had not
 * reached, would have arrived.
 */
const LATE_DUPLICATE_WINDOW_MS = 5_000;

/** The alerts (name and cluster) a webhook notification carries. */
const alertsOf = (n: Notification): { alertname: string; cluster: string; labels: Record<string, string> }[] =>
  (n.body.alerts ?? []).map((a: any) => ({ alertname: a.labels.alertname, cluster: a.labels.cluster, labels: a.labels }));
const carries = (alertname: string, cluster?: string) => (n: Notification) =>
  n.kind === "webhook" && alertsOf(n).some((a) => a.alertname === alertname && (cluster === undefined || a.cluster === cluster));

describe("end to end: satellites a and b send to a central 3-replica cluster over TLS, each as its own user", function () {
  this.timeout(120_000);
  let topology: MultiCluster;
  let exporter: Server;
  /** What the exporter both satellites scrape reports; set to 1 after the revocation to fire a new alert. */
  let flipped = 0;

  before(async function () {
    this.timeout(180_000);
    exporter = createServer((_, res) => {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(`e2e_flipped ${flipped}\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
    const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`;
    topology = await new MultiCluster({
      binaries: binaries(),
      satellites: [...CLUSTERS],
      central: {
        receivers: [
          { name: EVERYTHING, webhook: {} },
          { name: CLUSTER_B, webhook: {} },
        ],
        // One group per alert and cluster: each satellite's alert is its own notification.
        route: { receiver: EVERYTHING, groupBy: ["alertname", "cluster"], groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" },
        // A route that matches takes the alert from the root's receiver: the catch-all is a route of its own, after b's.
        routes: [
          { matchers: ['cluster="b"'], receiver: CLUSTER_B, continue: true },
          { matchers: [], receiver: EVERYTHING },
        ],
      },
      satellite: () => ({
        web: { auth: false },
        prometheus: { scrapeInterval: "1s", evaluationInterval: "1s", scrapeJobs: [{ name: "e2e-exporter", targets: [target] }] },
        rules: {
          presets: [],
          groups: [
            {
              name: "e2e-satellite",
              rules: [
                // A few seconds of pending: an alert fired at the very first evaluation can go out before Prometheus has
                // its Alertmanagers, and would only be sent again after the resend delay (a minute).
                { alert: "SatelliteFiring", expr: "vector(1)", for: SETTLE, labels: { severity: "warning" }, annotations: { summary: "fires at once" } },
                { alert: "AfterRevocation", expr: "e2e_flipped == 1", labels: { severity: "warning" }, annotations: { summary: "fires once flipped" } },
              ],
            },
          ],
        },
      }),
    }).start();
  });

  after(async () => {
    await topology?.stop();
    await new Promise<void>((resolve) => (exporter ? exporter.close(() => resolve()) : resolve()));
  });

  it("each satellite's Prometheus sends to every central replica over https, none to a balanced address", async () => {
    for (const cluster of CLUSTERS) {
      for (const replica of topology.satellites.get(cluster)!.prometheuses.replicas) {
        const urls = await activeAlertmanagers(replica.url);
        assert.deepStrictEqual(urls.map((u) => new URL(u).origin).sort(), [...topology.central.urls].sort(), `${cluster} prometheus-${replica.index}`);
      }
    }
  });

  it("each satellite's alert arrives once per receiver, carrying its cluster label and no replica label", async () => {
    const pipeline = topology.central;
    for (const cluster of CLUSTERS) await waitForNotifications(pipeline, `SatelliteFiring from ${cluster}`, carries("SatelliteFiring", cluster), 1, 60_000);
    await waitForNotifications(
      pipeline,
      "SatelliteFiring from b to cluster-b",
      (n) => n.receiver === CLUSTER_B && carries("SatelliteFiring", "b")(n),
      1,
      30_000,
    );
    await sleep(LATE_DUPLICATE_WINDOW_MS);
    const counts = (receiver: string, cluster: string) =>
      pipeline.notifications().filter((n) => n.receiver === receiver && carries("SatelliteFiring", cluster)(n)).length;
    assert.deepStrictEqual({ a: counts(EVERYTHING, "a"), b: counts(EVERYTHING, "b"), bToClusterB: counts(CLUSTER_B, "b") }, { a: 1, b: 1, bToClusterB: 1 });
    // Both Prometheus processes of each pair did send: the one notification is the merge of their duplicates.
    for (const cluster of CLUSTERS) {
      for (const r of topology.satellites.get(cluster)!.prometheuses.replicas) {
        assert.ok((await metricSum(r.url, NOTIFICATIONS_SENT)) > 0, `${cluster} prometheus-${r.index} sent nothing`);
      }
    }
    const replicaLabel = topology.satellites.get("a")!.spec.prometheus.replicaLabel;
    for (const n of pipeline.notifications().filter(carries("SatelliteFiring"))) {
      for (const a of alertsOf(n)) assert.ok(!(replicaLabel in a.labels), `replica label in ${JSON.stringify(a.labels)}`);
    }
  });

  it("the same alert from two satellites stays two alerts in the central", async () => {
    const alerts = (await listAlerts(topology.central.urls[0], topology.central.access)).filter((a) => a.labels.alertname === "SatelliteFiring");
    assert.deepStrictEqual(alerts.map((a) => a.labels.cluster).sort(), ["a", "b"]);
  });

  it('the route on cluster="b" gets only b\'s alerts', () => {
    const toB = topology.central.notifications().filter((n) => n.receiver === CLUSTER_B);
    assert.ok(toB.length > 0);
    for (const n of toB) assert.deepStrictEqual([...new Set(alertsOf(n).map((a) => a.cluster))], ["b"], n.text);
  });

  it("a revoked satellite gets 401 at every replica and its new alert never arrives; the other keeps delivering", async () => {
    const a = topology.satellites.get("a")!;
    const asA = { ca: topology.tls.ca, headers: { authorization: basicAuthorization("a", a.password) } };
    for (const url of topology.central.urls) assert.strictEqual((await request(`${url}/api/v2/status`, asA)).status, 200, `a admitted at ${url}`);
    const errorsBefore = await Promise.all(a.prometheuses.replicas.map((r) => metricSum(r.url, NOTIFICATION_ERRORS)));

    topology.revoke("a");
    for (const url of topology.central.urls) assert.strictEqual((await request(`${url}/api/v2/status`, asA)).status, 401, `a refused at ${url}`);
    flipped = 1;

    // b's new alert is delivered, to both of its receivers.
    await waitForNotifications(topology.central, "AfterRevocation from b", (n) => n.receiver === EVERYTHING && carries("AfterRevocation", "b")(n), 1, 60_000);
    await waitForNotifications(
      topology.central,
      "AfterRevocation from b to cluster-b",
      (n) => n.receiver === CLUSTER_B && carries("AfterRevocation", "b")(n),
      1,
      30_000,
    );
    // a's Prometheus pair tried and was refused: its notification errors rose on every replica of the pair.
    await waitFor(
      "a's notification errors after the revocation",
      async () => {
        const now = await Promise.all(a.prometheuses.replicas.map((r) => metricSum(r.url, NOTIFICATION_ERRORS)));
        return now.every((n, i) => n > errorsBefore[i]) ? now : undefined;
      },
      30_000,
    );
    const b = topology.satellites.get("b")!;
    for (const r of b.prometheuses.replicas) assert.strictEqual(await metricSum(r.url, NOTIFICATION_ERRORS), 0, `b prometheus-${r.index} had send errors`);
    assert.ok(!topology.central.notifications().some(carries("AfterRevocation", "a")), "a's alert arrived after its revocation");
    const held = (await listAlerts(topology.central.urls[0], topology.central.access)).filter((x) => x.labels.alertname === "AfterRevocation");
    assert.deepStrictEqual(
      held.map((x) => x.labels.cluster),
      ["b"],
    );
  });
});
