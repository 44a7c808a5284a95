/** bench/RESULTS.md (or RESULTS-full.md) from the results of a run. Pure. */
import * as path from "path";
import type { FAST_TIMINGS } from "../harness/capture-config";
import type { Machine } from "../harness/machine";
import type { CapacityResult } from "./capacity";
import type { ConfigScale } from "./config-scale";
import type { ImportSpeed } from "./import-speed";
import type { ProfileResult } from "./load";
import { percentile } from "./analyse";
import { HEADROOM, SizingResult } from "./sizing";

export interface BenchResults {
  date: string;
  full: boolean;
  machine: Machine;
  versions: { alertmanager: string; prometheus: string };
  settings: { replicas: number; peerTimeout: string; fastTimings: typeof FAST_TIMINGS };
  limits: Record<"alertmanager" | "prometheus", { memoryBytes: number; cpu: number }>;
  profiles: ProfileResult[];
  sideBySide: { one: ProfileResult; three: ProfileResult };
  capacity: CapacityResult;
  sizing: SizingResult;
  failover: { trials: number; expectedMs: number; delaysMs: number[]; lost: number; duplicates: number };
  configScale: ConfigScale[];
  /** Absent from runs made before the section existed. */
  importSpeed?: ImportSpeed;
  durationSeconds: number;
}

