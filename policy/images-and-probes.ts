import { EnforcementLevel, ResourceValidationPolicy } from "@pulumi/policy";
import { containersOf, describeContainer, DOCKER_CONTAINER, DOCKER_IMAGE, LONG_RUNNING, describeDockerContainer, isOneShotDockerContainer } from "./workloads";

/** A reference without a tag means `latest`; a digest (`name[:tag]@sha256:<hex>`) pins exactly. */
export function isPinned(image: unknown): boolean {
  if (typeof image !== "string") return false;
  const [name, digest] = image.split("@");
  if (digest !== undefined) return /^sha256:[a-f0-9]{64}$/.test(digest);
  const tag = /:([^/:]+)$/.exec(name)?.[1];
  return tag !== undefined && tag !== "latest";
}

export function pinnedImages(enforcementLevel: EnforcementLevel = "advisory"): ResourceValidationPolicy {
  return {
    name: "pinned-images",
    description: "Images are pinned to a version tag or a digest, never latest.",
    enforcementLevel,
    validateResource: (args, reportViolation) => {
      if (args.type === DOCKER_CONTAINER || args.type === DOCKER_IMAGE) {
        const image = args.type === DOCKER_IMAGE ? args.props.name : args.props.image;
        if (!isPinned(image)) reportViolation(`Image "${image}" is not pinned to a version tag or digest.`);
        return;
      }
      const refs = containersOf(args.type, args.props);
      if (refs.length === 0) args.notApplicable("no image");
      for (const ref of refs) {
        if (!isPinned(ref.container.image))
          reportViolation(`${describeContainer(ref)} image "${ref.container.image}" is not pinned to a version tag or digest.`);
      }
    },
  };
}

export function healthProbes(enforcementLevel: EnforcementLevel = "advisory"): ResourceValidationPolicy {
  return {
    name: "health-probes",
    description: "Long-running containers have liveness and readiness probes (Kubernetes) or a healthcheck (docker).",
    enforcementLevel,
    validateResource: (args, reportViolation) => {
      if (args.type === DOCKER_CONTAINER) {
        if (isOneShotDockerContainer(args.props)) args.notApplicable("a container run to completion (attach, mustRun false)");
        if (!args.props.healthcheck?.tests?.length) reportViolation(`${describeDockerContainer(args)} has no healthcheck.`);
        return;
      }
      if (!LONG_RUNNING.has(args.type)) args.notApplicable("not a long-running workload");
      for (const ref of containersOf(args.type, args.props).filter((r) => !r.init)) {
        for (const probe of ["livenessProbe", "readinessProbe"]) {
          if (!ref.container[probe]) reportViolation(`${describeContainer(ref)} has no ${probe}.`);
        }
      }
    },
  };
}
