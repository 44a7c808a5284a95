/** bench/RESULTS.md from bench/results.json. Pure. */

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

export function formatResults(r: any): string {
  const lines: string[] = [];
  lines.push("# Benchmark results", "");
  lines.push(`Run ${r.date} on ${r.machine.cpus} x ${r.machine.model}, ${mib(r.machine.memoryBytes)}, Node ${r.machine.node}, in ${r.durationSeconds}s.`);
  lines.push(`${r.versions.alertmanager}; ${r.versions.prometheus}.`, "");
  lines.push(
    `Setup: the prod stack's rendered configuration on a ${r.settings.replicas}-replica Alertmanager cluster and Prometheus (loopback), capture endpoints for every receiver; every alert posted to every replica in ${r.settings.batchMs} ms batches; group timings and the peer timeout (${r.settings.peerTimeout}) exactly as deployed. Each profile runs for the shortest group_wait of the deployed routes (10s), so every alert is in its group's first notification; the durations docs/requirements.md specifies are shown beside them. Overhead = first notification carrying the alert - arrival - the group_wait of its route.`,
    "",
  );
  lines.push(
    "| profile | specified | ran | achieved rate | alerts sent | postings accepted | lost | duplicates | alerts / notification | overhead p50 | p95 | p99 | max |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const p of r.profiles) {
    lines.push(
      `| ${p.profile} | ${p.ratePerSecond}/s x ${p.specifiedSeconds}s | ${p.seconds}s | ${p.achievedRate}/s | ${p.alertsSent} | ${p.postingsAccepted}/${p.postingsAttempted} | ${p.lost} | ${p.duplicates} | ${p.alertsPerNotification} | ${p.overheadMs.p50} ms | ${p.overheadMs.p95} ms | ${p.overheadMs.p99} ms | ${p.overheadMs.max} ms |`,
    );
  }
  lines.push("", "Notifications per receiver:", "");
  lines.push("| profile | " + Object.keys(r.profiles.at(-1).notificationsPerReceiver).join(" | ") + " |");
  lines.push(
    "|---|" +
      Object.keys(r.profiles.at(-1).notificationsPerReceiver)
        .map(() => "---")
        .join("|") +
      "|",
  );
  for (const p of r.profiles)
    lines.push(
      `| ${p.profile} | ${Object.keys(r.profiles.at(-1).notificationsPerReceiver)
        .map((k) => p.notificationsPerReceiver[k] ?? 0)
        .join(" | ")} |`,
    );
  lines.push(
    "",
    `Resources (peak RSS is the process lifetime high-water mark; CPU is per profile). Limits set by the prod stack: Alertmanager ${mib(r.limits.alertmanager.memoryBytes)} / ${r.limits.alertmanager.cpu} CPU, Prometheus ${mib(r.limits.prometheus.memoryBytes)} / ${r.limits.prometheus.cpu} CPU.`,
    "",
  );
  const names = Object.keys(r.profiles[0].processes);
  lines.push("| profile | " + names.map((n) => `${n} peak RSS | CPU s`).join(" | ") + " |");
  lines.push("|---|" + names.map(() => "---|---").join("|") + "|");
  for (const p of r.profiles)
    lines.push(`| ${p.profile} | ${names.map((n) => `${mib(p.processes[n].peakRssBytes)} | ${p.processes[n].cpuSeconds}`).join(" | ")} |`);
  lines.push("", "Program cost (`runProgram` of the prod stack under the mock runtime, median of 5):", "");
  lines.push("| routes | median | runs |", "|---|---|---|");
  for (const x of r.render) lines.push(`| ${x.routes} | ${x.medianMs} ms | ${x.runsMs.join(", ")} |`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}
