/**
 * `alerting:kubernetes.scheduling.<workload>`: where Alertmanager's and Prometheus' pods may run
 * (tolerations, node selector, priority class, zone spread). Kubernetes only. Pure.
 */
import { z } from "zod";
import { bool, dnsSubdomain, int, labelKey, labelValue, list, obj, oneOf } from "./fields";

/** No workload runs more than 9 replicas (alertmanager.replicas, prometheus.replicas), so a larger skew would constrain nothing. */
const MAX_SKEW = 9;

const seconds = () =>
  z
    .number({ error: "is not a number; use a whole number of seconds, 0 or more" })
    .int({ error: "is not a whole number; use a whole number of seconds, 0 or more" })
    .min(0, { error: "is negative; use a whole number of seconds, 0 or more" });

/** Kubernetes' own rules for a toleration, checked here so `pulumi up` stops before the API server refuses the StatefulSet. */
const toleration = obj({
  key: labelKey().optional().describe("The taint key; unset with operator Exists: tolerate every taint."),
  operator: oneOf(["Equal", "Exists"]).default("Equal").describe("`Equal`: the taint's value must be `value`; `Exists`: any value."),
  value: labelValue().optional().describe("The taint value, with operator Equal."),
  effect: oneOf(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional().describe("The taint effect; unset: every effect."),
  tolerationSeconds: seconds().optional().describe("With effect NoExecute: how long the pod stays on a node after the taint appears."),
}).superRefine((t, ctx) => {
  if (t.operator === "Exists" && t.value !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["value"],
      input: t.value,
      message: "is set with operator Exists, which matches any value; remove value, or use operator Equal",
    });
  }
  if (t.operator === "Equal" && t.key === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "has no key, which operator Equal needs; name the taint key, or use operator Exists without a key to tolerate every taint",
    });
  }
  if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") {
    ctx.addIssue({
      code: "custom",
      path: ["tolerationSeconds"],
      input: t.tolerationSeconds,
      message: "only applies to effect NoExecute; set effect: NoExecute or remove tolerationSeconds",
    });
  }
});

const workload = (name: string) =>
  obj({
    tolerations: list(toleration).default([]).describe(`Taints ${name}'s pods tolerate, e.g. a dedicated monitoring node pool.`),
    nodeSelector: z
      .record(labelKey(), labelValue(), {
        // A bad key reports the key's own message, not the map's.
        error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : "is not a map of label keys to label values"),
      })
      .default({})
      .describe(`Node labels ${name}'s pods require, e.g. \`kubernetes.io/os: linux\`.`),
    priorityClassName: dnsSubdomain().optional().describe(`PriorityClass of ${name}'s pods, so alerting outlives the workloads it watches under pressure.`),
    zoneSpread: bool().default(true).describe(`Spread ${name}'s replicas across zones (\`topology.kubernetes.io/zone\`), as a preference.`),
    maxSkew: int(1, MAX_SKEW).default(1).describe("With zoneSpread: the largest difference in replica count between two zones."),
  }).prefault({});

export const schedulingSchema = obj({ alertmanager: workload("Alertmanager"), prometheus: workload("Prometheus") });
