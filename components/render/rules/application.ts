/**
 * The application preset: enhancement success rate, queue depth, workers and latency, per tenant.
 * Metric names are the ones docs/configuration.md lists for exporters to provide.
 */
import type { AlertingSpec } from "../../../config/spec";
import type { RuleGroup } from "./rule";

export function applicationRules(spec: AlertingSpec): RuleGroup<"application"> {
  const { successRate, queueDepth, latencySeconds } = spec.rules;
  const successRatio =
    'sum by (tenant_id) (rate(enhancement_requests_total{status="success"}[5m])) / sum by (tenant_id) (rate(enhancement_requests_total[5m]))';
  const p95Latency = "histogram_quantile(0.95, sum by (le, tenant_id) (rate(enhancement_duration_seconds_bucket[5m])))";
  const queue = "max by (tenant_id, queue) (queue_depth)";
  return {
    name: "application",
    rules: [
      {
        alert: "EnhancementSuccessRateLow",
        expr: `${successRatio} < ${successRate.warning}`,
        for: "10m",
        severity: "warning",
        summary: `Enhancement success rate below ${successRate.warning * 100}%`,
        description: "Tenant {{ $labels.tenant_id }}: {{ $value | humanizePercentage }} of enhancement requests succeed.",
      },
      {
        alert: "EnhancementSuccessRateLow",
        expr: `${successRatio} < ${successRate.critical}`,
        for: "5m",
        severity: "critical",
        summary: `Enhancement success rate below ${successRate.critical * 100}%`,
        description: "Tenant {{ $labels.tenant_id }}: only {{ $value | humanizePercentage }} of enhancement requests succeed.",
      },
      {
        alert: "QueueDepthHigh",
        expr: `${queue} > ${queueDepth.warning}`,
        for: "5m",
        severity: "warning",
        summary: `Queue depth above ${queueDepth.warning}`,
        description: "Queue {{ $labels.queue }} of tenant {{ $labels.tenant_id }} holds {{ $value }} items.",
      },
      {
        alert: "QueueDepthHigh",
        expr: `${queue} > ${queueDepth.critical}`,
        for: "5m",
        severity: "critical",
        summary: `Queue depth above ${queueDepth.critical}`,
        description: "Queue {{ $labels.queue }} of tenant {{ $labels.tenant_id }} holds {{ $value }} items.",
      },
      {
        alert: "WorkerDown",
        expr: 'up{job=~"worker.*"} == 0',
        for: "2m",
        severity: "critical",
        summary: "Worker is down",
        description: "Worker {{ $labels.instance }} (job {{ $labels.job }}) has not answered scrapes for 2 minutes.",
      },
      {
        alert: "HighLatency",
        expr: `${p95Latency} > ${latencySeconds.warning}`,
        for: "10m",
        severity: "warning",
        summary: `p95 enhancement latency above ${latencySeconds.warning}s`,
        description: "Tenant {{ $labels.tenant_id }}: p95 latency is {{ $value | humanizeDuration }}.",
      },
      {
        alert: "HighLatency",
        expr: `${p95Latency} > ${latencySeconds.critical}`,
        for: "5m",
        severity: "critical",
        summary: `p95 enhancement latency above ${latencySeconds.critical}s`,
        description: "Tenant {{ $labels.tenant_id }}: p95 latency is {{ $value | humanizeDuration }}.",
      },
    ],
  };
}
