/** Waiting for and reading what the capture endpoints received. Every wait is bounded. */
import { parseDurationMs } from "../config/quantities";
import type { CaptureRecord } from "../capture/http-capture";
import type { MailRecord } from "../capture/smtp-capture";
import type { Delivery } from "./capture-config";
import type { Pipeline } from "./pipeline";
import { sleep, waitFor } from "./processes";

/** One delivery as a capture endpoint saw it. */
export interface Notification {
  at: number;
  receiver: string;
  /** The integration kind the capture path named (or email). */
  kind: string;
  /** The JSON payload (HTTP integrations) or { to, subject, html } (e-mail). */
  body: any;
  /** Everything in the payload as one string, for "does it mention X" checks. */
  text: string;
  /** The capture key it arrived on (credential key or address). */
  key: string;
}

/** What the capture endpoints received, each with the receiver its capture key was made for, in arrival order. */
export function notificationsOf(http: CaptureRecord[], mail: MailRecord[], deliveries: Map<string, Delivery>): Notification[] {
  const fromHttp = http
    .filter((r) => r.delivery)
    .map((r): Notification => ({
      at: r.at,
      receiver: deliveries.get(r.key)?.receiver ?? `unknown:${r.key}`,
      kind: r.kind,
      body: r.body,
      // Pushover sends its message in the query string, not the body.
      text: Object.keys(r.query).length > 0 ? `${JSON.stringify(r.body)}\n${JSON.stringify(r.query)}` : JSON.stringify(r.body),
      key: r.key,
    }));
  const fromMail = mail.flatMap((r) =>
    r.to.map((to): Notification => ({
      at: r.at,
      receiver: deliveries.get(to)?.receiver ?? `unknown:${to}`,
      kind: "email",
      body: { to: r.to, subject: r.subject, html: r.html },
      text: `${r.subject}\n${r.html}`,
      key: to,
    })),
  );
  return [...fromHttp, ...fromMail].sort((a, b) => a.at - b.at);
}

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
