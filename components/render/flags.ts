/** Alertmanager's and Prometheus' command lines (and Alertmanager's environment), one shape for Kubernetes, docker and the end-to-end harness. */
import type { AlertingSpec } from "../../config/spec";
import { INTEGRATION_KINDS, integrationCredentials } from "../../config/integrations";
import { parseDurationMs } from "../../config/quantities";
import { AlertmanagerPaths, credentialFile, PrometheusPaths, WEB_FILES } from "./paths";
import { EVENT_RECORDER_FEATURE } from "./audit";

/** How long a replica keeps trying to reach a lost peer: long enough for a node to come back from a reboot. */
export const RECONNECT_TIMEOUT = "5m";

/**
 * Prometheus' own default, passed explicitly because Alertmanager's start delay is derived from it:
 * the two must change together.
 */
export const ALERT_RESEND_DELAY = "1m";

/**
 * GOMEMLIMIT as a share of the container's memory limit (upstream's default ratio). Under the dev
 * limit of 128 MiB Alertmanager held 30,000 active alerts with it and was killed at 18,000 without
 * (docs/alertmanager-options.md, bench/alertmanager-options.ts).
 */
export const GOMEMLIMIT_RATIO = 0.9;

/**
 * How long a started Alertmanager holds notifications back: until Prometheus has re-sent every
 * firing alert, so that an inhibiting alert is back before the alert it inhibits pages. Prometheus
 * re-sends at the first evaluation after the resend delay (one interval later, measured); the
 * second interval covers Alertmanager's own start-up and a late evaluation.
 */
export function dispatchStartDelay(spec: AlertingSpec): string {
  const set = spec.alertmanager.dispatchStartDelay;
  const ms = set === undefined ? parseDurationMs(ALERT_RESEND_DELAY)! + 2 * parseDurationMs(spec.prometheus.evaluationInterval)! : parseDurationMs(set)!;
  // In seconds: the flag takes Go's durations, which have no d or w.
  return `${ms / 1000}s`;
}

export interface AlertmanagerFlagOptions {
  paths: AlertmanagerPaths;
  webListenAddress: string;
  externalUrl: string;
  /** Gossip listen address; ignored with one replica, where clustering is off. */
  clusterListenAddress: string;
  /** host:port of every replica's gossip port, this one included. */
  peers: string[];
}

export function alertmanagerFlags(spec: AlertingSpec, o: AlertmanagerFlagOptions): string[] {
  const am = spec.alertmanager;
  const cluster =
    am.replicas > 1
      ? [
          `--cluster.listen-address=${o.clusterListenAddress}`,
          ...o.peers.map((peer) => `--cluster.peer=${peer}`),
          `--cluster.label=${am.clusterLabel}`,
          `--cluster.peer-timeout=${am.peerTimeout}`,
          `--cluster.pushpull-interval=${am.pushPullInterval}`,
          `--cluster.reconnect-timeout=${RECONNECT_TIMEOUT}`,
        ]
      : ["--cluster.listen-address="];
  return [
    `--config.file=${o.paths.configFile}`,
    `--storage.path=${o.paths.storageDir}`,
    `--data.retention=${am.retention}`,
    `--web.listen-address=${o.webListenAddress}`,
    `--web.external-url=${o.externalUrl}`,
    "--web.route-prefix=/",
    `--log.level=${am.logLevel}`,
    `--dispatch.start-delay=${dispatchStartDelay(spec)}`,
    // Against the container's limit (the machine's memory where there is none). One flag: Alertmanager reads a comma-separated list once.
    `--enable-feature=${["auto-gomemlimit", ...(spec.audit.enabled ? [EVENT_RECORDER_FEATURE] : [])].join(",")}`,
    `--auto-gomemlimit.ratio=${GOMEMLIMIT_RATIO}`,
    ...(spec.web.auth ? [`--web.config.file=${o.paths.webDir}/${WEB_FILES.config}`] : []),
    ...cluster,
  ];
}

/**
 * Alertmanager's environment: where it finds the credentials it reads through a library rather
 * than a `*_file` field (SNS: the AWS SDK reads AWS_SHARED_CREDENTIALS_FILE). Paths only, never a
 * credential; config/checks.ts keeps each variable to one key.
 */
export function alertmanagerEnv(spec: AlertingSpec, paths: AlertmanagerPaths): Record<string, string> {
  const env: Record<string, string> = {};
  for (const r of spec.receivers) {
    for (const kind of INTEGRATION_KINDS) {
      const integration = r[kind];
      for (const { slot, key } of integration ? integrationCredentials(kind, integration) : []) {
        if ("env" in slot.file) env[slot.file.env] = credentialFile(paths, key);
      }
    }
  }
  return env;
}

export interface PrometheusFlagOptions {
  paths: PrometheusPaths;
  webListenAddress: string;
  /** Where people open Prometheus: the Source link (`.GeneratorURL`) of every alert points there. */
  externalUrl: string;
}

export function prometheusFlags(spec: AlertingSpec, o: PrometheusFlagOptions): string[] {
  return [
    `--config.file=${o.paths.configFile}`,
    `--storage.tsdb.path=${o.paths.storageDir}`,
    `--storage.tsdb.retention.time=${spec.prometheus.retention}`,
    ...(spec.prometheus.retentionSize ? [`--storage.tsdb.retention.size=${spec.prometheus.retentionSize}`] : []),
    `--rules.alert.resend-delay=${ALERT_RESEND_DELAY}`,
    `--web.listen-address=${o.webListenAddress}`,
    `--web.external-url=${o.externalUrl}`,
    // Served at / whatever path the external URL has: a proxy strips it, and the probes stay put.
    "--web.route-prefix=/",
    ...(spec.web.auth ? [`--web.config.file=${o.paths.webDir}/${WEB_FILES.config}`] : []),
  ];
}
