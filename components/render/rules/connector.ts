/** The connector preset: packet errors, settlements, availability, latency and SLAs, per connector. */
import type { RuleGroup } from "./rule";

export function connectorRules(): RuleGroup<"connector"> {
  const packetRatio = (result: string) =>
    `sum by (connector) (rate(connector_packets_total{result="${result}"}[5m])) / sum by (connector) (rate(connector_packets_total[5m]))`;
  const quantile = (q: number, metric: string, window: string) => `histogram_quantile(${q}, sum by (le, connector) (rate(${metric}_bucket[${window}])))`;
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
        expr: 'container_memory_working_set_bytes{container=~"connector.*"} / (container_spec_memory_limit_bytes{container=~"connector.*"} > 0) > 0.9',
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
