/**
 * Alert rule presets as Prometheus rule files. Every rule carries severity, summary,
 * description and runbook_url. Metric names of the application and connector presets are
 * the ones the README's "Alert rules" section documents for exporters to provide.
 */
import type { AlertingSpec } from "../../config/spec";
import type { Severity } from "../../config/fields";
import { ALERTMANAGER_JOB, PROMETHEUS_JOB } from "./prometheus";
import { toYaml } from "./yaml";

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  severity: Severity;
  summary: string;
  description: string;
}

interface RuleGroup {
  name: string;
  rules: AlertRule[];
}

function applicationRules(spec: AlertingSpec): RuleGroup {
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

function connectorRules(): RuleGroup {
  const packetRatio = (result: string) =>
    `sum by (connector) (rate(connector_packets_total{result="${result}"}[5m])) / sum by (connector) (rate(connector_packets_total[5m]))`;
  const quantile = (q: number, metric: string, window: string) =>
    `histogram_quantile(${q}, sum by (le, connector) (rate(${metric}_bucket[${window}])))`;
  return {
    name: "connector",
    rules: [
      {
        alert: "HighPacketErrorRate",
        expr: `${packetRatio("error")} > 0.05`,
        for: "5m",
        severity: "high",
        summary: "More than 5% of packets fail",
        description: "Connector {{ $labels.connector }}: {{ $value | humanizePercentage }} of packets end in error.",
      },
      {
        alert: "SettlementFailures",
        expr: "sum by (connector) (increase(connector_settlement_failures_total[10m])) > 0",
        for: "1m",
        severity: "critical",
        summary: "Settlements are failing",
        description: "Connector {{ $labels.connector }}: {{ $value }} settlement failures in 10 minutes.",
      },
      {
        alert: "TigerBeetleUnavailable",
        expr: 'up{job=~"tigerbeetle.*"} == 0',
        for: "1m",
        severity: "critical",
        summary: "TigerBeetle ledger is unreachable",
        description: "TigerBeetle {{ $labels.instance }} has not answered scrapes for a minute.",
      },
      {
        alert: "ChannelDispute",
        expr: "sum by (connector, channel_id) (increase(connector_channel_disputes_total[5m])) > 0",
        for: "0m",
        severity: "critical",
        summary: "A payment channel is in dispute",
        description: "Connector {{ $labels.connector }}: channel {{ $labels.channel_id }} raised a dispute.",
      },
      {
        alert: "HighP99Latency",
        expr: `${quantile(0.99, "connector_packet_duration_seconds", "5m")} > 1`,
        for: "10m",
        severity: "warning",
        summary: "p99 packet latency above 1s",
        description: "Connector {{ $labels.connector }}: p99 packet latency is {{ $value | humanizeDuration }}.",
      },
      {
        alert: "LowThroughput",
        expr: 'sum by (connector) (rate(connector_packets_total{result="fulfilled"}[10m])) < 1',
        for: "15m",
        severity: "warning",
        summary: "Fewer than 1 fulfilled packet per second",
        description: "Connector {{ $labels.connector }} fulfils {{ $value }} packets/s.",
      },
      {
        alert: "ConnectorDown",
        expr: 'up{job=~"connector.*"} == 0',
        for: "1m",
        severity: "critical",
        summary: "Connector is down",
        description: "Connector {{ $labels.instance }} has not answered scrapes for a minute.",
      },
      {
        alert: "HighMemoryUsage",
        expr:
          'container_memory_working_set_bytes{container=~"connector.*"} / (container_spec_memory_limit_bytes{container=~"connector.*"} > 0) > 0.9',
        for: "10m",
        severity: "warning",
        summary: "Connector uses more than 90% of its memory limit",
        description: "{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit.",
      },
      {
        alert: "CriticalErrorSpike",
        expr: 'sum by (connector) (rate(connector_errors_total{level="critical"}[5m])) > 1',
        for: "2m",
        severity: "critical",
        summary: "More than 1 critical error per second",
        description: "Connector {{ $labels.connector }} logs {{ $value }} critical errors/s.",
      },
      {
        alert: "SettlementSLABreach",
        expr: `${quantile(0.95, "connector_settlement_duration_seconds", "15m")} > 30`,
        for: "15m",
        severity: "high",
        summary: "p95 settlement time above the 30s SLA",
        description: "Connector {{ $labels.connector }}: p95 settlement time is {{ $value | humanizeDuration }}.",
      },
      {
        alert: "PacketSLABreach",
        expr: `${quantile(0.95, "connector_packet_duration_seconds", "15m")} > 0.5`,
        for: "15m",
        severity: "high",
        summary: "p95 packet time above the 500ms SLA",
        description: "Connector {{ $labels.connector }}: p95 packet time is {{ $value | humanizeDuration }}.",
      },
    ],
  };
}

/** The upstream alertmanager mixin's rules, plus member count, Prometheus-side delivery checks and a Watchdog. */
function metaRules(spec: AlertingSpec): RuleGroup {
  const am = `job="${ALERTMANAGER_JOB}"`;
  const prom = `job="${PROMETHEUS_JOB}"`;
  const replicas = spec.alertmanager.replicas;
  const clustered = replicas > 1;
  const rules: AlertRule[] = [
    {
      alert: "Watchdog",
      expr: "vector(1)",
      for: "0m",
      severity: "none",
      summary: "The alerting pipeline is alive",
      description: "Always firing. Route it to a dead man's switch: if it stops arriving, alerting is broken.",
    },
    {
      alert: "AlertmanagerDown",
      expr: `up{${am}} == 0`,
      for: "5m",
      severity: "warning",
      summary: "An Alertmanager replica is down",
      description: "Prometheus has not scraped {{ $labels.instance }} for 5 minutes.",
    },
    {
      alert: "AlertmanagerFailedReload",
      expr: `max_over_time(alertmanager_config_last_reload_successful{${am}}[5m]) == 0`,
      for: "10m",
      severity: "critical",
      summary: "Alertmanager failed to load its configuration",
      description: "{{ $labels.instance }} runs an old configuration: the last reload failed.",
    },
    {
      alert: "AlertmanagerFailedToSendAlerts",
      expr: `(rate(alertmanager_notifications_failed_total{${am}}[5m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{${am}}[5m])) > 0.01`,
      for: "5m",
      severity: "warning",
      summary: "An Alertmanager replica fails to send notifications",
      description: "{{ $labels.instance }} fails {{ $value | humanizePercentage }} of notifications to {{ $labels.integration }}.",
    },
    {
      alert: "AlertmanagerConfigInconsistent",
      expr: `count by (job) (count_values by (job) ("config_hash", alertmanager_config_hash{${am}})) != 1`,
      for: "5m",
      severity: "critical",
      summary: "Alertmanager replicas run different configurations",
      description: "The replicas of {{ $labels.job }} do not agree on their configuration hash.",
    },
    {
      alert: "PrometheusNotConnectedToAlertmanagers",
      expr: `max_over_time(prometheus_notifications_alertmanagers_discovered{${prom}}[5m]) < ${replicas}`,
      for: "10m",
      severity: "warning",
      summary: `Prometheus sends alerts to fewer than ${replicas} Alertmanagers`,
      description: "{{ $labels.instance }} knows {{ $value }} Alertmanagers; every replica must receive every alert.",
    },
    {
      alert: "PrometheusErrorSendingAlertsToAnyAlertmanager",
      expr: `min without (alertmanager) (rate(prometheus_notifications_errors_total{${prom}}[5m]) / rate(prometheus_notifications_sent_total{${prom}}[5m])) * 100 > 3`,
      for: "15m",
      severity: "critical",
      summary: "Prometheus fails to send alerts to every Alertmanager",
      description: "{{ $value | humanize }}% of alerts from {{ $labels.instance }} fail to reach any Alertmanager.",
    },
    {
      alert: "PrometheusRuleFailures",
      expr: `increase(prometheus_rule_evaluation_failures_total{${prom}}[5m]) > 0`,
      for: "15m",
      severity: "critical",
      summary: "Prometheus fails to evaluate rules",
      description: "{{ $labels.instance }} failed {{ $value | humanize }} rule evaluations in 5 minutes.",
    },
  ];
  if (clustered) {
    rules.push(
      {
        alert: "AlertmanagerMembersInconsistent",
        expr: `max_over_time(alertmanager_cluster_members{${am}}[5m]) < on (job) group_left count by (job) (max_over_time(alertmanager_cluster_members{${am}}[5m]))`,
        for: "10m",
        severity: "critical",
        summary: "An Alertmanager replica does not see all cluster members",
        description: "{{ $labels.instance }} sees only {{ $value }} members.",
      },
      {
        alert: "AlertmanagerClusterMembersBelowExpected",
        expr: `max by (job) (max_over_time(alertmanager_cluster_members{${am}}[5m])) < ${replicas}`,
        for: "10m",
        severity: "high",
        summary: `The Alertmanager cluster has fewer than ${replicas} members`,
        description: "{{ $value }} of the expected " + `${replicas}` + " members are in the cluster.",
      },
      {
        alert: "AlertmanagerClusterFailedToSendAlerts",
        expr: `min by (job, integration) (rate(alertmanager_notifications_failed_total{${am}}[5m]) / ignoring (reason) group_left rate(alertmanager_notifications_total{${am}}[5m])) > 0.01`,
        for: "5m",
        severity: "critical",
        summary: "Every Alertmanager replica fails to send notifications",
        description: "The lowest failure rate to {{ $labels.integration }} of any replica is {{ $value | humanizePercentage }}.",
      },
      {
        alert: "AlertmanagerClusterDown",
        expr: `(count by (job) (avg_over_time(up{${am}}[5m]) < 0.5) / count by (job) (up{${am}})) >= 0.5`,
        for: "5m",
        severity: "critical",
        summary: "Half or more of the Alertmanager replicas are down",
        description: "{{ $value | humanizePercentage }} of the replicas were up less than half of the last 5 minutes.",
      },
      {
        alert: "AlertmanagerClusterCrashlooping",
        expr: `(count by (job) (changes(process_start_time_seconds{${am}}[10m]) > 4) / count by (job) (up{${am}})) >= 0.5`,
        for: "5m",
        severity: "critical",
        summary: "Half or more of the Alertmanager replicas are crash-looping",
        description: "{{ $value | humanizePercentage }} of the replicas restarted at least 5 times in 10 minutes.",
      },
    );
  }
  return { name: "meta", rules };
}

export function ruleGroups(spec: AlertingSpec): RuleGroup[] {
  const builders = { application: applicationRules, connector: connectorRules, meta: metaRules };
  return [...new Set(spec.rules.presets)].map((preset) => builders[preset](spec));
}

/** One file per preset: `<preset>.yml` → Prometheus rule file text. */
export function renderRuleFiles(spec: AlertingSpec): Record<string, string> {
  const base = spec.rules.runbookBaseUrl.replace(/\/$/, "");
  return Object.fromEntries(
    ruleGroups(spec).map((group) => [
      `${group.name}.yml`,
      toYaml({
        groups: [
          {
            name: group.name,
            rules: group.rules.map((r) => ({
              alert: r.alert,
              expr: r.expr,
              for: spec.rules.for[r.alert as keyof typeof spec.rules.for] ?? r.for,
              labels: { severity: r.severity },
              annotations: { summary: r.summary, description: r.description, runbook_url: `${base}/${r.alert}` },
            })),
          },
        ],
      }),
    ]),
  );
}
