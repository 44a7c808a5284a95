/**
 * A steady stream of alerts, each a group of its own (a tenant of its own, the default grouping),
 * fired at every running Alertmanager replica as Prometheus does; and the tally of what reached
 * the receivers. Each alert is fired once: stricter than Prometheus, which re-sends every minute,
 * so an alert the cluster drops shows as lost.
 */
import type { Labels, TestAlert } from "./alertmanager-api";
import type { Notification } from "./notifications";
import type { Pipeline } from "./pipeline";
import { sleep, waitFor } from "./processes";

/** Prometheus sends in batches too; ten a second keeps a 50 alerts/s flow smooth. */
const TICK_MS = 100;

export interface Tally {
  sent: number;
  lost: string[];
  /** Notifications beyond the first per alert: allowed (Alertmanager HA is at-least-once), counted. */
  duplicates: number;
}

export class AlertFlow {
  /** The tenant of every alert fired, in order. */
  readonly sent: string[] = [];
  /** Fired while no replica took them (all down or restarting): fired again at the next tick, as Prometheus retries. */
  private unaccepted: TestAlert[] = [];
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly pipeline: Pipeline,
    /** Unique to the run: every tenant starts with it. */
    readonly run: string,
    private readonly ratePerSecond: number,
    /** The labels every alert shares: they decide the route. */
    private readonly labels: Labels,
  ) {}

  start(): this {
    const started = Date.now();
    this.running = (async () => {
      while (!this.stopped) {
        const due = Math.floor(((Date.now() - started) * this.ratePerSecond) / 1000) - this.sent.length;
        const batch = [...this.unaccepted, ...Array.from({ length: Math.max(0, due) }, () => this.next())];
        this.unaccepted = batch.length > 0 && (await this.pipeline.fire(batch)) === 0 ? batch : [];
        await sleep(TICK_MS);
      }
    })();
    return this;
  }

  /** Stops firing; safe to call again. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Waits (bounded) until every alert fired was notified at least once, or the bound passes. */
  async drain(timeoutMs: number): Promise<void> {
    await waitFor(`every alert of ${this.run} notified`, () => (this.tally().lost.length === 0 ? true : undefined), timeoutMs).catch(() => undefined);
  }

  tally(notifications: Notification[] = this.pipeline.notifications()): Tally {
    return tally(this.run, this.sent, notifications);
  }

  private next(): TestAlert {
    const tenant = `${this.run}-${this.sent.length}`;
    this.sent.push(tenant);
    return { labels: { ...this.labels, tenant_id: tenant }, annotations: { summary: `flow alert ${tenant}` } };
  }
}

/** How often each tenant of `run` appears in the notifications (once per notification at most). */
export function tally(run: string, sent: string[], notifications: Notification[]): Tally {
  const seen = new Map<string, number>();
  const tenant = new RegExp(`${run}-\\d+`, "g");
  for (const n of notifications) {
    for (const t of new Set(n.text.match(tenant) ?? [])) seen.set(t, (seen.get(t) ?? 0) + 1);
  }
  return {
    sent: sent.length,
    lost: sent.filter((t) => !seen.has(t)),
    duplicates: [...seen.values()].reduce((sum, count) => sum + count - 1, 0),
  };
}
