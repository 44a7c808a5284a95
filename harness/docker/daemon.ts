/**
 * A Docker daemon of the run's own: Debian's dockerd with its own socket, data root, exec root
 * and cgroup parent under one temporary directory, a default bridge of its own, no iptables
 * rules, no NAT and no IP forwarding. Containers reach each other on the networks the stack
 * creates and the host only through ports published on 127.0.0.1. `stop()` removes everything it
 * holds; a run that dies removes the rest at exit (processes, mounts, cgroups, the bridge, the
 * directory).
 */
import Docker from "dockerode";
import { execFileSync } from "child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { atExit, ManagedProcess, processesMentioning, waitFor } from "../processes";
import { WORKDIR_PREFIX } from "../pipeline";

/** Networks the stack creates get /24s from here: part of the benchmarking range, on no host interface but this daemon's. */
const ADDRESS_POOL = "base=198.19.0.0/20,size=24";
/** The default bridge's address: outside the pool, so no network the stack creates overlaps it. */
const DEFAULT_BRIDGE_ADDRESS = "198.19.31.1/24";
/** The pool and the default bridge together. */
const CONTAINER_NETWORKS = "198.19.0.0/19";
const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
/** Interface names hold 15 characters: a prefix and the work directory's random suffix. */
const BRIDGE_SUFFIX_LENGTH = 6;
/** dockerd starts its own containerd (none other runs: see dockerUnavailable) and replays nothing on a fresh root: a few seconds, bounded generously for a loaded machine. */
const START_TIMEOUT_MS = 60_000;
/** Time for dockerd to stop containerd and its shims after its containers are gone. */
const STOP_GRACE_MS = 20_000;
/** Up to 5 s, in 0.1 s steps, for killed processes to be gone. */
const KILL_WAIT_STEPS = 50;
const CGROUP_ROOT = "/sys/fs/cgroup";
/** Where dockerd looks for a containerd already running; it uses that one instead of starting its own. */
const SYSTEM_CONTAINERD_SOCKET = "/run/containerd/containerd.sock";
/** containerd's shims put their sockets here whatever dockerd's roots are; a killed shim leaves its socket behind. */
const SHIM_SOCKET_DIR = "/run/containerd/s";
/** How often to ask a starting dockerd whether it answers. */
const START_POLL_MS = 250;

/** The commands a daemon of the run's own needs, and the Debian package of each. */
const NEEDED_COMMANDS = { dockerd: "docker.io", containerd: "docker.io", runc: "docker.io", ip: "iproute2" };

export interface DockerDaemon {
  docker: Docker;
  /** The temporary directory holding the socket, data root and exec root. */
  dir: string;
  /** The cgroup parent of every container it runs. */
  cgroupParent: string;
  /** The default bridge's interface, made for this daemon. */
  bridge: string;
  pid: number;
  /** Removes every container, network, volume and image, stops the daemon and removes its directory. */
  stop(): Promise<void>;
}

/** Why no daemon can be started here, or undefined when one can. */
export function dockerUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "a Docker daemon of the run's own needs root";
  if (existsSync(SYSTEM_CONTAINERD_SOCKET)) {
    return `a containerd already runs here (${SYSTEM_CONTAINERD_SOCKET}): dockerd would run the containers in it, where the harness cannot tell them from the machine's or remove what a failed run leaves`;
  }
  for (const [binary, pkg] of Object.entries(NEEDED_COMMANDS)) {
    try {
      execFileSync("sh", ["-c", `command -v ${binary}`], { stdio: "ignore" });
    } catch {
      return `${binary} is not installed (apt-get install ${pkg})`;
    }
  }
  return undefined;
}

/** What a daemon holds outside its directory's processes and files, for the cleanup. */
interface Held {
  dir: string;
  cgroupParent: string;
  bridge: string;
  /** The FORWARD rules inserted when this machine forwards IPv4, to delete again. */
  forwardRules: string[][];
  /** The shim sockets and their directories there before the run: the cleanup removes only the others. */
  shimPathsBefore: Set<string>;
}

/** The shim socket directory, its parent and the sockets in it, as far as they exist. */
export function shimPaths(): string[] {
  const dirs = [path.dirname(SHIM_SOCKET_DIR), SHIM_SOCKET_DIR].filter((d) => existsSync(d));
  const sockets = dirs.includes(SHIM_SOCKET_DIR) ? readdirSync(SHIM_SOCKET_DIR).map((name) => path.join(SHIM_SOCKET_DIR, name)) : [];
  return [...dirs, ...sockets];
}

