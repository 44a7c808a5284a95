/**
 * alerting:audit with the real binaries: a 3-replica Alertmanager 0.33.1 cluster running the prod
 * stack's rendered configuration with the event recorder on, each replica writing to a file on its
 * own data directory (as each pod has its own volume) and POSTing to a collector stand-in that
 * checks the bearer credential Alertmanager reads from its file. An alert fired at every replica,
 * its notification, and a silence created, muting a second alert, then expired: what each replica
 * recorded, in its file and at the collector, in the recorder's real shapes.
 */
import * as assert from "assert";
import { mkdirSync, writeFileSync } from "fs";
import { createServer, IncomingMessage, Server } from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { auditEventsFile } from "../../components/render/paths";
import { createSilence, expireSilence, listSilences, request, TestAlert } from "../../harness/alertmanager-api";
import { AuditEvent, parseAuditEvent, readAuditEvents } from "../../harness/audit-events";
import { AlertmanagerNetwork, LOOPBACK } from "../../harness/alertmanager-hosts";
import { binaries } from "../../harness/binaries";
import { mentions, settle, waitForNotifications } from "../../harness/notifications";
import { Pipeline } from "../../harness/pipeline";
import { waitFor } from "../../harness/processes";
import { alertmanagerPathsIn } from "../../harness/work-paths";

const RUN = Date.now().toString(36);
const TENANT = `audit-${RUN}`;
const TOKEN = `audit-token-${RUN}`;
const FIRING: TestAlert = { labels: { alertname: "AuditTrailProbe", severity: "warning", tenant: TENANT }, annotations: { summary: "audit trail probe" } };
const SILENCED: TestAlert = { labels: { alertname: "AuditTrailSilenced", severity: "warning", tenant: TENANT }, annotations: { summary: "silenced probe" } };
const WAIT_MS = 60_000;

interface Collector {
  server: Server;
  url: string;
  events: AuditEvent[];
  refused: number;
}

/** The collector stand-in: 200 for the right bearer credential (the event kept), 401 otherwise. */
async function startCollector(): Promise<Collector> {
  const collector: Collector = { server: createServer(), url: "", events: [], refused: 0 };
  collector.server.on("request", (req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        collector.refused++;
        res.writeHead(401).end();
        return;
      }
      const event = parseAuditEvent(body, "webhook");
      if (event) collector.events.push(event);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => collector.server.listen(0, "127.0.0.1", resolve));
  collector.url = `http://127.0.0.1:${(collector.server.address() as AddressInfo).port}/events`;
  return collector;
}

/**
 * Loopback replicas, each started on an alertmanager.yml of its own naming its own data directory:
 * the harness runs the replicas on one machine, where a pod has its own volume at the one path.
 * Rendered by the same renderer, with the replica's storage path.
 */
function perReplicaConfig(pipeline: () => Pipeline): AlertmanagerNetwork {
  return {
    ...LOOPBACK,
    replicas: async (count) =>
      (await LOOPBACK.replicas(count)).map((host) => ({
        ...host,
        run: (command, args) => {
          const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))!.slice(name.length + 3);
          const storageDir = flag("storage.path");
          const configFile = flag("config.file");
          const own = path.join(path.dirname(configFile), `alertmanager-${path.basename(storageDir)}.yml`);
          mkdirSync(storageDir, { recursive: true });
          const p = pipeline();
          writeFileSync(own, renderAlertmanagerConfig(p.spec, { paths: { ...alertmanagerPathsIn(p.workDir), storageDir } }));
          return host.run(
            command,
            args.map((a) => (a.startsWith("--config.file=") ? `--config.file=${own}` : a)),
          );
        },
      })),
  };
}

const ofTenant = (e: AuditEvent) => e.alerts.some((a) => a.labels.tenant === TENANT);

