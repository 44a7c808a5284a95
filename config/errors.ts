/** One error for every problem in the configuration, each naming the key, the value and what is accepted. */
import type { z } from "zod";

export const CONFIG_NAMESPACE = "alerting";

export interface ConfigIssue {
  path: PropertyKey[];
  message: string;
  /** Absent when the key itself is missing. */
  value?: unknown;
  /** Set when the problem is in a project file (a rule file): `path` is then the place inside it. */
  file?: string;
  /** With `file`, when known: the 1-based line of the place, as promtool and editors count. */
  line?: number;
}

/** Indexes of names seen earlier in the list (each is a "defined twice" issue); unnamed entries never clash. */
export function duplicates(names: (string | undefined)[]): number[] {
  return names.flatMap((n, i) => (n !== undefined && names.indexOf(n) !== i ? [i] : []));
}

export function formatKey(path: PropertyKey[]): string {
  const [head, ...rest] = path;
  const tail = rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  return `${CONFIG_NAMESPACE}:${String(head)}${tail}`;
}

/** A place inside a file, e.g. `groups[0].rules[2].expr`. */
function formatFilePath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

export function formatIssue(issue: ConfigIssue): string {
  const value = issue.value === undefined ? "" : `${JSON.stringify(issue.value)} `;
  const file = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const where = file === undefined ? formatKey(issue.path) : [file, formatFilePath(issue.path)].filter((s) => s !== "").join(": ");
  return `${where}: ${value}${issue.message}`;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** A schema issue in the shape every other check reports: the key, the value, what is accepted. */
export function fromZodIssue(issue: z.core.$ZodIssue): ConfigIssue {
  if (issue.code === "unrecognized_keys") return { path: issue.path, message: issue.message };
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return { path: issue.path, message: `is required; ${issue.message.replace(/^is not [^;]*; /, "")}` };
  }
  if (issue.code === "invalid_value" && issue.input === undefined) {
    return { path: issue.path, message: `is required; ${issue.message.replace(/^is not accepted; /, "")}` };
  }
  return { path: issue.path, value: issue.input, message: issue.message };
}
