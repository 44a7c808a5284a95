import type { AlertingSpec } from "../../../config/spec";
import { BUILT_IN_JOBS } from "../../../config/scrape-schema";
import type { AlertRule, RuleGroup } from "./rule";

/** The upstream alertmanager mixin's rules, plus member count, Prometheus-side delivery checks and a Watchdog. */
export function metaRules(spec: AlertingSpec): RuleGroup<"meta"> {
  const am = `job="${BUILT_IN_JOBS.alertmanager}"`;
  const prom = `job="${BUILT_IN_JOBS.prometheus}"`;
  const replicas = spec.alertmanager.replicas;
  const clustered = replicas > 1;
  // Per integration and replica, whatever the reason: every reason's series exists from the start
  // at 0, so a ratio per reason would hide a failing replica behind a 0 in `min`, and Alertmanager
  // 0.34 spreads what 0.33 called clientError over authError and rateLimited.
  const failureRatio = `sum without (reason) (rate(alertmanager_notifications_failed_total{${am}}[5m])) / rate(alertmanager_notifications_total{${am}}[5m])`;
  const rules: AlertRule<"meta">[] = [
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
      expr: `${failureRatio} > 0.01`,
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
      // Prometheus 3.10+ counts only delivered alerts as sent, so an Alertmanager that takes none gives +Inf.
      expr: `clamp_max(min without (alertmanager) (rate(prometheus_notifications_errors_total{${prom}}[5m]) / rate(prometheus_notifications_sent_total{${prom}}[5m])) * 100, 100) > 3`,
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
  const prometheuses = spec.prometheus.replicas;
  if (prometheuses > 1) {
    rules.push({
      alert: "PrometheusReplicaDown",
      expr: `count(up{${prom}} == 1) < ${prometheuses}`,
      for: "10m",
      severity: "high",
      summary: `Fewer than ${prometheuses} Prometheus replicas are up`,
      description: "{{ $value }} of the expected " + `${prometheuses}` + " replicas evaluate the rules: one more failure and no alert fires.",
    });
  }
  // A satellite's Alertmanagers are the central's, which scrapes them and runs their rules.
  if (spec.role === "satellite") return { name: "meta", rules: rules.filter((r) => !r.alert.startsWith("Alertmanager")) };
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
        expr: `min by (job, integration) (${failureRatio}) > 0.01`,
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
