/** The project's multi-cluster topology, from its stack files: docs/topology.svg, written by `npm run docs`. */
import { readdirSync } from "fs";
import * as path from "path";
import { WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { AlertingSpec, buildSpec, credentialKeys } from "../config/spec";
import { ROOT, stackConfig } from "./program";
import { CentralNode, SatelliteNode, Topology } from "./topology-diagram";

export const TOPOLOGY_PICTURE = path.join(ROOT, "docs", "topology.svg");

const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

/** Every stack of the project (`Pulumi.<stack>.yaml` beside Pulumi.yaml), sorted by name. */
export function projectStacks(): string[] {
  return readdirSync(ROOT)
    .flatMap((f) => STACK_FILE.exec(f)?.[1] ?? [])
    .sort();
}

/** A StackReference's `<org>/<project>/<stack>` names the stack last. */
const referencedStack = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

/** A stack's spec as `pulumi up` builds it, each credential it names taken as set with --secret (only where it goes matters here). */
function stackSpec(stack: string, values: Record<string, unknown>): AlertingSpec {
  const secrets = [...credentialKeys(values), ...WEB_CREDENTIAL_KEYS.filter((k) => k in values)];
  // A stack file holds a secret as its ciphertext (`secure:`): the placeholder stands in for the value.
  return buildSpec({ values: { ...values, ...Object.fromEntries(secrets.map((k) => [k, "set"])) }, secretKeys: new Set(secrets), stack });
}

/** What satellites send to: the Ingress hosts of a Kubernetes central, the replicas' aliases on a local central's network. */
const replicaUrls = (spec: AlertingSpec) => spec.satellites?.alertmanagers ?? [];

/** The centrals and satellites among the given stacks' configurations; a stack in neither role is left out. */
export function topologyOf(stacks: { stack: string; values: Record<string, unknown> }[]): Topology {
  const specs = stacks.map(({ stack, values }) => ({ stack, spec: stackSpec(stack, values) }));
  const centrals: CentralNode[] = specs.flatMap(({ stack, spec }) =>
    spec.satellites
      ? [
          {
            stack,
            cluster: spec.cluster,
            host: spec.target === "local" ? undefined : spec.satellites.host,
            replicaUrls: replicaUrls(spec),
            clients: spec.satellites.clients.map((c) => c.name),
            prometheusReplicas: spec.prometheus.replicas,
          },
        ]
      : [],
  );
  const satellites: SatelliteNode[] = specs.flatMap(({ stack, spec }) => {
    const central = spec.central;
    if (!central) return [];
    const byReference = central.stack ? centrals.find((c) => c.stack === referencedStack(central.stack!)) : undefined;
    const byUrl = central.alertmanagers ? centrals.find((c) => central.alertmanagers!.some((u) => c.replicaUrls.includes(u))) : undefined;
    const target = byReference ?? byUrl;
    return [
      {
        stack,
        cluster: spec.cluster,
        prometheusReplicas: spec.prometheus.replicas,
        username: central.username,
        clientCert: central.clientCert !== undefined,
        central: target?.stack ?? (central.stack ? referencedStack(central.stack) : undefined),
        urls: central.alertmanagers ?? target?.replicaUrls ?? [],
        source: central.stack ? "stack reference" : "config",
      },
    ];
  });
  return { centrals, satellites };
}

/** The topology of the project's own stack files. */
export function projectTopology(): Topology {
  return topologyOf(projectStacks().map((stack) => ({ stack, values: stackConfig(stack) })));
}
