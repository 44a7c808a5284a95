/** Free loopback ports for the servers a test starts (bounded tries; TCP, and UDP where gossip needs it). */
import { createSocket } from "dgram";
import { createServer } from "net";

function tcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });
}

const handedOut = new Set<number>();
/** The kernel hands out a random free port each try; a few collide on a busy machine, never this many. */
const ATTEMPTS = 50;

export async function freePort(options: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await tcpPort();
    if (handedOut.has(port)) continue;
    if (options.udp && !(await udpFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free loopback port after ${ATTEMPTS} attempts`);
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The first of `count` consecutive free ports (a stack publishing replica i on first + i). */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = await freePort();
    const rest = Array.from({ length: count - 1 }, (_, i) => first + i + 1);
    if (rest.some((p) => handedOut.has(p)) || !(await Promise.all(rest.map(tcpFree))).every(Boolean)) continue;
    rest.forEach((p) => handedOut.add(p));
    return first;
  }
  throw new Error(`no ${count} consecutive free loopback ports after ${ATTEMPTS} attempts`);
}
