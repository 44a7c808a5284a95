/**
 * Child processes the harness starts: output kept for diagnostics, stopped with SIGTERM then
 * SIGKILL within a bound, and killed on exit of the test process whatever happened. What else a
 * run leaves (work directories, network namespaces) registers its removal with `atExit`.
 */
import { ChildProcess, spawn } from "child_process";
import { existsSync, readdirSync, readFileSync } from "fs";

const live = new Set<ChildProcess>();
const cleanups = new Set<() => void>();
const killAll = () => {
  for (const child of live) child.kill("SIGKILL");
  // Each cleanup runs once: a signal runs them, and then the exit it causes would again.
  for (const cleanup of [...cleanups]) {
    cleanups.delete(cleanup);
    cleanup();
  }
};
process.on("exit", killAll);

/** Runs `cleanup` (synchronous) when the process exits, also on Ctrl-C; the returned function cancels it. */
export function atExit(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
// Node runs no exit handlers on a signal: Ctrl-C during `npm run verify` must not leave servers behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

export class ManagedProcess {
  readonly child: ChildProcess;
  private output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    /** The whole environment; the parent's when not given. */
    env?: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], ...(env && { env }) });
    live.add(this.child);
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString("utf8"));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 400);
    };
    this.child.stdout!.on("data", keep);
    this.child.stderr!.on("data", keep);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code) => {
        live.delete(this.child);
        resolve(code);
      });
      this.child.once("error", (err) => {
        keep(Buffer.from(String(err)));
        live.delete(this.child);
        resolve(null);
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  logs(lines = 40): string {
    return this.output.join("").split("\n").slice(-lines).join("\n");
  }

  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGTERM");
    const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
    if ((await Promise.race([this.exited, timer])) === "timeout") {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }
}

/** Polls `check` until it returns a value other than undefined; bounded by `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 0; Date.now() < deadline && attempt < Math.ceil(timeoutMs / intervalMs) + 1; attempt++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `pid` still runs: an exited process whose parent has not reaped it yet holds nothing. */
export const isRunning = (pid: number): boolean => {
  try {
    return existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

/** Running processes (not this one) whose command line or cgroup names `marker`: what a run left behind. */
export function processesMentioning(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const cgroup = readFileSync(`/proc/${entry}/cgroup`, "utf8");
      if ((cmdline.includes(marker) || cgroup.includes(marker)) && isRunning(Number(entry))) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
