/**
 * Sizing: the cluster holding 1k, 10k, 50k and 100k active alerts. At each level: each replica's
 * RSS, the latency of GET /api/v2/alerts, and how densely the alerts were grouped into
 * notifications. From the RSS per alert it derives how many active alerts the default memory
 * limit holds with 25% headroom.
 */
import { parseMemory } from "../config/quantities";
import { listAlerts, metricSum } from "../harness/alertmanager-api";
import type { Pipeline } from "../harness/pipeline";
import { waitFor } from "../harness/processes";
import { percentile } from "./analyse";
import { pipelineProcesses } from "./load";
import { processStats } from "./process-stats";

export const LEVELS = [1_000, 10_000, 50_000, 100_000];
/** Prometheus posts at most 64 alerts per request by default; bigger batches only load the generator less. */
const POST_BATCH = 1_000;
/** The alerts of one tenant: the default grouping puts them in one notification. */
const ALERTS_PER_GROUP = 100;
/** Queries per level: at least `min`, at most `max`, and no more once `budgetMs` is spent (at 100k alerts one takes seconds). */
const QUERIES = { min: 3, max: 10, budgetMs: 15_000 };
/** 100k alerts make a response of tens of MB. */
const QUERY_TIMEOUT_MS = 60_000;
/** Headroom kept under the memory limit: garbage collection and notification bursts need room above the steady RSS. */
export const HEADROOM = 0.25;
const MIB = 2 ** 20;
const HOLD_BOUND_MS = 120_000;

export interface SizingLevel {
  activeAlerts: number;
  rssMib: Record<string, number>;
  queryMs: { p50: number; p99: number };
  notifications: number;
  alertsPerNotification: number;
}

export interface SizingResult {
  levels: SizingLevel[];
  /** Growth of the largest replica's RSS per 1,000 active alerts, from the smallest to the largest level. */
  mibPer1000Alerts: number;
  memoryLimitMib: number;
  /** Active alerts the default memory limit holds with HEADROOM to spare. */
  holdsAlerts: number;
}

const labels = (n: number) => ({ alertname: "SizingProbe", severity: "high", tenant_id: `size-t${Math.floor(n / ALERTS_PER_GROUP)}`, instance: `size-i${n}` });

/** What a limit holds: the room left under it after headroom, divided by the memory one alert takes. */
export function alertsHeld(limitMib: number, baseMib: number, mibPer1000: number): number {
  if (mibPer1000 <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor(((limitMib * (1 - HEADROOM) - baseMib) / mibPer1000) * 1000));
}

export async function sizing(pipeline: Pipeline, say: (line: string) => void): Promise<SizingResult> {
  const replicas = pipelineProcesses(pipeline).filter((p) => p.name.startsWith("alertmanager"));
  const levels: SizingLevel[] = [];
  let posted = 0;
  for (const level of LEVELS) {
    for (; posted < level; posted += POST_BATCH) {
      await pipeline.fire(Array.from({ length: Math.min(POST_BATCH, level - posted) }, (_, j) => ({ labels: labels(posted + j) })));
    }
    await waitFor(
      `${level} active alerts on every replica`,
      async () => {
        const counts = await Promise.all(pipeline.urls.map((url) => metricSum(url, "alertmanager_alerts", { state: "active" }, pipeline.access)));
        return counts.every((c) => c >= level) ? true : undefined;
      },
      HOLD_BOUND_MS,
      1000,
    );
    const queries: number[] = [];
    const budgetEnds = Date.now() + QUERIES.budgetMs;
    for (let q = 0; q < QUERIES.max && (q < QUERIES.min || Date.now() < budgetEnds); q++) {
      const started = Date.now();
      await listAlerts(pipeline.urls[0], { ...pipeline.access, timeoutMs: QUERY_TIMEOUT_MS });
      queries.push(Date.now() - started);
    }
    queries.sort((a, b) => a - b);
    const notifications = pipeline.notifications().filter((n) => n.text.includes("size-")).length;
    levels.push({
      activeAlerts: level,
      rssMib: Object.fromEntries(replicas.map((p) => [p.name, Math.round(processStats(p.pid).rssBytes / MIB)])),
      queryMs: { p50: percentile(queries, 50), p99: percentile(queries, 99) },
      notifications,
      alertsPerNotification: Math.round((level / Math.max(1, notifications)) * 10) / 10,
    });
    say(`sizing ${level}: RSS ${JSON.stringify(levels.at(-1)!.rssMib)} MiB, GET p99 ${levels.at(-1)!.queryMs.p99} ms`);
  }
  const largest = (l: SizingLevel) => Math.max(...Object.values(l.rssMib));
  const [first, last] = [levels[0], levels[levels.length - 1]];
  const mibPer1000Alerts = Math.round(((largest(last) - largest(first)) / ((last.activeAlerts - first.activeAlerts) / 1000)) * 100) / 100;
  const memoryLimitMib = parseMemory(pipeline.spec.alertmanager.resources.limits.memory)! / MIB;
  const baseMib = largest(first) - (mibPer1000Alerts * first.activeAlerts) / 1000;
  return { levels, mibPer1000Alerts, memoryLimitMib, holdsAlerts: alertsHeld(memoryLimitMib, baseMib, mibPer1000Alerts) };
}
