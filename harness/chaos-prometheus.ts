/**
 * Prometheus restarted while an alert fires: the whole Prometheus (every replica) and one member
 * of the HA pair. Firing alerts must be sent again, nothing may resolve on the way, and an alert
 * whose condition began while Prometheus was down must still arrive. The targets are workers the
 * WorkerDown rule watches (`for: 0s` in the tests).
 */
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { listAlerts, metricSum } from "./alertmanager-api";
import { ChaosResult, within } from "./chaos";
import { Notification, settle, waitForNotifications } from "./notifications";
import type { Pipeline } from "./pipeline";
import { sleep } from "./processes";

/** Prometheus re-sends a firing alert every resend delay (1m); after a restart the first send can wait that long. */
const RESEND_BOUND_MS = 90_000;
const WATCH_INTERVAL_MS = 500;

/** A worker that answers scrapes (up = 1) while it runs; on a fixed port, so it can come back as the same instance. */
export class ScrapeTarget {
  private readonly server: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end("worker_up 1\n"));

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, "127.0.0.1", resolve));
    return this;
  }

  get instance(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const workerDownIn = (status: string) => (instance: string) => (n: Notification) =>
  n.body?.alerts?.some((a: any) => a.labels.alertname === "WorkerDown" && a.labels.instance === instance && a.status === status);
/** A notification whose payload lists the instance's WorkerDown as firing (webhook-shaped: one alert list per group). */
export const workerDown = workerDownIn("firing");
export const workerResolved = workerDownIn("resolved");

/** The firing WorkerDown instances a notification carries: what its group looked like. */
const firingSet = (n: Notification) =>
  (n.body.alerts as any[])
    .filter((a) => a.status === "firing")
    .map((a) => a.labels.instance)
    .sort()
    .join(",");

/** The instance's alert is active in Alertmanager (the first replica). */
async function activeIn(pipeline: Pipeline, instance: string): Promise<boolean> {
  const alerts = await listAlerts(pipeline.urls[0], pipeline.access);
  return alerts.some((a) => a.labels.instance === instance && a.status.state === "active");
}

/** Polls Alertmanager while a fault lasts: how many polls found the instance's alert not active. */
function watchActive(pipeline: Pipeline, instance: string): () => Promise<number> {
  let misses = 0;
  let stopped = false;
  const watching = (async () => {
    while (!stopped) {
      // A poll that fails (a busy replica) counts as neither.
      if ((await activeIn(pipeline, instance).catch(() => true)) === false) misses++;
      await sleep(WATCH_INTERVAL_MS);
    }
  })();
  return async () => {
    stopped = true;
    await watching;
    return misses;
  };
}

/** Alertmanager got the instance's alert again after `since`: some Prometheus re-sent it. */
async function resentSince(pipeline: Pipeline, instance: string, since: number): Promise<boolean> {
  const alerts = await listAlerts(pipeline.urls[0], pipeline.access);
  return alerts.some((a) => a.labels.instance === instance && Date.parse(a.updatedAt) > since);
}

interface Watched {
  scenario: string;
  startedAt: number;
  /** Instances whose alert must have arrived by the end. */
  instances: string[];
  misses: number;
  measured: Record<string, number>;
  broken: string[];
}

async function result(pipeline: Pipeline, w: Watched): Promise<ChaosResult> {
  await settle(pipeline);
  // One integration counts: every receiver of the route gets each notification once per integration.
  const all = pipeline.notifications().filter((n) => n.kind === "webhook");
  const since = all.filter((n) => n.at >= w.startedAt);
  const broken = [...w.broken];
  if (w.misses > 0) broken.push(`the firing alert was not active in Alertmanager at ${w.misses} polls`);
  const resolved = w.instances.filter((i) => since.some(workerResolved(i)));
  if (resolved.length > 0) broken.push(`resolved while it never stopped firing: ${resolved.join(", ")}`);
  const firing = all.filter((n) => w.instances.some((i) => workerDown(i)(n)));
  // A duplicate repeats its receiver's previous notification of the group: nothing changed in between.
  const repeated = firing.filter((n, k) => {
    const previous = firing
      .slice(0, k)
      .reverse()
      .find((earlier) => earlier.receiver === n.receiver);
    return n.at >= w.startedAt && previous !== undefined && firingSet(previous) === firingSet(n);
  });
  return {
    scenario: w.scenario,
    sent: w.instances.length,
    lost: w.instances.filter((i) => !firing.some(workerDown(i))),
    duplicates: repeated.length,
    measured: w.measured,
    broken,
  };
}

/**
 * Every Prometheus replica stopped; `late` closes while none runs; all start again on their data.
 * `steady`'s alert fires throughout.
 */
export async function prometheusRestart(pipeline: Pipeline, targets: { steady: string; late: ScrapeTarget }): Promise<ChaosResult> {
  const broken: string[] = [];
  const late = targets.late.instance;
  await waitForNotifications(pipeline, `WorkerDown for ${targets.steady}`, workerDown(targets.steady), 1, RESEND_BOUND_MS);
  const stopWatching = watchActive(pipeline, targets.steady);
  const startedAt = Date.now();
  await pipeline.prometheuses.stop();
  await targets.late.close();
  await pipeline.prometheuses.startAll();
  const measured: Record<string, number> = { downMs: Date.now() - startedAt };
  await within(broken, `WorkerDown for ${late}, begun while Prometheus was down`, async () => pipeline.notifications().some(workerDown(late)), RESEND_BOUND_MS);
  measured.lateAlertMs = Date.now() - startedAt;
  await within(broken, `the alert firing before the restart sent again`, () => resentSince(pipeline, targets.steady, startedAt), RESEND_BOUND_MS);
  measured.resentMs = Date.now() - startedAt;
  for (const replica of pipeline.prometheuses.replicas) {
    // Its counter starts at 0 with the process: above 0 means this replica sent alerts again.
    const sent = () => metricSum(replica.url, "prometheus_notifications_sent_total", {}, pipeline.access);
    await within(broken, `prometheus-${replica.index} sending alerts again`, async () => (await sent()) > 0, RESEND_BOUND_MS);
  }
  return result(pipeline, { scenario: "Prometheus restart", startedAt, instances: [targets.steady, late], misses: await stopWatching(), measured, broken });
}

/**
 * One member of the HA pair killed (SIGKILL, if it still runs) and started again: the other keeps
 * the alert firing meanwhile. That a restarted member sends again is proven by prometheusRestart,
 * which waits out the resend delay once for every member.
 */
export async function prometheusMemberRestart(pipeline: Pipeline, steady: string, o: { member: number; faultMs: number }): Promise<ChaosResult> {
  const broken: string[] = [];
  await within(broken, `WorkerDown for ${steady} active before the fault`, () => activeIn(pipeline, steady), RESEND_BOUND_MS);
  const stopWatching = watchActive(pipeline, steady);
  const startedAt = Date.now();
  await pipeline.prometheuses.kill(o.member);
  await sleep(o.faultMs);
  await pipeline.prometheuses.restart(o.member);
  const measured = { downMs: Date.now() - startedAt };
  return result(pipeline, {
    scenario: "one member of the Prometheus pair",
    startedAt,
    instances: [steady],
    misses: await stopWatching(),
    measured,
    broken,
  });
}
