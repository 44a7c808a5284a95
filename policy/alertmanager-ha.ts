import { EnforcementLevel, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { containersOf, WORKLOADS } from "./workloads";

export interface AlertmanagerHaConfig {
  minReplicas: number;
}

const matchesSelector = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  !!selector && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Does a NetworkPolicy (one that selects pods, so it has a spec) let `port`/`protocol` in? A rule without ports is not read. */
const portAllowed = (policy: Record<string, any>, port: number, protocol: string) =>
  policy.spec.ingress?.some((rule: Record<string, any>) => rule.ports?.some((p: Record<string, any>) => p.port === port && (p.protocol ?? "TCP") === protocol));

/**
 * A production Alertmanager is a cluster: enough replicas, a PodDisruptionBudget, and a
 * NetworkPolicy that lets gossip through on 9094 over TCP and UDP (memberlist needs both).
 */
export function alertmanagerHighAvailability(enforcementLevel: EnforcementLevel = "advisory"): StackValidationPolicy {
  return {
    name: "alertmanager-high-availability",
    description: "Kubernetes Alertmanager runs at least 3 replicas with a PodDisruptionBudget and a NetworkPolicy allowing 9094 over TCP and UDP.",
    enforcementLevel,
    configSchema: { properties: { minReplicas: { type: "number", default: 3 } } },
    validateStack: (args, reportViolation) => {
      const { minReplicas } = args.getConfig<AlertmanagerHaConfig>();
      const alertmanagers = args.resources.filter(
        (r: PolicyResource) => r.type in WORKLOADS && containersOf(r.type, r.props).some((c) => /alertmanager/.test(String(c.container.image))),
      );
      if (alertmanagers.length === 0) args.notApplicable("no Kubernetes Alertmanager in this stack");
      const byType = (type: string) => args.resources.filter((r) => r.type === type);
      for (const am of alertmanagers) {
        const labels: Record<string, string> = am.props.spec.template?.metadata?.labels ?? am.props.metadata?.labels ?? {};
        const replicas = am.props.spec.replicas ?? 1;
        if (replicas < minReplicas) reportViolation(`Alertmanager ${am.name} runs ${replicas} replica(s); run at least ${minReplicas}.`, am.urn);
        const pdb = byType("kubernetes:policy/v1:PodDisruptionBudget").some((p) => matchesSelector(p.props.spec?.selector?.matchLabels, labels));
        if (!pdb) reportViolation(`Alertmanager ${am.name} has no PodDisruptionBudget selecting its pods.`, am.urn);
        const policies = byType("kubernetes:networking.k8s.io/v1:NetworkPolicy").filter((p) => matchesSelector(p.props.spec?.podSelector?.matchLabels, labels));
        const gossip = policies.some((p) => portAllowed(p.props, 9094, "TCP") && portAllowed(p.props, 9094, "UDP"));
        if (!gossip) reportViolation(`Alertmanager ${am.name} has no NetworkPolicy allowing gossip on 9094 over both TCP and UDP.`, am.urn);
      }
    },
  };
}
