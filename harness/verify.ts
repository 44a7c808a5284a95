/**
 * Runs routing scenarios through the real pipeline and compares what each receiver got with
 * what the scenario expects. Used by `npm run verify` and its tests.
 */
import { INTEGRATION_KINDS } from "../config/integrations";
import type { ReceiverConfig } from "../config/schema";
import { deliveries, receivers, settle } from "./notifications";
import type { Pipeline } from "./pipeline";
import { waitFor } from "./processes";
import { expectedReceivers, Scenario } from "./scenarios";
import { isActive } from "./time-intervals";

export interface ScenarioResult {
  scenario: string;
  /** The tenant_id its alerts carried: what finds its notifications. */
  tenant: string;
  expected: string[];
  /** Distinct receiver:kind pairs notified. */
  received: string[];
  /** Notifications beyond one per receiver:kind (HA at-least-once under bursts). */
  duplicates: number;
  ok: boolean;
}

function integrations(receiver: ReceiverConfig | undefined): string[] {
  if (!receiver) return [];
  return [...INTEGRATION_KINDS, "email" as const].filter((k) => receiver[k]).map((k) => `${receiver.name}:${k}`);
}

export function expectedDeliveries(pipeline: Pipeline, scenario: Scenario, at: Date): string[] {
  const interval = (name: string) => {
    const found = pipeline.spec.timeIntervals.find((t) => t.name === name);
    if (!found) throw new Error(`scenario "${scenario.name}" names time interval "${name}", which the configuration does not define`);
    return found;
  };
  const delivers = (t: { mutedDuring?: string[]; activeDuring?: string[] }) =>
    !(t.mutedDuring ?? []).some((n) => isActive(interval(n), at)) && (t.activeDuring ?? []).every((n) => isActive(interval(n), at));
  if (!delivers(scenario)) return [];
  return expectedReceivers(scenario)
    .filter(delivers)
    .flatMap((r) => integrations(pipeline.spec.receivers.find((c) => c.name === r.receiver)))
    .sort();
}

export async function runScenarios(pipeline: Pipeline, scenarios: Scenario[], runId = Date.now().toString(36)): Promise<ScenarioResult[]> {
  const tenantOf = (i: number) => `verify-${i}-${runId}`;
  const at = new Date();
  const expected = scenarios.map((s) => expectedDeliveries(pipeline, s, at));
  await pipeline.fire(
    scenarios.flatMap((s, i) => s.alerts.map((labels) => ({ labels: { ...labels, tenant_id: tenantOf(i) }, annotations: { summary: s.name } }))),
  );
  const mentions = (i: number) => (n: { text: string }) => n.text.includes(tenantOf(i));
  const expectedTotal = expected.reduce((sum, e) => sum + e.length, 0);
  await waitFor(
    `${expectedTotal} notifications`,
    () => {
      const got = scenarios.reduce((sum, _, i) => sum + receivers(pipeline, mentions(i)).length, 0);
      return got >= expectedTotal ? true : undefined;
    },
    15_000,
  ).catch(() => undefined);
  await settle(pipeline);
  return scenarios.map((s, i) => {
    const received = receivers(pipeline, mentions(i));
    const duplicates = deliveries(pipeline, mentions(i)).length - received.length;
    return { scenario: s.name, tenant: tenantOf(i), expected: expected[i], received, duplicates, ok: JSON.stringify(received) === JSON.stringify(expected[i]) };
  });
}

export function formatTable(results: ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.ok ? "ok" : "MISMATCH",
    r.scenario,
    r.expected.join(", ") || "(nothing)",
    r.received.join(", ") || "(nothing)",
    String(r.duplicates),
  ]);
  const header = ["", "scenario", "expected", "received", "duplicates"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
