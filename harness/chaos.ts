/**
 * The HA promises under faults, run on a real Alertmanager cluster: a partition, a rolling update,
 * the failover of the first replica and a restart of every replica on its data. Each scenario
 * returns what it measured and the promises it found broken; the end-to-end test runs the short
 * form, `npm run chaos` the long one.
 */
import { parseDurationMs } from "../config/quantities";
import { AlertFlow, tally } from "./alert-flow";
import { clusterStatus, createSilence, listSilences, metricSum, TestAlert } from "./alertmanager-api";
import type { NamespaceNetwork } from "./netns";
import { mentions, settle, waitForNotifications } from "./notifications";
import type { Pipeline } from "./pipeline";
import { sleep, waitFor } from "./processes";

export interface ChaosResult {
  scenario: string;
  sent: number;
  lost: string[];
  /** Notifications beyond the first per alert: allowed (HA is fail-open), reported. */
  duplicates: number;
  /** Durations measured, in ms, by name. */
  measured: Record<string, number>;
  /** Promises found broken, besides a lost alert; empty when every one held. */
  broken: string[];
}

/** Routed to one Slack channel (slack-urgent) by the default tree; the tenant makes each alert a group. */
const FLOW_LABELS = { alertname: "ChaosProbe", severity: "high" };
/** Time for the flow to reach every replica's dispatcher before the fault. */
const WARM_UP_MS = 2_000;
/** Bounds on the waits: generous for a loaded 2-core machine, so a timeout means a broken promise. */
const CLUSTER_BOUND_MS = 60_000;
/** A push-pull sync runs on reconnect, so a silence crosses within seconds; the bound allows one full pushpull interval more. */
const SILENCE_BOUND_MS = 90_000;
const DRAIN_BOUND_MS = 60_000;

const runId = (scenario: string) => `${scenario}-${Date.now().toString(36)}`;
const silencedTenant = (run: string) => `${run}-silenced`;
const message = (err: unknown) => (err instanceof Error ? err.message.split("\n")[0] : String(err));

/** Waits, bounded; a timeout is recorded as a broken promise, and the time taken is returned. */
export async function within(broken: string[], what: string, check: () => Promise<boolean>, boundMs: number): Promise<number> {
  const started = Date.now();
  try {
    await waitFor(what, async () => ((await check()) ? true : undefined), boundMs, 250);
  } catch (err) {
    broken.push(message(err));
  }
  return Date.now() - started;
}

async function holdsSilence(pipeline: Pipeline, index: number, id: string): Promise<boolean> {
  const silences = await listSilences(pipeline.urls[index], pipeline.access);
  return silences.some((s) => s.id === id && s.status.state === "active");
}

async function peers(pipeline: Pipeline, index: number): Promise<number> {
  return (await clusterStatus(pipeline.urls[index], pipeline.access)).peers.length;
}

async function finish(scenario: string, pipeline: Pipeline, flow: AlertFlow, measured: Record<string, number>, broken: string[]): Promise<ChaosResult> {
  await flow.stop();
  await flow.drain(DRAIN_BOUND_MS);
  await settle(pipeline);
  const { sent, lost, duplicates } = flow.tally();
  return { scenario, sent, lost, duplicates, measured, broken };
}

/**
 * The last replica loses the mesh (its gossip link goes down) while alerts flow; Prometheus (here
 * the flow) still reaches it. A silence made on the majority side must reach it after healing.
 */
export async function partition(pipeline: Pipeline, network: NamespaceNetwork, o: { ratePerSecond: number; faultMs: number }): Promise<ChaosResult> {
  const n = pipeline.replicas.length;
  const cut = n - 1;
  const measured: Record<string, number> = {};
  const broken: string[] = [];
  const flow = new AlertFlow(pipeline, runId("partition"), o.ratePerSecond, FLOW_LABELS).start();
  try {
    await sleep(WARM_UP_MS);
    const cutAt = Date.now();
    network.partition(cut);
    measured.detectMs = await within(broken, `replica ${cut} alone in its cluster`, async () => (await peers(pipeline, cut)) === 1, CLUSTER_BOUND_MS);
    const silence = await createSilence(pipeline.urls[0], [{ name: "tenant_id", value: silencedTenant(flow.run) }], 60, pipeline.access);
    await sleep(Math.max(0, o.faultMs - (Date.now() - cutAt)));
    network.heal(cut);
    measured.healMs = await within(
      broken,
      `every replica back to ${n} peers`,
      async () => (await Promise.all(pipeline.replicas.map((r) => peers(pipeline, r.index)))).every((p) => p === n),
      CLUSTER_BOUND_MS,
    );
    measured.silenceMs = await within(
      broken,
      `the silence made during the partition on replica ${cut}`,
      () => holdsSilence(pipeline, cut, silence),
      SILENCE_BOUND_MS,
    );
  } finally {
    network.heal(cut);
    await flow.stop();
  }
  return finish("partition", pipeline, flow, measured, broken);
}

