/**
 * npm run chaos [-- --quiet]: the HA scenarios under faults, long form, on the prod stack's configuration and
 * the real binaries; writes docs/chaos-results.md. Exits 1 when an alert was lost or a promise
 * broke. Needs root (network namespaces for the partition).
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { binaries } from "../harness/binaries";
import { ChaosResult, failover, partition, restartWithState, rollingUpdate } from "../harness/chaos";
import { prometheusMemberRestart, prometheusRestart, ScrapeTarget } from "../harness/chaos-prometheus";
import { describeFigures, formatChaos } from "../harness/chaos-report";
import { startEvaluatingPipeline } from "../harness/evaluating-pipeline";
import { machine, versions } from "../harness/machine";
import { NamespaceNetwork, namespacesUnavailable } from "../harness/netns";
import { startPipeline, WORKDIR_PREFIX } from "../harness/pipeline";
import { freePort } from "../harness/ports";
import { withProgress } from "../offline/progress";
import { ROOT } from "../offline/program";

const RESULTS_FILE = path.join(ROOT, "docs", "chaos-results.md");

/** Longer faults and faster flows than the test's short form; the short form's settings are in test/e2e. */
const LONG = {
  partition: { ratePerSecond: 50, faultMs: 30_000 },
  roll: { ratePerSecond: 50 },
  failover: { trials: 5 },
  member: { member: 0, faultMs: 10_000 },
};

const SETTINGS: Record<string, string> = {
  partition: `${LONG.partition.ratePerSecond} alerts/s, the last replica cut off for ${LONG.partition.faultMs / 1000} s`,
  "rolling update": `${LONG.roll.ratePerSecond} alerts/s, 3 replicas restarted in turn`,
  "restart with state": "every replica stopped and started on its data",
  "failover of the first replica": `${LONG.failover.trials} trials, one alert each`,
  "one member of the Prometheus pair": `prometheus-${LONG.member.member} killed for ${LONG.member.faultMs / 1000} s`,
  "Prometheus restart": "both replicas stopped; a second target goes down meanwhile",
};

const { progress } = withProgress("chaos", process.argv.slice(2));

/** Says what is about to run (progress), runs it, prints its figures (a result). */
async function run(scenario: string, scenarioRun: () => Promise<ChaosResult>): Promise<ChaosResult> {
  progress.phase(`${scenario}: ${SETTINGS[scenario]}`);
  const result = await scenarioRun();
  console.log(describeFigures(result));
  return result;
}

async function alertmanagerScenarios(): Promise<ChaosResult[]> {
  progress.phase("starting 3 Alertmanagers, each in a network namespace of its own, with the prod stack's configuration");
  const network = new NamespaceNetwork(WORKDIR_PREFIX);
  const pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 3, network });
  try {
    return [
      await run("partition", () => partition(pipeline, network, LONG.partition)),
      await run("rolling update", () => rollingUpdate(pipeline, LONG.roll)),
      await run("restart with state", () => restartWithState(pipeline)),
      await run("failover of the first replica", () => failover(pipeline, LONG.failover)),
    ];
  } finally {
    await pipeline.stop();
    network.remove();
  }
}

async function prometheusScenarios(): Promise<ChaosResult[]> {
  progress.phase("starting the Prometheus pair and 3 Alertmanagers with the prod stack's configuration");
  const late = await new ScrapeTarget().start();
  const steady = `127.0.0.1:${await freePort()}`;
  const pipeline = await startEvaluatingPipeline({ scrapeJobs: [{ name: "worker", targets: [steady, late.instance] }] }, { for: { WorkerDown: "0s" } });
  try {
    return [
      await run("one member of the Prometheus pair", () => prometheusMemberRestart(pipeline, steady, LONG.member)),
      await run("Prometheus restart", () => prometheusRestart(pipeline, { steady, late })),
    ];
  } finally {
    await pipeline.stop();
    await late.close();
  }
}

async function main(): Promise<void> {
  const unavailable = namespacesUnavailable();
  if (unavailable) throw new Error(`npm run chaos: ${unavailable}`);
  const started = Date.now();
  const results = [...(await alertmanagerScenarios()), ...(await prometheusScenarios())];
  writeFileSync(
    RESULTS_FILE,
    formatChaos({
      date: new Date().toISOString(),
      machine: machine(),
      versions: versions(binaries()),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      settings: SETTINGS,
      results,
    }),
  );
  progress.phase(`wrote ${path.relative(ROOT, RESULTS_FILE)}`);
  if (results.some((r) => r.lost.length > 0 || r.broken.length > 0)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
