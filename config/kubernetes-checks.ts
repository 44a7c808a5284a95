/**
 * Checks of the Kubernetes-only knobs that span keys: ingress and scheduling are refused on the
 * local stack, an explicit external URL must name its Ingress's host, and a size-based retention
 * must fit the volume. Pure.
 */
import type { ConfigIssue } from "./errors";
import { ingressUrl } from "./ingress-schema";
import { parseByteSize, parseMemory } from "./quantities";
import type { AlertingConfig } from "./schema";

const UIS = ["alertmanager", "prometheus"] as const;

/** `values` are the raw config values: scheduling has defaults, so only the raw values tell whether the user set it. */
export function checkKubernetesKeys(config: AlertingConfig, values: Record<string, unknown>): ConfigIssue[] {
  if (config.target !== "kubernetes") return refusedOnLocal(config, values);
  const issues: ConfigIssue[] = [];
  for (const ui of UIS) {
    const route = config.kubernetes.ingress?.[ui];
    const explicit = config[ui].externalUrl;
    if (!route || explicit === undefined || new URL(explicit).hostname === route.host) continue;
    issues.push({
      path: [ui, "externalUrl"],
      value: explicit,
      message: `names host ${new URL(explicit).hostname}, but alerting:kubernetes.ingress.${ui}.host is ${route.host}; make them agree, or leave externalUrl unset to use ${ingressUrl(route)}`,
    });
  }
  const { retentionSize, storage } = config.prometheus;
  if (retentionSize !== undefined && parseByteSize(retentionSize)! >= parseMemory(storage.size)!) {
    issues.push({
      path: ["prometheus", "retentionSize"],
      value: retentionSize,
      message: `is not below alerting:prometheus.storage.size (${storage.size}); the volume would fill before size-based retention deletes a block, so use a smaller size or a larger volume`,
    });
  }
  return issues;
}

function refusedOnLocal(config: AlertingConfig, values: Record<string, unknown>): ConfigIssue[] {
  const given = (values.kubernetes ?? {}) as Record<string, unknown>;
  const issues: ConfigIssue[] = [];
  if (config.kubernetes.ingress !== undefined) {
    issues.push({
      path: ["kubernetes", "ingress"],
      value: given.ingress,
      message: `is set while alerting:target is ${config.target}; an Ingress exists on kubernetes only (the local stack publishes the UIs on alerting:local.bindAddress)`,
    });
  }
  if (given.scheduling !== undefined) {
    issues.push({
      path: ["kubernetes", "scheduling"],
      value: given.scheduling,
      message: `is set while alerting:target is ${config.target}; scheduling applies to Kubernetes pods only, so remove it from this stack`,
    });
  }
  return issues;
}
