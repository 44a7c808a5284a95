/** The pipeline the rule, delivery, HA and chaos runs share. */
import { binaries } from "./binaries";
import { Pipeline, startPipeline } from "./pipeline";

/**
 * The prod stack's 3-replica Alertmanager cluster and its Prometheus replicas, scraping and
 * evaluating every second, so a rule fires within seconds of its condition.
 */
export function startEvaluatingPipeline(prometheus: Record<string, unknown>, rules: Record<string, unknown>): Promise<Pipeline> {
  return startPipeline({
    stack: "prod",
    binaries: binaries(),
    replicas: 3,
    prometheus: true,
    config: { prometheus: { scrapeInterval: "1s", evaluationInterval: "1s", ...prometheus }, rules },
  });
}
