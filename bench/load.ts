/**
 * The load profiles on a running pipeline: every alert posted to every replica in batches, as
 * Prometheus does; then the figures (lost, duplicates, overhead, grouping), the CPU and memory of
 * each process, and, for a soak, each Alertmanager's RSS sampled over the run.
 */
import { parseDurationMs } from "../config/quantities";
import { matches, parseMatcher } from "../config/matchers";
import type { AlertingSpec } from "../config/spec";
import { Notification, Pipeline } from "../harness/pipeline";
import { sleep, waitFor } from "../harness/processes";
import { analyse, instancesIn, ProfileFigures, SentAlert, slope } from "./analyse";
import { alertLabels, LoadProfile } from "./profiles";
import { processStats } from "./process-stats";
import { cdf } from "./charts";

export const BATCH_MS = 100;
/** Past the longest wait of any route, every alert has been in a notification: 30 s of slack for a loaded machine. */
const FLUSH_SLACK_MS = 30_000;
/** How often a running profile says how far it is. */
const PROGRESS_MS = 10_000;
/** How often a soak samples each replica's RSS for its slope. */
const RSS_SAMPLE_MS = 10_000;
const MIB = 2 ** 20;

export interface ProcessFigures {
  peakRssBytes: number;
  cpuSeconds: number;
  /** Soak only: RSS growth over the run, MiB per minute (a leak check). */
  rssSlopeMibPerMinute?: number;
}

/** Points kept of each profile's overhead CDF: enough for its chart, and a results file that stays small. */
const CDF_POINTS = 200;

export interface ProfileResult extends Omit<ProfileFigures, "overheadSamplesMs"> {
  /** The overhead's cumulative distribution: [ms, fraction of alerts at or below it]. */
  overheadCdf: [number, number][];
  profile: string;
  replicas: number;
  ratePerSecond: number;
  specifiedSeconds: number;
  seconds: number;
  achievedRate: number;
  processes: Record<string, ProcessFigures>;
  /** Alertmanager CPU seconds (all replicas) per 1,000 alerts sent. */
  alertmanagerCpuPer1000: number;
}

/**
 * The group_wait each alert waits before its first notification is its route's; the overhead
 * subtracts the shortest one that applies to any receiver of the alert (the earliest it could go).
 */
function groupWaitOf(spec: AlertingSpec): (labels: Record<string, string>) => number {
  return (labels) => {
    const waits = spec.routes
      .filter((r) => r.matchers.every((m) => matches(parseMatcher(m)!, labels)))
      .map((r) => parseDurationMs(r.groupWait ?? spec.route.groupWait)!);
    return Math.min(...(waits.length > 0 ? waits : [parseDurationMs(spec.route.groupWait)!]));
  };
}

/**
 * The longest an alert can wait for its first notification: a route's group_wait when it starts a
 * group, its group_interval when it joins a group already notified (which a soak's alerts do).
 */
function longestWaitMs(spec: AlertingSpec): number {
  const routes = [spec.route, ...spec.routes];
  return Math.max(...routes.flatMap((r) => [r.groupWait, r.groupInterval].filter((d): d is string => d !== undefined).map((d) => parseDurationMs(d)!)));
}

export function pipelineProcesses(pipeline: Pipeline): { name: string; pid: number }[] {
  return [
    ...pipeline.replicas.map((r) => ({ name: `alertmanager-${r.index}`, pid: r.process?.child.pid })),
    ...pipeline.prometheuses.replicas.map((r) => ({ name: `prometheus-${r.index}`, pid: r.process?.child.pid })),
  ].filter((p): p is { name: string; pid: number } => p.pid !== undefined);
}

