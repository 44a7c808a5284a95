/**
 * npm run bench [-- --full] [--quiet]: the load profiles on the real 3-replica Alertmanager cluster and
 * Prometheus running the prod stack's rendered configuration (capture endpoints, group timings and
 * peer timeout as deployed), the same profile on one replica beside it, the ingest capacity, the
 * memory needed per active alert, the failover delay, what configuration size costs, and how long
 * `npm run import` of the largest fixture takes, proof included.
 * `--full` runs each profile for the duration the requirements specify (a soak, with each
 * replica's RSS slope) and more failover trials. Writes bench/results.json, bench/RESULTS.md and
 * the charts in bench/charts/ (`--full`: results-full.json, RESULTS-full.md, charts-full/).
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { parseCpu, parseMemory } from "../config/quantities";
import { binaries } from "../harness/binaries";
import { FAST_TIMINGS } from "../harness/capture-config";
import { failover } from "../harness/chaos";
import { machine, versions } from "../harness/machine";
import { Pipeline, PipelineOptions, startPipeline } from "../harness/pipeline";
import { ROOT } from "../offline/program";
import { withProgress } from "../offline/progress";
import { capacity } from "./capacity";
import { resultCharts } from "./result-charts";
import { configScale } from "./config-scale";
import { importSpeed } from "./import-speed";
import { runProfile } from "./load";
import { PROFILES, SIDE_BY_SIDE } from "./profiles";
import { BenchResults, formatResults, outputFiles } from "./report";
import { sizing } from "./sizing";

const BENCH_DIR = path.join(ROOT, "bench");
/** Failover trials: each costs a group_wait, a peer timeout and a replica's restart (about 20 s). */
const FAILOVER_TRIALS = { default: 3, full: 10 };

async function withPipeline<T>(options: Omit<PipelineOptions, "binaries">, run: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  const pipeline = await startPipeline({ binaries: binaries(), ...options });
  try {
    return await run(pipeline);
  } finally {
    await pipeline.stop();
  }
}

async function main() {
  const { progress, args } = withProgress("bench", process.argv.slice(2));
  const full = args.includes("--full");
  const say = (line: string) => progress.phase(`  ${line}`);
  const started = Date.now();
  progress.phase(`profiles on 3 replicas${full ? " (full durations)" : ""}`);
  const { profiles, spec } = await withPipeline({ stack: "prod", prometheus: true, timings: "deployed" }, async (pipeline) => {
    const out = [];
    for (const [tag, profile] of PROFILES.entries())
      out.push(await runProfile(pipeline, profile, { tag, seconds: full ? profile.specifiedSeconds : profile.seconds, soak: full, say }));
    return { profiles: out, spec: pipeline.spec };
  });
  progress.phase(`${SIDE_BY_SIDE.name} on 1 replica`);
  const single = await withPipeline({ stack: "prod", replicas: 1, timings: "deployed" }, (pipeline) =>
    // As long as the same profile ran on 3 replicas, so the two are comparable.
    runProfile(pipeline, SIDE_BY_SIDE, { tag: PROFILES.length, seconds: full ? SIDE_BY_SIDE.specifiedSeconds : SIDE_BY_SIDE.seconds, say }),
  );
  progress.phase("capacity");
  // Short group timings, so each step's groups flush within seconds; the deployed peer timeout, which decides duplicates.
  const shortGroups = { ...FAST_TIMINGS, peerTimeout: spec.alertmanager.peerTimeout };
  const cap = await withPipeline({ stack: "prod", timings: shortGroups }, (pipeline) => capacity(pipeline, say));
  progress.phase("sizing");
  const size = await withPipeline({ stack: "prod", timings: FAST_TIMINGS }, (pipeline) => sizing(pipeline, say));
  progress.phase("failover");
  const trials = full ? FAILOVER_TRIALS.full : FAILOVER_TRIALS.default;
  const fo = await withPipeline({ stack: "prod", timings: FAST_TIMINGS }, (pipeline) => failover(pipeline, { trials }));
  progress.phase("configuration size");
  const scale = await configScale(say);
  progress.phase("import speed");
  const imported = await importSpeed(say);
  const bin = binaries();
  const results: BenchResults = {
    date: new Date().toISOString(),
    full,
    machine: machine(),
    versions: versions(bin),
    settings: { replicas: spec.alertmanager.replicas, peerTimeout: spec.alertmanager.peerTimeout, fastTimings: FAST_TIMINGS },
    limits: {
      alertmanager: { memoryBytes: parseMemory(spec.alertmanager.resources.limits.memory)!, cpu: parseCpu(spec.alertmanager.resources.limits.cpu)! },
      prometheus: { memoryBytes: parseMemory(spec.prometheus.resources.limits.memory)!, cpu: parseCpu(spec.prometheus.resources.limits.cpu)! },
    },
    profiles,
    sideBySide: { one: single, three: profiles.find((p) => p.profile === SIDE_BY_SIDE.name)! },
    capacity: cap,
    sizing: size,
    failover: { trials, expectedMs: fo.measured.expectedMs, delaysMs: fo.delaysMs, lost: fo.lost.length, duplicates: fo.duplicates },
    configScale: scale,
    importSpeed: imported,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  const files = outputFiles(full);
  const charts = resultCharts(results);
  mkdirSync(path.join(BENCH_DIR, files.charts), { recursive: true });
  for (const [file, svg] of Object.entries(charts)) writeFileSync(path.join(BENCH_DIR, files.charts, file), svg);
  writeFileSync(path.join(BENCH_DIR, files.json), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    path.join(BENCH_DIR, files.markdown),
    formatResults(
      results,
      Object.keys(charts).map((f) => `${files.charts}/${f}`),
    ),
  );
  progress.phase(
    `done in ${results.durationSeconds}s; wrote bench/${files.json}, bench/${files.markdown} and ${Object.keys(charts).length} charts in bench/${files.charts}`,
  );
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