/** The default run and the --full run keep their own results side by side. */
export function outputFiles(full: boolean): { json: string; markdown: string; charts: string } {
  return full
    ? { json: "results-full.json", markdown: "RESULTS-full.md", charts: "charts-full" }
    : { json: "results.json", markdown: "RESULTS.md", charts: "charts" };
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const table = (header: string[], rows: (string | number)[][]) => [row(header), row(header.map(() => "---")), ...rows.map(row)];
const ratio = (a: number, b: number) => (b === 0 ? "n/a" : `${Math.round((a / b) * 100) / 100}x`);

function profiles(r: BenchResults): string[] {
  const soak = r.full;
  const names = Object.keys(r.profiles[0].processes);
  return [
    "## Load profiles",
    "",
    `The prod stack on ${r.settings.replicas} Alertmanager replicas and Prometheus, every alert posted to every replica in 100 ms batches, group timings and peer timeout (${r.settings.peerTimeout}) as deployed. ${soak ? "Each profile ran for the duration the requirements specify (a soak). An alert that joins a group already notified waits for the group's next flush, up to its group_interval (5 to 10 minutes), so a soak's overhead mostly measures group_interval; read it for lost, duplicates and the RSS slope." : "Each profile runs for the shortest group_wait of the deployed routes (10s), so every alert is in its group's first notification; `--full` runs the specified durations."} Overhead = first notification carrying the alert - arrival - the group_wait of its route.`,
    "",
    ...table(
      [
        "profile",
        "specified",
        "ran",
        "achieved rate",
        "alerts sent",
        "postings accepted",
        "lost",
        "duplicates",
        "alerts / notification",
        "overhead p50",
        "p95",
        "p99",
        "max",
      ],
      r.profiles.map((p) => [
        p.profile,
        `${p.ratePerSecond}/s x ${p.specifiedSeconds}s`,
        `${p.seconds}s`,
        `${p.achievedRate}/s`,
        p.alertsSent,
        `${p.postingsAccepted}/${p.postingsAttempted}`,
        p.lost,
        p.duplicates,
        p.alertsPerNotification,
        `${p.overheadMs.p50} ms`,
        `${p.overheadMs.p95} ms`,
        `${p.overheadMs.p99} ms`,
        `${p.overheadMs.max} ms`,
      ]),
    ),
    "",
    `Resources (peak RSS is the process lifetime high-water mark; CPU is per profile${soak ? "; RSS slope is MiB per minute over the soak" : ""}). Limits set by the prod stack: Alertmanager ${mib(r.limits.alertmanager.memoryBytes)} / ${r.limits.alertmanager.cpu} CPU, Prometheus ${mib(r.limits.prometheus.memoryBytes)} / ${r.limits.prometheus.cpu} CPU.`,
    "",
    ...table(
      ["profile", ...names.flatMap((n) => [`${n} peak RSS`, "CPU s", ...(soak ? ["RSS slope"] : [])])],
      r.profiles.map((p) => [
        p.profile,
        ...names.flatMap((n) => [mib(p.processes[n].peakRssBytes), p.processes[n].cpuSeconds, ...(soak ? [p.processes[n].rssSlopeMibPerMinute ?? 0] : [])]),
      ]),
    ),
  ];
}

function sideBySide(r: BenchResults): string[] {
  const { one, three } = r.sideBySide;
  return [
    "## The cost of HA: 1 replica and 3, same run",
    "",
    `${one.profile} on each, deployed timings. CPU is all Alertmanager replicas together, per 1,000 alerts sent.`,
    "",
    ...table(
      ["replicas", "ran", "lost", "duplicates", "overhead p50", "overhead p99", "Alertmanager CPU s / 1,000 alerts"],
      [one, three].map((p) => [
        p.replicas,
        `${p.seconds}s`,
        p.lost,
        p.duplicates,
        `${p.overheadMs.p50} ms`,
        `${p.overheadMs.p99} ms`,
        p.alertmanagerCpuPer1000,
      ]),
    ),
    "",
    one.seconds === three.seconds
      ? `3 replicas / 1 replica: CPU ${ratio(three.alertmanagerCpuPer1000, one.alertmanagerCpuPer1000)}, overhead p99 ${ratio(three.overheadMs.p99, one.overheadMs.p99)}.`
      : "Not comparable: the two sides ran for different durations.",
  ];
}

function capacity(r: BenchResults): string[] {
  const c = r.capacity;
  return [
    "## Ingest capacity",
    "",
    `The rate stepped up on ${r.settings.replicas} replicas (${c.stepSeconds} s per step, each alert posted to every replica, 50 alerts per group, group_wait ${r.settings.fastTimings.groupWait}, peer timeout ${r.settings.peerTimeout}). CPU is CPU seconds per wall second on ${c.cores} cores.`,
    "",
    ...table(
      ["target rate", "achieved rate", "alerts sent", "lost", "duplicates", "Alertmanager CPU (all replicas)", "generator CPU"],
      c.steps.map((s) => [`${s.targetRate}/s`, `${s.achievedRate}/s`, s.sent, s.lost, s.duplicates, s.alertmanagerCpu, s.generatorCpu]),
    ),
    "",
    `Highest clean rate: **${c.highestCleanRate} alerts/s**. Limited by: ${c.limitedBy}.`,
  ];
}

function sizing(r: BenchResults): string[] {
  const s = r.sizing;
  const names = Object.keys(s.levels[0].rssMib);
  return [
    "## Sizing: active alerts held",
    "",
    ...table(
      ["active alerts", ...names.map((n) => `${n} RSS`), "GET /api/v2/alerts p50", "p99", "notifications so far", "alerts / notification"],
      s.levels.map((l) => [
        l.activeAlerts,
        ...names.map((n) => `${l.rssMib[n]} MiB`),
        `${l.queryMs.p50} ms`,
        `${l.queryMs.p99} ms`,
        l.notifications,
        l.alertsPerNotification,
      ]),
    ),
    "",
    `RSS grows by ${s.mibPer1000Alerts} MiB per 1,000 active alerts. The default limit (${s.memoryLimitMib} MiB) holds **${s.holdsAlerts} active alerts** with ${HEADROOM * 100}% headroom.`,
  ];
}

function failover(r: BenchResults): string[] {
  const f = r.failover;
  const sorted = [...f.delaysMs].sort((a, b) => a - b);
  return [
    "## Failover delay",
    "",
    `The first-position replica killed right after an alert reached every replica, ${f.trials} times (group_wait ${r.settings.fastTimings.groupWait}, peer timeout ${r.settings.fastTimings.peerTimeout}; expected delay ${f.expectedMs} ms). Lost: ${f.lost}; duplicates: ${f.duplicates}.`,
    "",
    ...table(
      ["min", "p50", "max", "every trial"],
      [[`${sorted[0] ?? 0} ms`, `${percentile(sorted, 50)} ms`, `${sorted.at(-1) ?? 0} ms`, sorted.map((d) => `${d}`).join(", ")]],
    ),
  ];
}

function configScale(r: BenchResults): string[] {
  return [
    "## Configuration size",
    "",
    "`runProgram` of the prod stack under the mock runtime, and one Alertmanager loading the rendered configuration (`POST /-/reload`); medians of 3. Each team file holds 2 receivers and a route.",
    "",
    ...table(
      ["configuration", "program", "Alertmanager configuration load"],
      r.configScale.map((c) => [c.configuration, `${c.programMs} ms`, `${c.alertmanagerLoadMs} ms`]),
    ),
  ];
}

function importSpeed(r: BenchResults): string[] {
  const i = r.importSpeed;
  if (!i) return [];
  return [
    "## Import speed",
    "",
    `\`npm run import\` of \`${i.fixture}\` into a new project, the routing proof with the real amtool included; median and slowest of ${i.runs}, against the issue's bound.`,
    "",
    ...table(["median", "slowest", "bound"], [[`${i.medianMs} ms`, `${i.maxMs} ms`, `${i.budgetMs} ms`]]),
  ];
}

export function formatResults(r: BenchResults, charts: string[]): string {
  const m = r.machine;
  const lines = [
    "# Benchmark results",
    "",
    `Run ${r.date}${r.full ? " (--full)" : ""} on ${m.cpus} x ${m.model ?? "unknown CPU"}, ${mib(m.memoryBytes)}, ${m.platform}, Node ${m.node}, in ${r.durationSeconds}s.`,
    `${r.versions.alertmanager}; ${r.versions.prometheus}. How to read it: [docs/benchmark.md](../docs/benchmark.md).`,
    "",
    ...[profiles, sideBySide, capacity, sizing, failover, configScale, importSpeed]
      .map((section) => section(r))
      .filter((lines) => lines.length > 0)
      .flatMap((lines) => [...lines, ""]),
    "## Charts",
    "",
    ...charts.map((file) => `![${path.basename(file)}](${file})`),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
