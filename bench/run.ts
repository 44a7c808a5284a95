/**
 * npm run bench: the load profiles against the real 3-replica Alertmanager cluster and
 * Prometheus running the prod stack's rendered configuration (capture endpoints, group timings
 * shortened, the production peer timeout kept), then the program's own render cost.
 * Writes bench/results.json and bench/RESULTS.md.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { Notification, startPipeline } from "../harness/pipeline";
import { sleep, waitFor } from "../harness/processes";
import { parseMemory, parseCpu, parseDurationMs } from "../config/quantities";
import type { AlertingSpec } from "../config/spec";
import { runProgram, ROOT } from "../offline/program";
import { binaries } from "../harness/binaries";
import { machine, versions } from "../harness/machine";
import { analyse, instancesIn, ProfileFigures, SentAlert } from "./analyse";
import { alertLabels, PROFILES } from "./profiles";
import { processStats, ProcessStats } from "./process-stats";
import { formatResults } from "./report";

const BATCH_MS = 100;
/** The longest group_wait of the deployed routes (KEDA, 60s): every group has flushed by then. */
const LONGEST_GROUP_WAIT_MS = 60_000;

/**
 * The group_wait each alert waits before its first notification is its route's; the overhead
 * subtracts the shortest one that applies to any receiver of the alert (the earliest it could go).
 */
function groupWaitOf(spec: AlertingSpec): (labels: Record<string, string>) => number {
  const { matches, parseMatcher } = require("../config/matchers") as typeof import("../config/matchers");
  return (labels) => {
    const waits = spec.routes
      .filter((r) => r.matchers.every((m) => matches(parseMatcher(m)!, labels)))
      .map((r) => parseDurationMs(r.groupWait ?? spec.route.groupWait)!);
    return Math.min(...(waits.length > 0 ? waits : [parseDurationMs(spec.route.groupWait)!]));
  };
}

async function runLoad() {
  const bin = binaries();
  const pipeline = await startPipeline({ stack: "prod", binaries: bin, prometheus: true, timings: "deployed" });
  const peerTimeoutMs = parseDurationMs(pipeline.spec.alertmanager.peerTimeout)!;
  // Every replica has sent what it would: the last waits (replicas - 1) x peer timeout.
  const settleMs = (pipeline.replicas.length - 1) * peerTimeoutMs + 5000;
  const processes = () => [
    ...pipeline.replicas.map((r) => ({ name: `alertmanager-${r.index}`, pid: r.process!.child.pid! })),
    { name: "prometheus", pid: pipeline.prometheus!.process!.child.pid! },
  ];
  const results: (ProfileFigures & {
    profile: string;
    ratePerSecond: number;
    specifiedSeconds: number;
    seconds: number;
    achievedRate: number;
    processes: Record<string, ProcessStats>;
  })[] = [];
  try {
    for (const [k, profile] of PROFILES.entries()) {
      console.log(`bench: ${profile.name}: ${profile.ratePerSecond}/s for ${profile.seconds}s (specified ${profile.specifiedSeconds}s)`);
      const cpuBefore = Object.fromEntries(processes().map((p) => [p.name, processStats(p.pid).cpuSeconds]));
      const sent: SentAlert[] = [];
      const postings = { accepted: 0, attempted: 0 };
      const perBatch = Math.max(1, Math.round((profile.ratePerSecond * BATCH_MS) / 1000));
      const start = Date.now();
      for (let tick = 0; tick < (profile.seconds * 1000) / BATCH_MS; tick++) {
        const batch = Array.from({ length: perBatch }, (_, j) => alertLabels(k, tick * perBatch + j));
        const sentAt = Date.now();
        postings.accepted += await pipeline.fire(batch.map((labels) => ({ labels, annotations: { summary: `bench ${profile.name}` } })));
        postings.attempted += pipeline.replicas.length;
        for (const labels of batch) sent.push({ instance: labels.instance, sentAt, labels });
        const wait = start + (tick + 1) * BATCH_MS - Date.now();
        if (wait > 0) await sleep(wait);
      }
      const achievedRate = Math.round((sent.length / ((Date.now() - start) / 1000)) * 10) / 10;
      const mine = (n: Notification) => n.text.includes(`p${k}-`);
      await waitFor(
        "every alert notified",
        () => {
          const seen = new Set(pipeline.notifications().filter(mine).flatMap(instancesIn));
          return sent.every((a) => seen.has(a.instance)) ? true : undefined;
        },
        LONGEST_GROUP_WAIT_MS + 30_000,
        1000,
      ).catch(() => undefined);
      await sleep(settleMs);
      const stats = Object.fromEntries(
        processes().map((p) => {
          const s = processStats(p.pid);
          return [p.name, { peakRssBytes: s.peakRssBytes, cpuSeconds: Math.round((s.cpuSeconds - cpuBefore[p.name]) * 100) / 100 }];
        }),
      );
      const figures = analyse(sent, pipeline.notifications().filter(mine), groupWaitOf(pipeline.spec), postings);
      results.push({
        profile: profile.name,
        ratePerSecond: profile.ratePerSecond,
        specifiedSeconds: profile.specifiedSeconds,
        seconds: profile.seconds,
        achievedRate,
        ...figures,
        processes: stats,
      });
      console.log(`bench:   sent ${figures.alertsSent}, lost ${figures.lost}, duplicates ${figures.duplicates}, overhead p99 ${figures.overheadMs.p99} ms`);
    }
    return {
      results,
      settings: {
        replicas: pipeline.replicas.length,
        peerTimeout: pipeline.spec.alertmanager.peerTimeout,
        timings: "as deployed (per route)",
        batchMs: BATCH_MS,
      },
      spec: pipeline.spec,
      bin,
    };
  } finally {
    await pipeline.stop();
  }
}

async function renderCost() {
  const sizes = [1, 10, 100];
  const out: { routes: number; medianMs: number; runsMs: number[] }[] = [];
  for (const n of sizes) {
    const routes = Array.from({ length: n }, (_, i) => ({ name: `team-${i}`, matchers: [`team="t${i}"`], receiver: "slack-alerts", continue: true }));
    const runsMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = process.hrtime.bigint();
      await runProgram({ stack: "prod", fakeSecrets: true, config: { routes } });
      runsMs.push(Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10);
    }
    out.push({ routes: n, medianMs: [...runsMs].sort((a, b) => a - b)[2], runsMs });
  }
  return out;
}

async function main() {
  const started = Date.now();
  const load = await runLoad();
  const render = await renderCost();
  const limits = {
    alertmanager: { memoryBytes: parseMemory(load.spec.alertmanager.resources.limits.memory)!, cpu: parseCpu(load.spec.alertmanager.resources.limits.cpu)! },
    prometheus: { memoryBytes: parseMemory(load.spec.prometheus.resources.limits.memory)!, cpu: parseCpu(load.spec.prometheus.resources.limits.cpu)! },
  };
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    versions: versions(load.bin),
    settings: load.settings,
    limits,
    profiles: load.results,
    render,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(path.join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(ROOT, "bench", "RESULTS.md"), formatResults(results));
  console.log(`bench: done in ${results.durationSeconds}s; wrote bench/results.json and bench/RESULTS.md`);
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
