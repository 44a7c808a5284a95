/**
 * Ingest capacity: the rate stepped up on a 3-replica cluster, every alert posted to every replica
 * as Prometheus does, until a step loses or duplicates an alert or the rate cannot be kept. Reports
 * the highest clean rate and what limited it: the Alertmanagers (their CPU, or answers slow enough
 * to hold the posting back) or the generator's CPU (one Node thread).
 */
import { cpus } from "os";
import type { Pipeline } from "../harness/pipeline";
import { settle } from "../harness/notifications";
import { sleep, waitFor } from "../harness/processes";
import { analyse, instancesIn, SentAlert } from "./analyse";
import { BATCH_MS, pipelineProcesses } from "./load";
import { processStats } from "./process-stats";

/** Doubling from the requirements' burst rate up: far past it, within a few minutes. */
export const STEP_RATES = [1_000, 2_000, 4_000, 8_000, 16_000];
const STEP_SECONDS = 3;
/** Alerts per group: enough to batch, small enough that one notification stays well under the stand-ins' body limit. */
const ALERTS_PER_GROUP = 50;
/** A step whose achieved rate falls below this share of its target was limited by the generator. */
const KEPT_RATE = 0.9;
const DELIVERY_BOUND_MS = 90_000;

export interface CapacityStep {
  targetRate: number;
  achievedRate: number;
  sent: number;
  lost: number;
  duplicates: number;
  /** CPU seconds per wall second: all Alertmanagers together, and the generator. */
  alertmanagerCpu: number;
  generatorCpu: number;
}

export interface CapacityResult {
  cores: number;
  stepSeconds: number;
  steps: CapacityStep[];
  highestCleanRate: number;
  limitedBy: string;
}

const labels = (step: number, n: number) => ({
  alertname: "CapacityProbe",
  severity: "high",
  tenant_id: `cap${step}-t${Math.floor(n / ALERTS_PER_GROUP)}`,
  instance: `cap${step}-i${n}`,
});

export function limitedBy(step: CapacityStep | undefined, cores: number): string {
  if (!step) return "not reached: every step was clean";
  if (step.generatorCpu >= KEPT_RATE) return "the load generator's CPU (one Node thread)";
  const amShare = `Alertmanager CPU ${step.alertmanagerCpu} of the ${Math.round((cores - step.generatorCpu) * 100) / 100} cores left`;
  // Each batch waits for every replica's answer, as Prometheus' notifier does: slow answers hold the rate down.
  if (step.achievedRate < step.targetRate * KEPT_RATE) return `the Alertmanagers: their answers held the rate down (${amShare})`;
  if (step.alertmanagerCpu >= (cores - step.generatorCpu) * KEPT_RATE) return `the Alertmanagers' CPU (${amShare})`;
  return "neither CPU was saturated: loss or duplicates came first";
}

export async function capacity(pipeline: Pipeline, say: (line: string) => void): Promise<CapacityResult> {
  const sentByStep: SentAlert[][] = [];
  const load: Omit<CapacityStep, "lost" | "duplicates" | "sent">[] = [];
  const amPids = pipelineProcesses(pipeline).filter((p) => p.name.startsWith("alertmanager"));
  for (const [step, rate] of STEP_RATES.entries()) {
    const sent: SentAlert[] = [];
    const perBatch = Math.round((rate * BATCH_MS) / 1000);
    const amBefore = amPids.reduce((sum, p) => sum + processStats(p.pid).cpuSeconds, 0);
    const generatorBefore = process.cpuUsage();
    const start = Date.now();
    for (let tick = 0; tick < (STEP_SECONDS * 1000) / BATCH_MS; tick++) {
      const batch = Array.from({ length: perBatch }, (_, j) => labels(step, tick * perBatch + j));
      const sentAt = Date.now();
      await pipeline.fire(batch.map((l) => ({ labels: l })));
      for (const l of batch) sent.push({ instance: l.instance, sentAt, labels: l });
      const wait = start + (tick + 1) * BATCH_MS - Date.now();
      if (wait > 0) await sleep(wait);
    }
    const wallSeconds = (Date.now() - start) / 1000;
    const generator = process.cpuUsage(generatorBefore);
    const amAfter = amPids.reduce((sum, p) => sum + processStats(p.pid).cpuSeconds, 0);
    sentByStep.push(sent);
    load.push({
      targetRate: rate,
      achievedRate: Math.round(sent.length / wallSeconds),
      alertmanagerCpu: Math.round(((amAfter - amBefore) / wallSeconds) * 100) / 100,
      generatorCpu: Math.round(((generator.user + generator.system) / 1e6 / wallSeconds) * 100) / 100,
    });
    say(`capacity ${rate}/s: achieved ${load[step].achievedRate}/s, Alertmanager CPU ${load[step].alertmanagerCpu}, generator ${load[step].generatorCpu}`);
    if (load[step].achievedRate < rate * KEPT_RATE) break;
  }
  const all = sentByStep.flat();
  await waitFor(
    "every capacity alert notified",
    () => {
      const seen = new Set(pipeline.notifications().flatMap(instancesIn));
      return all.every((a) => seen.has(a.instance)) ? true : undefined;
    },
    DELIVERY_BOUND_MS,
    1000,
  ).catch(() => undefined);
  await settle(pipeline);
  const steps = load.map((l, step): CapacityStep => {
    const mine = pipeline.notifications().filter((n) => n.text.includes(`cap${step}-`));
    const f = analyse(sentByStep[step], mine, () => 0, { accepted: 0, attempted: 0 });
    return { ...l, sent: f.alertsSent, lost: f.lost, duplicates: f.duplicates };
  });
  const clean = (s: CapacityStep) => s.lost === 0 && s.duplicates === 0 && s.achievedRate >= s.targetRate * KEPT_RATE;
  const firstUnclean = steps.find((s) => !clean(s));
  const cleanSteps = firstUnclean ? steps.slice(0, steps.indexOf(firstUnclean)) : steps;
  return {
    cores: cpus().length,
    stepSeconds: STEP_SECONDS,
    steps,
    highestCleanRate: cleanSteps.at(-1)?.achievedRate ?? 0,
    limitedBy: limitedBy(firstUnclean, cpus().length),
  };
}