/** Each replica restarted in turn, waiting for a ready cluster, as a `checksum/config` roll does, while alerts flow. */
export async function rollingUpdate(pipeline: Pipeline, o: { ratePerSecond: number }): Promise<ChaosResult> {
  const measured: Record<string, number> = {};
  const broken: string[] = [];
  const run = runId("roll");
  const silence = await createSilence(pipeline.urls[0], [{ name: "tenant_id", value: silencedTenant(run) }], 60, pipeline.access);
  const flow = new AlertFlow(pipeline, run, o.ratePerSecond, FLOW_LABELS).start();
  try {
    await sleep(WARM_UP_MS);
    const started = Date.now();
    for (const replica of pipeline.replicas) await pipeline.restartReplica(replica.index);
    measured.rollMs = Date.now() - started;
  } finally {
    await flow.stop();
  }
  for (const replica of pipeline.replicas) {
    if (!(await holdsSilence(pipeline, replica.index, silence))) broken.push(`replica ${replica.index} lost the silence in the roll`);
  }
  return finish("rolling update", pipeline, flow, measured, broken);
}

/** Replica indexes in gossip position order: a replica's position is its peer name's rank. */
async function positions(pipeline: Pipeline): Promise<number[]> {
  const names = await Promise.all(pipeline.replicas.map(async (r) => ({ index: r.index, name: (await clusterStatus(r.url, pipeline.access)).name })));
  // Byte order, as Go's sort.Strings ranks them.
  return names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((r) => r.index);
}

const slackSent = (pipeline: Pipeline, index: number) =>
  metricSum(pipeline.urls[index], "alertmanager_notifications_total", { integration: "slack" }, pipeline.access);

/**
 * The first-position replica, the one that sends, is killed right after a group's alert arrives:
 * the next one must send it, after about group_wait + peer_timeout. A killed replica is started
 * again before the next trial; the last one is left down for the caller (a restart takes a gossip
 * settle, about 10 s).
 */
export async function failover(pipeline: Pipeline, o: { trials: number }): Promise<ChaosResult & { delaysMs: number[] }> {
  const run = runId("failover");
  const broken: string[] = [];
  const delays: number[] = [];
  const sent: string[] = [];
  for (let trial = 0; trial < o.trials; trial++) {
    const [first, next] = await positions(pipeline);
    const before = await slackSent(pipeline, next);
    const tenant = `${run}-${trial}`;
    sent.push(tenant);
    const alert: TestAlert = { labels: { ...FLOW_LABELS, tenant_id: tenant }, annotations: { summary: `failover ${tenant}` } };
    const firedAt = Date.now();
    await pipeline.fire([alert]);
    await pipeline.killReplica(first);
    try {
      const [notification] = await waitForNotifications(pipeline, `the notification for ${tenant}`, mentions(tenant), 1, DRAIN_BOUND_MS);
      delays.push(notification.at - firedAt);
      if ((await slackSent(pipeline, next)) <= before) broken.push(`trial ${trial}: the notification did not come from the next replica (${next})`);
    } catch (err) {
      broken.push(message(err));
    }
    await settle(pipeline);
    if (trial < o.trials - 1) await pipeline.restartReplica(first);
  }
  const { groupWait } = pipeline.spec.route;
  const measured = {
    expectedMs: parseDurationMs(groupWait)! + parseDurationMs(pipeline.spec.alertmanager.peerTimeout)!,
    ...(delays.length > 0 && { minDelayMs: Math.min(...delays), maxDelayMs: Math.max(...delays) }),
  };
  const { lost, duplicates } = tally(run, sent, pipeline.notifications());
  return { scenario: "failover of the first replica", sent: sent.length, lost, duplicates, measured, broken, delaysMs: delays };
}

/**
 * Every replica restarted on its data directory: silences and the notification log must survive,
 * so a group already notified is not notified again within its repeat interval, and a silenced
 * alert stays silent.
 */
export async function restartWithState(pipeline: Pipeline): Promise<ChaosResult> {
  const run = runId("restart");
  const broken: string[] = [];
  const notified: TestAlert = { labels: { ...FLOW_LABELS, tenant_id: `${run}-0` } };
  const silenced: TestAlert = { labels: { ...FLOW_LABELS, tenant_id: silencedTenant(run) } };
  await pipeline.fire([notified]);
  await waitForNotifications(pipeline, `the notification for ${run}-0`, mentions(`${run}-0`), 1, DRAIN_BOUND_MS);
  const silence = await createSilence(pipeline.urls[0], [{ name: "tenant_id", value: silencedTenant(run) }], 60, pipeline.access);
  await within(
    broken,
    "the silence on every replica",
    async () => (await Promise.all(pipeline.replicas.map((r) => holdsSilence(pipeline, r.index, silence)))).every(Boolean),
    SILENCE_BOUND_MS,
  );
  // The notification log reaches the peers by gossip too; settle lets it land before the restart.
  await settle(pipeline);
  const started = Date.now();
  await pipeline.restartAll();
  const measured = { restartMs: Date.now() - started };
  for (const replica of pipeline.replicas) {
    if (!(await holdsSilence(pipeline, replica.index, silence))) broken.push(`replica ${replica.index} lost the silence in the restart`);
  }
  // Prometheus sends its firing alerts again after the restart; neither may notify.
  await pipeline.fire([notified, silenced]);
  await settle(pipeline);
  const { lost, duplicates } = tally(run, [`${run}-0`], pipeline.notifications());
  if (duplicates > 0) broken.push(`the group notified before the restart was notified again ${duplicates} time(s): the notification log was lost`);
  if (pipeline.notifications().some(mentions(silencedTenant(run)))) broken.push("the silenced alert was notified after the restart");
  return { scenario: "restart with state", sent: 1, lost, duplicates, measured, broken };
}
