/**
 * Runs CrossGuard policies over registered resources the way the policy server does
 * (@pulumi/policy server.js): props deserialized with secrets unwrapped and wrapped in the SDK's
 * unknown-checking proxy, isType/asType by Pulumi type, getConfig with the schema defaults the
 * CLI applies, notApplicable, per-policy enforcement levels, and stack validation.
 */
import type { EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { unwrapSecrets } from "./deployed-files";
import type { RegisteredResource } from "./program";

const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy/proxy");
const { getPulumiType } = require("@pulumi/policy/policy");

export interface Violation {
  policy: string;
  level: EnforcementLevel;
  message: string;
  /** `type: name` of the resource, absent for a stack-wide violation. */
  resource?: string;
}

export interface PolicyRun {
  violations: Violation[];
  /** Policies that ran, with the level they ran at. */
  ran: { name: string; level: EnforcementLevel }[];
  notApplicable: { policy: string; resource?: string; reason: string }[];
}

/** Per-policy config as `pulumi preview --policy-pack-config` takes it. */
export type PackConfig = Record<string, { enforcementLevel?: EnforcementLevel; [key: string]: unknown }>;

class NotApplicable extends Error {
  constructor(readonly reason = "") {
    super(reason);
  }
}

function isTypeOf(type: string, resourceClass: any): boolean {
  const pulumiType = getPulumiType(resourceClass);
  if (pulumiType) return type === pulumiType;
  return typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

function configFor(policy: Policies[number], config: PackConfig): Record<string, unknown> {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, schema]) => (schema as { default?: unknown }).default !== undefined)
      .map(([key, schema]) => [key, (schema as { default?: unknown }).default]),
  );
  const { enforcementLevel: _level, ...given } = config[policy.name] ?? {};
  return { ...defaults, ...given };
}

const urnOf = (r: RegisteredResource) => `urn:pulumi:stack::alerting::${r.type}::${r.name}`;

/** What both kinds of validation see of a resource: props as the server builds them, and type checks. */
function policyView(r: RegisteredResource) {
  const props = unknownCheckingProxy(unwrapSecrets(r.inputs));
  return {
    type: r.type,
    props,
    urn: urnOf(r),
    name: r.name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    isType: (cls: any) => isTypeOf(r.type, cls),
    asType: ((cls: any) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
  };
}

export async function runPolicies(
  resources: RegisteredResource[],
  policies: Policies,
  config: PackConfig = {},
  packLevel: EnforcementLevel = "advisory",
): Promise<PolicyRun> {
  const run: PolicyRun = { violations: [], ran: [], notApplicable: [] };
  const custom = resources.filter((r) => r.custom);
  const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
  };
  for (const policy of policies) {
    const level = config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? packLevel;
    if (level === "disabled") continue;
    run.ran.push({ name: policy.name, level });
    const report =
      (resource?: RegisteredResource): ReportViolation =>
      (message: string) =>
        run.violations.push({
          policy: policy.name,
          level: level === "remediate" ? "mandatory" : level,
          message,
          ...(resource && { resource: `${resource.type}: ${resource.name}` }),
        });
    const guard = async (resource: RegisteredResource | undefined, body: () => unknown) => {
      try {
        await body();
      } catch (err) {
        if (err instanceof NotApplicable) run.notApplicable.push({ policy: policy.name, resource: resource?.name, reason: err.reason });
        else if (err instanceof UnknownValueError)
          run.violations.push({ policy: policy.name, level: "advisory", message: `can't run during preview: ${(err as Error).message}` });
        else throw err;
      }
    };
    if ("validateResource" in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const resource of custom) {
        for (const validate of validations) {
          const args: ResourceValidationArgs = {
            ...policyView(resource),
            stackTags: new Map(),
            getConfig: <T extends object>() => configFor(policy, config) as T,
            notApplicable: throwNotApplicable,
          };
          await guard(resource, () => validate(args, report(resource)));
        }
      }
    }
    if ("validateStack" in policy && policy.validateStack) {
      const byName = new Map<string, PolicyResource>();
      const stackResources: PolicyResource[] = custom.map((r) => {
        const resource: PolicyResource = { ...policyView(r), dependencies: [], propertyDependencies: {} };
        byName.set(r.name, resource);
        return resource;
      });
      custom.forEach((r, i) => {
        stackResources[i].dependencies = r.dependsOn.map((d) => byName.get(d)).filter((d): d is PolicyResource => !!d);
      });
      const args: StackValidationArgs = {
        resources: stackResources,
        stackTags: new Map(),
        getConfig: <T extends object>() => configFor(policy, config) as T,
        notApplicable: throwNotApplicable,
      };
      const validateStack = policy.validateStack;
      await guard(undefined, () => validateStack(args, report()));
    }
  }
  return run;
}
