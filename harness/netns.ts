/**
 * Alertmanager replicas in Linux network namespaces of their own, so a test can cut one off from
 * the gossip mesh while Prometheus and the test still reach it. Each replica has two links, both
 * bridged in a switch namespace: the service link (API, notifications out to the capture
 * stand-ins on the host end) and the mesh link (gossip). Cutting the mesh link is a partition.
 *
 * Nothing leaves the machine: the namespaces have no default route and no NAT, the mesh network
 * exists only inside them, and the one address outside them is the host end of the service link.
 * Everything is removed by close(), and on exit of the test process whatever happened (atExit).
 */
import { execFileSync } from "child_process";
import { PORTS } from "../config/ports";
import type { AlertmanagerNetwork, ReplicaHost } from "./alertmanager-hosts";
import { atExit } from "./processes";

/** RFC 2544's benchmarking range: reserved for network tests, so it clashes with no real network. */
const SERVICE_PREFIX = "198.18";
const MESH_SUBNET = "198.19.0";
/** Host part of replica i's addresses: i + FIRST_REPLICA_HOST; .1 is the host end of the service link. */
const FIRST_REPLICA_HOST = 10;
const HOST_END = 1;
/** Linux interface names are at most 15 characters. */
const MAX_IFNAME = 15;

/** The host end of a network's service link: the one link outside its namespaces, named by the test process's pid. */
export const hostLinkPrefix = (pid: number) => `pa${pid}n`;

const ip = (...args: string[]) => execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Why namespaces cannot be made here (as the user `uid`, this process's by default), or undefined when they can. */
export function namespacesUnavailable(uid = process.getuid?.()): string | undefined {
  if (uid !== 0) return "network namespaces need root (ip netns add)";
  try {
    ip("-V");
  } catch {
    return "the ip command (iproute2) is not installed";
  }
  return undefined;
}

let made = 0;

export class NamespaceNetwork implements AlertmanagerNetwork {
  readonly serviceHost: string;
  /** The service network's first three octets. */
  private readonly subnet: string;
  private readonly switchNs: string;
  private readonly hostLink: string;
  /** Every namespace made, the switch's first. */
  private readonly namespaces: string[] = [];
  private readonly replicaNamespaces: string[] = [];
  private readonly base: string;
  private readonly cancelAtExit: () => void;

  /** `marker` names every namespace, so a leftover can be found (and proven absent). */
  constructor(marker: string) {
    const seq = made++;
    this.base = `${marker}-${process.pid}-${seq}`;
    this.switchNs = `${this.base}-switch`;
    this.hostLink = `${hostLinkPrefix(process.pid)}${seq}`.slice(0, MAX_IFNAME);
    this.subnet = `${SERVICE_PREFIX}.${unusedServiceSubnet()}`;
    this.serviceHost = `${this.subnet}.${HOST_END}`;
    this.cancelAtExit = atExit(() => this.remove());
    try {
      this.addNamespace(this.switchNs);
      for (const bridge of ["svc", "mesh"]) {
        ip("-n", this.switchNs, "link", "add", bridge, "type", "bridge");
        ip("-n", this.switchNs, "link", "set", bridge, "up");
      }
      ip("link", "add", this.hostLink, "type", "veth", "peer", "name", "host", "netns", this.switchNs);
      ip("-n", this.switchNs, "link", "set", "host", "master", "svc", "up");
      ip("addr", "add", `${this.serviceHost}/24`, "dev", this.hostLink);
      ip("link", "set", this.hostLink, "up");
    } catch (err) {
      this.remove();
      throw err;
    }
  }

  async replicas(count: number): Promise<ReplicaHost[]> {
    return Array.from({ length: count }, (_, i) => this.addReplica(i));
  }

  /** Cuts replica i off the gossip mesh; its service link (API, notifications) stays up. */
  partition(index: number): void {
    ip("-n", this.replicaNamespaces[index], "link", "set", "mesh", "down");
  }

  heal(index: number): void {
    ip("-n", this.replicaNamespaces[index], "link", "set", "mesh", "up");
  }

  async close(): Promise<void> {
    this.remove();
  }

  /** Synchronous, so the exit handler can run it. Processes must be stopped first: a namespace lives on while one runs in it. */
  remove(): void {
    this.cancelAtExit();
    for (const args of [["link", "del", this.hostLink], ...this.namespaces.map((ns) => ["netns", "del", ns])]) {
      try {
        ip(...args);
      } catch {
        // Already gone, or never made: removal goes on with the rest.
      }
    }
    this.namespaces.length = 0;
  }

  private addNamespace(name: string): void {
    ip("netns", "add", name);
    this.namespaces.push(name);
    ip("-n", name, "link", "set", "lo", "up");
  }

  private addReplica(index: number): ReplicaHost {
    const ns = `${this.base}-am${index}`;
    this.addNamespace(ns);
    this.replicaNamespaces.push(ns);
    const host = FIRST_REPLICA_HOST + index;
    const links = [
      { name: "svc", address: `${this.subnet}.${host}`, bridge: "svc" },
      { name: "mesh", address: `${MESH_SUBNET}.${host}`, bridge: "mesh" },
    ];
    for (const link of links) {
      const switchEnd = `${link.name}${index}`;
      ip("-n", ns, "link", "add", link.name, "type", "veth", "peer", "name", switchEnd, "netns", this.switchNs);
      ip("-n", this.switchNs, "link", "set", switchEnd, "master", link.bridge, "up");
      ip("-n", ns, "addr", "add", `${link.address}/24`, "dev", link.name);
      ip("-n", ns, "link", "set", link.name, "up");
    }
    return {
      web: { host: links[0].address, port: PORTS.alertmanagerWeb },
      mesh: { host: links[1].address, port: PORTS.alertmanagerMesh },
      run: (command, args) => ({ command: "ip", args: ["netns", "exec", ns, command, ...args] }),
    };
  }
}

/** A /24 of the service range that no interface of this host uses yet (another run may hold one). */
function unusedServiceSubnet(): number {
  const used = ip("-o", "-4", "addr", "show");
  for (let n = 0; n < 256; n++) if (!used.includes(` ${SERVICE_PREFIX}.${n}.`)) return n;
  throw new Error(`every /24 of ${SERVICE_PREFIX}.0.0/16 is in use on this host`);
}

/** Names of this host's network namespaces that contain `marker`. */
export function namespacesMarked(marker: string): string[] {
  return ip("netns", "list")
    .split("\n")
    .map((line) => line.split(" ")[0])
    .filter((name) => name.includes(marker));
}
