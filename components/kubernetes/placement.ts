/** Where a workload's pods may run: the user's tolerations, node selector and priority class, and the zone spread. */
import type { AlertingSpec } from "../../config/spec";
import { PodSpec, selectorLabels } from "./common";
import type { Component } from "./names";

const ZONE = "topology.kubernetes.io/zone";

/** The pod spec fields of `kubernetes.scheduling.<component>`; empty settings leave their field out, as a hand-written manifest would. */
export function podPlacement(
  spec: AlertingSpec,
  component: Component,
): Pick<PodSpec, "tolerations" | "nodeSelector" | "priorityClassName" | "topologySpreadConstraints"> {
  const s = spec.kubernetes.scheduling[component];
  return {
    ...(s.tolerations.length > 0 && { tolerations: s.tolerations }),
    ...(Object.keys(s.nodeSelector).length > 0 && { nodeSelector: s.nodeSelector }),
    ...(s.priorityClassName && { priorityClassName: s.priorityClassName }),
    // A preference: a cluster with one zone, or a zone short of capacity, must still run every replica.
    ...(s.zoneSpread && {
      topologySpreadConstraints: [
        { maxSkew: s.maxSkew, topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selectorLabels(component) } },
      ],
    }),
  };
}
