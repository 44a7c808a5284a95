import { spawnSync } from "child_process";

export interface ExecResult {
  status: number | null;
  output: string;
}

/** Runs a command to completion (bounded by `timeoutMs`) and returns its exit code and combined output. */
export function run(command: string, args: string[], timeoutMs = 60_000): ExecResult {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}
