import { spawnSync } from "child_process";
import * as path from "path";
import { ROOT } from "../../offline/program";

export interface ExecResult {
  status: number | null;
  output: string;
}

/** Runs a command to completion (bounded by `timeoutMs`) and returns its exit code and combined output. */
export function run(command: string, args: string[], timeoutMs = 60_000): ExecResult {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

/** Runs one of the npm entry points (`scripts/<name>.ts`) as `npm run` does, from the repository root. */
export function runScript(script: string, args: string[], timeoutMs = 60_000): ExecResult {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", script, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}
