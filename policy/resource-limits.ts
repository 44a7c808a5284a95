import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { quantity } from "./quantities";
import { containersOf, describeContainer, DOCKER_CONTAINER, describeDockerContainer } from "./workloads";

export interface ResourceLimitsConfig {
  /** Largest CPU limit a container may set (Kubernetes quantity). */
  maxCpu: string;
  /** Largest memory limit a container may set (Kubernetes quantity). */
  maxMemory: string;
}

/** Every container, in every workload kind and in docker, states how much it may use. */
export function resourceLimits(enforcementLevel: EnforcementLevel = "mandatory"): ResourceValidationPolicy {
  return {
    name: "resource-limits",
    description: "Every container sets CPU and memory requests and limits (Kubernetes) or memory and cpus (docker), within the configured maxima.",
    enforcementLevel,
    configSchema: {
      properties: {
        maxCpu: { type: "string", default: "4" },
        maxMemory: { type: "string", default: "8Gi" },
      },
    },
    validateResource: (args, reportViolation) => {
      const { maxCpu, maxMemory } = args.getConfig<ResourceLimitsConfig>();
      if (args.type === DOCKER_CONTAINER) {
        const memoryMb = args.props.memory;
        if (!(typeof memoryMb === "number" && memoryMb > 0)) reportViolation(`${describeDockerContainer(args)} sets no memory limit (memory, in MB).`);
        else if (memoryMb * 2 ** 20 > quantity(maxMemory)!)
          reportViolation(`${describeDockerContainer(args)} memory ${memoryMb}MB is above the maximum ${maxMemory}.`);
        const cpus = Number(args.props.cpus);
        if (!(cpus > 0)) reportViolation(`${describeDockerContainer(args)} sets no CPU limit (cpus).`);
        else if (cpus > quantity(maxCpu)!) reportViolation(`${describeDockerContainer(args)} cpus ${args.props.cpus} is above the maximum ${maxCpu}.`);
        return;
      }
      const refs = containersOf(args.type, args.props);
      if (refs.length === 0) args.notApplicable("not a workload");
      for (const ref of refs) {
        const resources = ref.container.resources ?? {};
        for (const kind of ["requests", "limits"] as const) {
          for (const resource of ["cpu", "memory"] as const) {
            if (quantity(resources[kind]?.[resource]) === undefined) {
              reportViolation(`${describeContainer(ref)} has no ${resource} ${kind === "limits" ? "limit" : "request"}.`);
            }
          }
        }
        const max = { cpu: quantity(maxCpu)!, memory: quantity(maxMemory)! };
        for (const resource of ["cpu", "memory"] as const) {
          const limit = quantity(resources.limits?.[resource]);
          if ((limit ?? 0) > max[resource]) {
            reportViolation(
              `${describeContainer(ref)} ${resource} limit ${resources.limits[resource]} is above the maximum ${resource === "cpu" ? maxCpu : maxMemory}.`,
            );
          }
        }
      }
    },
  };
}
