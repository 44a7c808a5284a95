/** Waiting for and reading what the capture endpoints received. Every wait is bounded. */
import { parseDurationMs } from "../config/quantities";
import type { Notification, Pipeline } from "./pipeline";
import { sleep, waitFor } from "./processes";

export const mentions = (needle: string) => (n: Notification) => n.text.includes(needle);

/** `receiver:kind` of every notification that matches, sorted, duplicates kept. */
export function deliveries(pipeline: Pipeline, match: (n: Notification) => boolean): string[] {
  return pipeline
    .notifications()
    .filter(match)
    .map((n) => `${n.receiver}:${n.kind}`)
    .sort();
}

/**
 * The distinct `receiver:kind` pairs that were notified. Alertmanager HA is at-least-once: in a
 * burst, the notification log can reach a peer only at the next full sync, after its peer
 * timeout, and that peer sends again (upstream issues 1005, 3678). Routing checks compare these
 * sets; the exactly-once checks run on a single group, where the log always arrives in time.
 */
export function receivers(pipeline: Pipeline, match: (n: Notification) => boolean): string[] {
  return [...new Set(deliveries(pipeline, match))];
}

/** Waits until at least `count` notifications match, then returns them. */
export async function waitForNotifications(
  pipeline: Pipeline,
  what: string,
  match: (n: Notification) => boolean,
  count = 1,
  timeoutMs = 30_000,
): Promise<Notification[]> {
  return waitFor(
    what,
    () => {
      const found = pipeline.notifications().filter(match);
      return found.length >= count ? found : undefined;
    },
    timeoutMs,
  );
}

/**
 * Long enough for every replica to have sent what it would send: the last replica in the
 * cluster waits (replicas - 1) x peer timeout after the first, plus a group interval.
 */
export async function settle(pipeline: Pipeline): Promise<void> {
  const { replicas, peerTimeout } = pipeline.spec.alertmanager;
  await sleep((replicas - 1) * parseDurationMs(peerTimeout)! + parseDurationMs(pipeline.spec.route.groupWait)! + 2000);
}
