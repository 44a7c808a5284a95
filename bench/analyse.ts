/** Turns what was sent and what the capture endpoints received into the benchmark's figures. Pure. */
import type { Notification } from "../harness/pipeline";

export interface SentAlert {
  instance: string;
  sentAt: number;
  labels: Record<string, string>;
}

export interface ProfileFigures {
  alertsSent: number;
  postingsAccepted: number;
  postingsAttempted: number;
  lost: number;
  duplicates: number;
  notificationsPerReceiver: Record<string, number>;
  alertsPerNotification: number;
  overheadMs: { p50: number; p95: number; p99: number; max: number };
  /** Every alert's overhead, sorted: the latency CDF's sample. */
  overheadSamplesMs: number[];
}

/** The alert instances a notification carries (Slack text, webhook payload, e-mail body). */
export function instancesIn(n: Notification): string[] {
  if (n.kind === "webhook") return (n.body.alerts ?? []).map((a: { labels: Record<string, string> }) => a.labels.instance).filter(Boolean);
  if (n.kind === "slack" || n.kind === "email") return [...new Set([...n.text.matchAll(/instance=([\w-]+)/g)].map((m) => m[1]))];
  return [];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** `groupWaitMs` gives the group_wait that applies to an alert (its route's). */
export function analyse(
  sent: SentAlert[],
  notifications: Notification[],
  groupWaitMs: (labels: Record<string, string>) => number,
  postings: { accepted: number; attempted: number },
): ProfileFigures {
  const firstSeen = new Map<string, number>();
  const signatures = new Map<string, number>();
  const perReceiver: Record<string, number> = {};
  let carried = 0;
  let carriers = 0;
  for (const n of notifications) {
    const instances = instancesIn(n);
    perReceiver[`${n.receiver}:${n.kind}`] = (perReceiver[`${n.receiver}:${n.kind}`] ?? 0) + 1;
    if (instances.length > 0) {
      carried += instances.length;
      carriers += 1;
    }
    for (const i of instances) if (!firstSeen.has(i) || firstSeen.get(i)! > n.at) firstSeen.set(i, n.at);
    // The same receiver getting the same alert set twice is a duplicate: a group is only
    // re-notified when its alerts change (repeat_interval is far longer than a run).
    const signature = `${n.receiver}|${n.kind}|${n.kind === "slack" ? n.body.attachments?.[0]?.title : ""}|${[...instances].sort().join(",")}|${instances.length === 0 ? n.text : ""}`;
    signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
  }
  const overheads = sent
    .filter((a) => firstSeen.has(a.instance))
    .map((a) => Math.max(0, firstSeen.get(a.instance)! - a.sentAt - groupWaitMs(a.labels)))
    .sort((a, b) => a - b);
  return {
    alertsSent: sent.length,
    postingsAccepted: postings.accepted,
    postingsAttempted: postings.attempted,
    lost: sent.filter((a) => !firstSeen.has(a.instance)).length,
    duplicates: [...signatures.values()].reduce((sum, count) => sum + count - 1, 0),
    notificationsPerReceiver: Object.fromEntries(Object.entries(perReceiver).sort()),
    alertsPerNotification: carriers === 0 ? 0 : Math.round((carried / carriers) * 10) / 10,
    overheadMs: { p50: percentile(overheads, 50), p95: percentile(overheads, 95), p99: percentile(overheads, 99), max: overheads[overheads.length - 1] ?? 0 },
    overheadSamplesMs: overheads,
  };
}

/** Least-squares slope of y over x: the growth rate of a sampled series (0 with fewer than 2 points). */
export function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const mx = mean(points.map(([x]) => x));
  const my = mean(points.map(([, y]) => y));
  const covariance = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}
