/**
 * Where the harness runs each Alertmanager replica and how the replicas, Prometheus and the
 * capture stand-ins reach one another: on loopback with free ports (the default), or in network
 * namespaces of their own (harness/netns.ts) when a test must cut a replica off.
 */
import { freePort } from "./ports";

export interface Endpoint {
  host: string;
  port: number;
}

export const hostPort = (e: Endpoint) => `${e.host}:${e.port}`;

/** A command line, run where a replica lives. */
export interface Command {
  command: string;
  args: string[];
}

export interface ReplicaHost {
  /** API and UI: what Prometheus, the test and the other tools call. */
  web: Endpoint;
  /** Gossip, TCP and UDP. */
  mesh: Endpoint;
  run(binary: string, args: string[]): Command;
}

export interface AlertmanagerNetwork {
  /** The address the harness's own servers (the capture stand-ins) listen on; every replica reaches it. */
  readonly serviceHost: string;
  replicas(count: number): Promise<ReplicaHost[]>;
  /** Removes whatever the network made; safe to call twice. */
  close(): Promise<void>;
}

const LOOPBACK_HOST = "127.0.0.1";

async function loopbackReplica(): Promise<ReplicaHost> {
  return {
    web: { host: LOOPBACK_HOST, port: await freePort() },
    mesh: { host: LOOPBACK_HOST, port: await freePort({ udp: true }) },
    run: (command, args) => ({ command, args }),
  };
}

export const LOOPBACK: AlertmanagerNetwork = {
  serviceHost: LOOPBACK_HOST,
  replicas: (count) => Promise.all(Array.from({ length: count }, loopbackReplica)),
  close: async () => undefined,
};