export async function startDockerDaemon(): Promise<DockerDaemon> {
  const dir = mkdtempSync(path.join(tmpdir(), `${WORKDIR_PREFIX}-docker-`));
  // The provider creates every container on the default bridge first: this daemon's is its own.
  const held: Held = {
    dir,
    cgroupParent: path.basename(dir),
    bridge: `padk${path.basename(dir).slice(-BRIDGE_SUFFIX_LENGTH)}`,
    forwardRules: [],
    shimPathsBefore: new Set(shimPaths()),
  };
  const { cgroupParent, bridge } = held;
  const cancelCleanup = atExit(() => removeAllSync(held));
  const socket = path.join(dir, "docker.sock");
  const docker = new Docker({ socketPath: socket });
  let daemon: ManagedProcess | undefined;
  try {
    for (const args of [
      ["link", "add", bridge, "type", "bridge"],
      ["addr", "add", DEFAULT_BRIDGE_ADDRESS, "dev", bridge],
      ["link", "set", bridge, "up"],
    ]) {
      execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
    }
    // Without NAT no answer could come back anyway; where the machine forwards IPv4, nothing
    // leaves the containers' networks or enters them. Each rule names its run, so a run deletes only its own.
    if (readFileSync(IP_FORWARD, "utf8").trim() === "1") {
      const tag = ["-m", "comment", "--comment", path.basename(dir), "-j", "DROP"];
      for (const [from, to] of [
        ["-s", "-d"],
        ["-d", "-s"],
      ]) {
        const rule = ["FORWARD", from, CONTAINER_NETWORKS, "!", to, CONTAINER_NETWORKS, ...tag];
        execFileSync("iptables", ["-I", ...rule], { stdio: ["ignore", "ignore", "pipe"] });
        held.forwardRules.push(rule);
      }
    }
    const configFile = path.join(dir, "daemon.json");
    // An empty config file: the machine's /etc/docker/daemon.json must not change this daemon.
    writeFileSync(configFile, "{}\n");
    daemon = new ManagedProcess("dockerd", "dockerd", [
      `--host=unix://${socket}`,
      `--data-root=${path.join(dir, "data")}`,
      `--exec-root=${path.join(dir, "exec")}`,
      `--pidfile=${path.join(dir, "docker.pid")}`,
      `--config-file=${configFile}`,
      // On a systemd host dockerd would pick the systemd driver, which takes only a `.slice` parent.
      "--exec-opt=native.cgroupdriver=cgroupfs",
      `--cgroup-parent=${cgroupParent}`,
      `--default-address-pool=${ADDRESS_POOL}`,
      `--bridge=${bridge}`,
      "--iptables=false",
      "--ip6tables=false",
      "--ip-masq=false",
      "--ip-forward=false",
      "--log-level=warn",
    ]);
    const started = daemon;
    await waitFor(
      "dockerd to answer on its socket",
      async () => {
        if (!started.running) throw new Error(`dockerd exited:\n${started.logs()}`);
        return (await docker.ping()) ? true : undefined;
      },
      START_TIMEOUT_MS,
      START_POLL_MS,
    );
    return {
      docker,
      dir,
      cgroupParent,
      bridge,
      pid: started.child.pid!,
      stop: async () => {
        try {
          await removeObjects(docker);
        } finally {
          await started.stop(STOP_GRACE_MS);
          removeAllSync(held);
          cancelCleanup();
        }
      },
    };
  } catch (err) {
    // Whatever was made before the failure (the bridge, the rules, a dockerd) goes now, not at exit.
    await daemon?.stop(STOP_GRACE_MS);
    removeAllSync(held);
    cancelCleanup();
    throw err;
  }
}

async function removeObjects(docker: Docker): Promise<void> {
  for (const c of await docker.listContainers({ all: true })) await docker.getContainer(c.Id).remove({ force: true, v: true });
  for (const n of await docker.listNetworks()) if (!["bridge", "host", "none"].includes(n.Name)) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes()).Volumes ?? []) await docker.getVolume(v.Name).remove();
  for (const i of await docker.listImages()) await docker.getImage(i.Id).remove({ force: true });
}

/** Mount points under `dir` (overlay layers, volumes, network namespaces), deepest first. */
export function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/mounts", "utf8")
    .split("\n")
    .map((line) => line.split(" ")[1])
    .filter((target): target is string => !!target && target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** The cgroup directories named `parent`, on cgroup v1 (one per controller) or v2. */
export function cgroupsNamed(parent: string): string[] {
  if (!existsSync(CGROUP_ROOT)) return [];
  const candidates = [path.join(CGROUP_ROOT, parent), ...readdirSync(CGROUP_ROOT).map((controller) => path.join(CGROUP_ROOT, controller, parent))];
  return candidates.filter((candidate) => existsSync(candidate));
}

/** Synchronous, for exit handlers too: kill what is left, unmount, remove the cgroups and the directory. */
function removeAllSync({ dir, cgroupParent, bridge, forwardRules, shimPathsBefore }: Held): void {
  const left = () => processesMentioning(dir).concat(processesMentioning(cgroupParent));
  for (const pid of left()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  // Killed processes leave within milliseconds; their mounts and cgroups go only after they have.
  for (let i = 0; i < KILL_WAIT_STEPS && left().length > 0; i++) execFileSync("sleep", ["0.1"]);
  for (const target of mountsUnder(dir)) {
    try {
      execFileSync("umount", ["-l", target], { stdio: "ignore" });
    } catch {
      // Unmounted with its parent.
    }
  }
  rmSync(dir, { recursive: true, force: true });
  for (const [command, args] of [["ip", ["link", "del", bridge]] as const, ...forwardRules.map((rule) => ["iptables", ["-D", ...rule]] as const)]) {
    try {
      execFileSync(command, args, { stdio: "ignore" });
    } catch {
      // Never made, or already gone.
    }
  }
  for (const cgroup of cgroupsNamed(cgroupParent).sort((a, b) => b.length - a.length)) removeCgroup(cgroup);
  // Deepest first: the sockets, then the directories this run made.
  for (const made of shimPaths()
    .filter((p) => !shimPathsBefore.has(p))
    .reverse()) {
    try {
      if (lstatSync(made).isDirectory()) rmdirSync(made);
      else rmSync(made, { force: true });
    } catch {
      // A directory still holding another run's sockets stays.
    }
  }
}

/** A cgroup directory goes with rmdir once its children are gone (its files cannot be unlinked). */
function removeCgroup(cgroup: string): void {
  for (const entry of readdirSync(cgroup, { withFileTypes: true })) if (entry.isDirectory()) removeCgroup(path.join(cgroup, entry.name));
  try {
    rmdirSync(cgroup);
  } catch {
    // A process that was just killed may still hold it for a moment; the kernel frees it when the last one goes.
  }
}