describe("audit trail (event recorder) with 3 real Alertmanagers: file per replica and collector", function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let collector: Collector;
  let files: { replica: string; path: string }[];
  const events = () => readAuditEvents(files);
  const byReplica = (kind: AuditEvent["kind"], match: (e: AuditEvent) => boolean = () => true) =>
    [
      ...new Set(
        events()
          .filter((e) => e.kind === kind && match(e))
          .map((e) => e.replica),
      ),
    ].sort();
  let receiver: string;
  let silenceId: string;

  before(async function () {
    this.timeout(180_000);
    collector = await startCollector();
    pipeline = new Pipeline({
      stack: "prod",
      binaries: binaries(),
      replicas: 3,
      config: { audit: { enabled: true, webhook: { url: collector.url, credential: "auditToken" } }, auditToken: TOKEN },
      network: perReplicaConfig(() => pipeline),
    });
    await pipeline.start();
    files = pipeline.replicas.map((r) => ({
      replica: `alertmanager-${r.index}`,
      path: auditEventsFile({ ...alertmanagerPathsIn(pipeline.workDir), storageDir: `${alertmanagerPathsIn(pipeline.workDir).storageDir}-${r.index}` }),
    }));
  });

  after(async () => {
    await pipeline?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  it("runs with the feature flag, and each replica records its start in its own file", async () => {
    for (const r of pipeline.replicas) assert.ok(r.args.includes("--enable-feature=auto-gomemlimit,event-recorder"), r.args.join(" "));
    await waitFor("a startup event from every replica", () => (byReplica("alertmanagerStartupEvent").length === 3 ? true : undefined), WAIT_MS);
    for (const e of events().filter((x) => x.kind === "alertmanagerStartupEvent")) {
      assert.strictEqual((e.raw.data as any).alertmanagerStartupEvent.version, "0.33.1");
    }
  });

  it("records the alert fired at every replica: created and grouped on each, with its labels and receiver", async () => {
    assert.strictEqual(await pipeline.fire([FIRING]), 3);
    const all = ["alertmanager-0", "alertmanager-1", "alertmanager-2"];
    await waitFor("alertCreated and alertGrouped on every replica", () => (byReplica("alertGrouped", ofTenant).length === 3 ? true : undefined), WAIT_MS);
    assert.deepStrictEqual(byReplica("alertCreated", ofTenant), all);
    const created = events().filter((e) => e.kind === "alertCreated" && ofTenant(e));
    for (const e of created) {
      assert.strictEqual(e.alerts[0].name, "AuditTrailProbe");
      assert.match(e.alerts[0].fingerprint, /^\d+$/);
      assert.match(e.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    const grouped = events().filter((e) => e.kind === "alertGrouped" && ofTenant(e));
    assert.strictEqual(new Set(grouped.map((e) => e.receiver)).size, 1, JSON.stringify(grouped.map((e) => e.receiver)));
    receiver = grouped[0].receiver!;
    assert.ok(receiver);
  });

  it("records the notification once, by the replica that sent it, naming receiver, integration and reason", async () => {
    await waitForNotifications(pipeline, "the probe's notification", mentions(TENANT), 1, WAIT_MS);
    await settle(pipeline);
    const delivered = pipeline.notifications().filter(mentions(TENANT));
    await waitFor("the notification event", () => (events().some((e) => e.kind === "notification" && ofTenant(e)) ? true : undefined), WAIT_MS);
    const notified = events().filter((e) => e.kind === "notification" && ofTenant(e));
    // One event per integration that delivered, as many as the stand-ins received: the other replicas held back (HA).
    assert.strictEqual(notified.length, delivered.length, JSON.stringify(notified.map((e) => [e.replica, e.integration])));
    for (const e of notified) {
      assert.strictEqual(e.receiver, receiver);
      assert.match(e.integration!, /^[a-z]+\[\d+\]$/);
      assert.strictEqual(e.reason, "NOTIFY_REASON_FIRST_NOTIFICATION");
      assert.deepStrictEqual(
        e.alerts.map((a) => a.name),
        ["AuditTrailProbe"],
      );
    }
    assert.strictEqual(new Set(notified.map((e) => e.replica)).size, 1);
  });

  it("records a silence where it was created, and what it mutes on every replica", async () => {
    silenceId = await createSilence(pipeline.urls[1], [{ name: "tenant", value: TENANT }], 30, pipeline.access);
    await waitFor("silenceCreated", () => (byReplica("silenceCreated", (e) => e.silence?.id === silenceId).length > 0 ? true : undefined), WAIT_MS);
    // Recorded by the replica whose API took the request; the others learn it by gossip, unrecorded.
    assert.deepStrictEqual(
      byReplica("silenceCreated", (e) => e.silence?.id === silenceId),
      ["alertmanager-1"],
    );
    const created = events().find((e) => e.kind === "silenceCreated" && e.silence?.id === silenceId)!;
    assert.strictEqual(created.silence!.createdBy, "proven-alerting");
    assert.strictEqual(created.silence!.comment, "maintenance window");
    assert.deepStrictEqual(created.silence!.matchers, [`tenant="${TENANT}"`]);

    assert.strictEqual(await pipeline.fire([SILENCED]), 3);
    const muted = (e: AuditEvent) => e.silence?.id === silenceId && e.alerts.some((a) => a.name === "AuditTrailSilenced");
    await waitFor("silenceMutedAlert on every replica", () => (byReplica("silenceMutedAlert", muted).length === 3 ? true : undefined), WAIT_MS);
    assert.strictEqual(events().filter((e) => e.kind === "notification" && e.alerts.some((a) => a.name === "AuditTrailSilenced")).length, 0);
  });

  it("does not record the silence's expiry (Alertmanager 0.33.1 records none): the API and the stack history say when", async () => {
    const before = events().filter((e) => e.silence?.id === silenceId && e.kind !== "silenceMutedAlert").length;
    await expireSilence(pipeline.urls[2], silenceId, pipeline.access);
    await waitFor(
      "the silence expired on every replica",
      async () => {
        const states = await Promise.all(
          pipeline.urls.map(async (u) => (await listSilences(u, pipeline.access)).find((s) => s.id === silenceId)?.status.state),
        );
        return states.every((s) => s === "expired") ? true : undefined;
      },
      WAIT_MS,
    );
    assert.strictEqual(events().filter((e) => e.silence?.id === silenceId && e.kind !== "silenceMutedAlert").length, before);
  });

  it("sends the same events to the collector from every replica, with the credential from its file", async () => {
    await waitFor(
      "the collector has every replica's alertCreated",
      () => (new Set(collector.events.filter((e) => e.kind === "alertCreated" && ofTenant(e)).map((e) => e.clusterPosition)).size === 3 ? true : undefined),
      WAIT_MS,
    );
    // The replicas share this machine's host name: their cluster positions tell them apart.
    assert.deepStrictEqual(
      [...new Set(collector.events.filter((e) => e.kind === "alertCreated" && ofTenant(e)).map((e) => e.clusterPosition))].sort(),
      [0, 1, 2],
    );
    const kinds = (list: AuditEvent[]) => new Set(list.filter((e) => ofTenant(e) || e.silence?.id === silenceId).map((e) => e.kind));
    await waitFor(
      "the collector has every kind the files have",
      () => ([...kinds(events())].every((k) => kinds(collector.events).has(k)) ? true : undefined),
      WAIT_MS,
    );
    assert.deepStrictEqual([...kinds(collector.events)].sort(), [...kinds(events())].sort());
    assert.strictEqual(collector.refused, 0);
    // The stand-in does check: without the credential it refuses.
    const refused = await request(collector.url, { method: "POST", body: "{}" });
    assert.strictEqual(refused.status, 401);
  });
});
