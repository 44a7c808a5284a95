/** The benchmark's charts from its results: file name -> SVG. Pure. */
import { barChart, lineChart } from "./charts";
import type { BenchResults } from "./report";

export function resultCharts(r: BenchResults): Record<string, string> {
  const { one, three } = r.sideBySide;
  const replicas = Object.keys(r.sizing.levels[0].rssMib);
  return {
    "latency-cdf.svg": lineChart({
      title: "Delivery overhead past group_wait, per profile",
      xLabel: "overhead (ms)",
      yLabel: "fraction of alerts",
      step: true,
      series: r.profiles.map((p) => ({ name: p.profile, points: p.overheadCdf })),
    }),
    "rss-vs-active-alerts.svg": lineChart({
      title: "Alertmanager RSS against active alerts",
      xLabel: "active alerts",
      yLabel: "RSS (MiB)",
      logX: true,
      series: replicas.map((name) => ({ name, points: r.sizing.levels.map((l): [number, number] => [l.activeAlerts, l.rssMib[name]]) })),
    }),
    "replicas-1-vs-3.svg": barChart({
      title: `${one.profile}: 1 replica and 3`,
      yLabel: "milliseconds",
      categories: ["overhead p50", "overhead p99", "Alertmanager CPU per 1,000 alerts"],
      series: [one, three].map((p) => ({
        name: `${p.replicas} replica${p.replicas > 1 ? "s" : ""}`,
        values: [p.overheadMs.p50, p.overheadMs.p99, p.alertmanagerCpuPer1000 * 1000],
      })),
    }),
  };
}
