import { spawnSync, SpawnSyncReturns } from "child_process";
import * as path from "path";
import { ROOT } from "../../offline/program";

export interface ExecResult {
  status: number | null;
  output: string;
}

const result = (child: SpawnSyncReturns<string>): ExecResult => ({ status: child.status, output: `${child.stdout ?? ""}${child.stderr ?? ""}` });

/** Runs a command to completion (bounded by `timeoutMs`) and returns its exit code and combined output. */
export function run(command: string, args: string[], timeoutMs = 60_000): ExecResult {
  return result(spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs }));
}

/** Runs one of the npm entry points (`scripts/<name>.ts`) as `npm run` does, from the repository root. */
export function runScript(script: string, args: string[], timeoutMs = 60_000): ExecResult {
  return result(
    spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", script, ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: timeoutMs,
    }),
  );
}

/**
 * Runs one test file in a child mocha (no config, transpiled), as a fixture that fails on
 * purpose (it sets its own test timeout); returns its pid with its exit status and output.
 */
export function runFixture(file: string, env: NodeJS.ProcessEnv, timeoutMs: number): ExecResult & { pid: number } {
  const child = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"), "--no-config", "-r", "ts-node/register", "--exit", file],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: timeoutMs,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", ...env },
    },
  );
  return { pid: child.pid, ...result(child) };
}
