import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";

export const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
export const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";

// Stryker disable next-line ArrayDeclaration: what stands in for a missing list is never "*" or "secrets", so any placeholder reads as empty.
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** `secrets` itself, a subresource of it, or `*` in a rule that reaches the core API group (where Secrets live). */
function grantsSecrets(rule: Record<string, any>): boolean {
  const resources = strings(rule.resources);
  if (resources.some((r) => r === "secrets" || r.startsWith("secrets/"))) return true;
  const apiGroups = strings(rule.apiGroups);
  return resources.includes("*") && (apiGroups.includes("") || apiGroups.includes("*"));
}

/** How a role is named in a message: `Role "namespace/name"`, `ClusterRole "name"`, else by its Pulumi resource name. */
function describeRole(args: { type: string; name: string; props: Record<string, any> }): string {
  const kind = args.type === ROLE ? "Role" : "ClusterRole";
  const { name, namespace } = args.props.metadata ?? {};
  if (typeof name !== "string") return `${kind} resource "${args.name}"`;
  return `${kind} "${args.type === ROLE && typeof namespace === "string" ? `${namespace}/` : ""}${name}"`;
}

/** Roles grant only what they need: no Secrets, no wildcards, no aggregation. */
export function leastPrivilegeRbac(enforcementLevel: EnforcementLevel = "mandatory"): ResourceValidationPolicy {
  return {
    name: "least-privilege-rbac",
    description: 'Roles and ClusterRoles grant no access to Secrets, use no "*" in verbs, resources or apiGroups, and aggregate no other roles.',
    enforcementLevel,
    validateResource: (args, reportViolation) => {
      if (args.type !== ROLE && args.type !== CLUSTER_ROLE) args.notApplicable("not a Role or ClusterRole");
      const role = describeRole(args);
      // Stryker disable next-line ArrayDeclaration: a placeholder rule is not an object, and such rules are skipped.
      const rules: unknown[] = Array.isArray(args.props.rules) ? args.props.rules : [];
      rules.forEach((rule, i) => {
        if (typeof rule !== "object" || rule === null) return;
        const r = rule as Record<string, any>;
        if (grantsSecrets(r)) reportViolation(`${role} rule ${i} grants access to secrets.`);
        for (const field of ["verbs", "resources", "apiGroups"]) {
          if (strings(r[field]).includes("*")) reportViolation(`${role} rule ${i} uses the wildcard "*" in ${field}.`);
        }
      });
      if (args.type === CLUSTER_ROLE && args.props.aggregationRule != null)
        reportViolation(`${role} has an aggregationRule, so it takes on the rules of every ClusterRole its selectors match.`);
    },
  };
}