/** Runs one profile for `seconds` (its shortened or its specified duration); `tag` keeps its alerts apart from other runs'. */
export async function runProfile(
  pipeline: Pipeline,
  profile: LoadProfile,
  o: { tag: number; seconds: number; soak?: boolean; say: (line: string) => void },
): Promise<ProfileResult> {
  const processes = pipelineProcesses(pipeline);
  const cpuBefore = Object.fromEntries(processes.map((p) => [p.name, processStats(p.pid).cpuSeconds]));
  const rss: Record<string, [number, number][]> = Object.fromEntries(processes.map((p) => [p.name, []]));
  const sent: SentAlert[] = [];
  const postings = { accepted: 0, attempted: 0 };
  const perBatch = Math.max(1, Math.round((profile.ratePerSecond * BATCH_MS) / 1000));
  const start = Date.now();
  let nextSample = start;
  let nextProgress = start + PROGRESS_MS;
  for (let tick = 0; tick < (o.seconds * 1000) / BATCH_MS; tick++) {
    const batch = Array.from({ length: perBatch }, (_, j) => alertLabels(o.tag, tick * perBatch + j));
    const sentAt = Date.now();
    postings.accepted += await pipeline.fire(batch.map((labels) => ({ labels, annotations: { summary: `bench ${profile.name}` } })));
    postings.attempted += pipeline.replicas.length;
    for (const labels of batch) sent.push({ instance: labels.instance, sentAt, labels });
    if (sentAt >= nextProgress) {
      o.say(`${profile.name}: ${sent.length} of ${Math.round(profile.ratePerSecond * o.seconds)} alerts sent`);
      nextProgress += PROGRESS_MS;
    }
    if (o.soak && sentAt >= nextSample) {
      for (const p of processes) rss[p.name].push([(sentAt - start) / 60_000, processStats(p.pid).rssBytes / MIB]);
      nextSample += RSS_SAMPLE_MS;
    }
    const wait = start + (tick + 1) * BATCH_MS - Date.now();
    if (wait > 0) await sleep(wait);
  }
  const achievedRate = Math.round((sent.length / ((Date.now() - start) / 1000)) * 10) / 10;
  const mine = (n: Notification) => n.text.includes(`p${o.tag}-`);
  await waitFor(
    "every alert notified",
    () => {
      const seen = new Set(pipeline.notifications().filter(mine).flatMap(instancesIn));
      return sent.every((a) => seen.has(a.instance)) ? true : undefined;
    },
    longestWaitMs(pipeline.spec) + FLUSH_SLACK_MS,
    1000,
  ).catch(() => undefined);
  // Every replica has sent what it would: the last waits (replicas - 1) x peer timeout.
  await sleep((pipeline.replicas.length - 1) * parseDurationMs(pipeline.spec.alertmanager.peerTimeout)! + 5000);
  const stats = Object.fromEntries(
    processes.map((p) => {
      const s = processStats(p.pid);
      const figures: ProcessFigures = { peakRssBytes: s.peakRssBytes, cpuSeconds: Math.round((s.cpuSeconds - cpuBefore[p.name]) * 100) / 100 };
      if (o.soak) figures.rssSlopeMibPerMinute = Math.round(slope(rss[p.name]) * 100) / 100;
      return [p.name, figures];
    }),
  );
  const { overheadSamplesMs, ...figures } = analyse(sent, pipeline.notifications().filter(mine), groupWaitOf(pipeline.spec), postings);
  const amCpu = Object.entries(stats)
    .filter(([name]) => name.startsWith("alertmanager"))
    .reduce((sum, [, s]) => sum + s.cpuSeconds, 0);
  o.say(
    `${profile.name} on ${pipeline.replicas.length}: sent ${figures.alertsSent}, lost ${figures.lost}, duplicates ${figures.duplicates}, overhead p99 ${figures.overheadMs.p99} ms`,
  );
  return {
    profile: profile.name,
    replicas: pipeline.replicas.length,
    ratePerSecond: profile.ratePerSecond,
    specifiedSeconds: profile.specifiedSeconds,
    seconds: o.seconds,
    achievedRate,
    ...figures,
    overheadCdf: cdf(overheadSamplesMs, CDF_POINTS),
    processes: stats,
    alertmanagerCpuPer1000: Math.round((amCpu / Math.max(1, sent.length)) * 1000 * 1000) / 1000,
  };
}
