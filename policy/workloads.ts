/** Where containers live in each Kubernetes workload kind and in docker resources. Pure. */

export interface ContainerRef {
  container: Record<string, any>;
  init: boolean;
}

type PodSpecGetter = (props: Record<string, any>) => Record<string, any> | undefined;

const template: PodSpecGetter = (p) => p.spec?.template?.spec;

export const WORKLOADS: Record<string, PodSpecGetter> = {
  "kubernetes:core/v1:Pod": (p) => p.spec,
  "kubernetes:apps/v1:Deployment": template,
  "kubernetes:apps/v1:StatefulSet": template,
  "kubernetes:apps/v1:DaemonSet": template,
  "kubernetes:apps/v1:ReplicaSet": template,
  "kubernetes:batch/v1:Job": template,
  "kubernetes:batch/v1:CronJob": (p) => p.spec?.jobTemplate?.spec?.template?.spec,
};

/** Workloads whose containers are expected to run indefinitely (and so need probes). */
export const LONG_RUNNING = new Set([
  "kubernetes:core/v1:Pod",
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:apps/v1:ReplicaSet",
]);

export const DOCKER_CONTAINER = "docker:index/container:Container";

/**
 * A docker container run to completion, as @pulumi/docker expresses it: `attach` (wait for the
 * exit) and `mustRun: false` (leave the stopped container alone). Like a Job, it has no health to
 * check.
 */
export function isOneShotDockerContainer(props: Record<string, any>): boolean {
  return props.attach === true && props.mustRun === false;
}
export const DOCKER_IMAGE = "docker:index/remoteImage:RemoteImage";
export const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

export function containersOf(type: string, props: Record<string, any>): ContainerRef[] {
  const spec = WORKLOADS[type]?.(props);
  if (!spec) return [];
  return [
    ...(spec.initContainers ?? []).map((container: Record<string, any>) => ({ container, init: true })),
    ...(spec.containers ?? []).map((container: Record<string, any>) => ({ container, init: false })),
  ];
}

export function describeContainer(ref: ContainerRef): string {
  return `${ref.init ? "init container" : "container"} "${ref.container.name}"`;
}

/** How a docker container is named in a message: its container name, else the Pulumi resource name. */
export function describeDockerContainer(args: { name: string; props: Record<string, any> }): string {
  return args.props.name ? `Container "${args.props.name}"` : `Container resource "${args.name}"`;
}
