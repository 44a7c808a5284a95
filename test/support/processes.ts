/** Processes still running whose command line mentions a marker: what a run left behind. */
import { spawnSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../../offline/program";

export function processesMentioning(marker: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Runs one test file in a child mocha (no config, transpiled), as a fixture that fails on purpose; returns its pid, exit status and output. */
export function runFixture(file: string, env: NodeJS.ProcessEnv, timeoutMs: number): { pid: number; status: number | null; output: string } {
  const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
  const child = spawnSync(process.execPath, [mocha, "--no-config", "-r", "ts-node/register", "--exit", "--timeout", "120000", file], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ...env },
  });
  return { pid: child.pid, status: child.status, output: `${child.stdout}${child.stderr}` };
}
