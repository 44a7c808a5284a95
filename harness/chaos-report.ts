/** The figures of the chaos scenarios: one line for a test's output, a Markdown page for `npm run chaos`. Pure. */
import type { ChaosResult } from "./chaos";
import type { Machine } from "./machine";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What each measured duration is, in the order a reader wants them. */
const MEASURES: Record<string, string> = {
  detectMs: "partition detected",
  healMs: "back to 3 peers after healing",
  silenceMs: "silence on the healed replica",
  rollMs: "whole roll",
  expectedMs: "expected failover delay (group_wait + peer_timeout)",
  minDelayMs: "failover delay, min",
  maxDelayMs: "failover delay, max",
  restartMs: "restart of every replica",
  downMs: "down",
  lateAlertMs: "alert begun while down, notified",
  resentMs: "firing alert sent again",
};

const measures = (r: ChaosResult) =>
  Object.entries(r.measured)
    .filter(([name]) => name in MEASURES)
    .map(([name, ms]) => `${MEASURES[name]} ${seconds(ms)}`);

export function describeFigures(r: ChaosResult): string {
  return `${r.scenario}: sent ${r.sent}, lost ${r.lost.length}, duplicates ${r.duplicates}; ${measures(r).join(", ")}`;
}

export interface ChaosRun {
  date: string;
  machine: Machine;
  versions: { alertmanager: string; prometheus: string };
  durationSeconds: number;
  /** How each scenario ran (rates, fault lengths), by scenario. */
  settings: Record<string, string>;
  results: ChaosResult[];
}

export function formatChaos(run: ChaosRun): string {
  const m = run.machine;
  const lines = [
    "# Chaos results",
    "",
    "Written by `npm run chaos` (the long form of the chaos scenarios; `npm test` runs the short one). See docs/ha-under-faults.md for what each scenario does.",
    "",
    `Run ${run.date} on ${m.cpus} x ${m.model ?? "unknown CPU"}, ${Math.round(m.memoryBytes / 2 ** 20)} MiB, ${m.platform}, Node ${m.node}, in ${run.durationSeconds}s.`,
    `${run.versions.alertmanager}; ${run.versions.prometheus}.`,
    "",
    "| scenario | settings | alerts sent | lost | duplicates | timings | promises broken |",
    "|---|---|---|---|---|---|---|",
    ...run.results.map(
      (r) =>
        `| ${r.scenario} | ${run.settings[r.scenario] ?? ""} | ${r.sent} | ${r.lost.length} | ${r.duplicates} | ${measures(r).join("; ")} | ${r.broken.length === 0 ? "none" : r.broken.join("; ")} |`,
    ),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
