/**
 * Which alertmanager, amtool, prometheus and promtool the tests run, and whether a version other
 * than the pinned one will do. Kept free of heavy imports: scripts/fetch-binaries.sh asks it too.
 */
import { execFileSync } from "child_process";
import { existsSync, statSync } from "fs";
import * as path from "path";
import VERSIONS from "../config/versions.json";

export type BinaryName = "alertmanager" | "amtool" | "prometheus" | "promtool";

export const BINARY_NAMES: BinaryName[] = ["alertmanager", "amtool", "prometheus", "promtool"];

/** `names` are looked up on PATH in order: Debian's package installs Alertmanager as prometheus-alertmanager. */
export const WANTED: Record<BinaryName, { env: string; pinned: string; names: string[] }> = {
  alertmanager: { env: "ALERTMANAGER_BIN", pinned: VERSIONS.alertmanager.version, names: ["alertmanager", "prometheus-alertmanager"] },
  amtool: { env: "AMTOOL_BIN", pinned: VERSIONS.alertmanager.version, names: ["amtool"] },
  prometheus: { env: "PROMETHEUS_BIN", pinned: VERSIONS.prometheus.version, names: ["prometheus"] },
  promtool: { env: "PROMTOOL_BIN", pinned: VERSIONS.prometheus.version, names: ["promtool"] },
};

/** The first line of `binary --version`; undefined when it does not run. */
export function versionLine(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0];
  } catch {
    return undefined;
  }
}

/**
 * x.y.z from a `--version` line: upstream prints `prometheus, version 3.5.3 (branch: ...)`,
 * Debian `prometheus, version 3.5.3+ds1 (...)`.
 */
export function parseVersion(line: string | undefined): string | undefined {
  return /\bversion (\d+\.\d+\.\d+)/.exec(line ?? "")?.[1];
}

export type Fit = "pinned" | "compatible" | "incompatible";

/**
 * How a found version relates to the pinned one. The release line that must match is the first
 * non-zero number, as semver's caret ranges read it: Prometheus 3.x takes any 3.y.z, while
 * Alertmanager, still 0.x, changes behaviour between minor releases (docs/versions.md lists what
 * 0.29 to 0.33 changed), so it takes only 0.33.z.
 */
export function fit(found: string, pinned: string): Fit {
  if (found === pinned) return "pinned";
  const line = (version: string) => {
    const [major, minor] = version.split(".");
    return major === "0" ? `0.${minor}` : major;
  };
  return line(found) === line(pinned) ? "compatible" : "incompatible";
}

/** The release line a found version must be on, as people write it: `3.x`, `0.33.x`. */
export function releaseLine(pinned: string): string {
  const [major, minor] = pinned.split(".");
  return major === "0" ? `0.${minor}.x` : `${major}.x`;
}

export type Source = "env" | ".tools/bin" | "PATH";

export interface Candidate {
  source: Source;
  path: string;
  /** The first line of its `--version`, undefined when it does not run. */
  versionLine: string | undefined;
}

export interface Chosen {
  name: BinaryName;
  path: string;
  source: Source;
  version: string;
  /** The one line saying a version other than the pinned one is used; undefined for the pinned one. */
  note?: string;
}

export interface Choice {
  chosen?: Chosen;
  /** Why each candidate left out was left out, one line each. */
  refused: string[];
  /** True when the environment variable named a binary that will not do: nothing else is tried. */
  envRefused: boolean;
}

const where = (c: Candidate, name: BinaryName) => (c.source === "env" ? `${WANTED[name].env}=${c.path}` : `${c.path} (${c.source})`);

/**
 * The binary to run among `candidates` (the environment variable's, then .tools/bin's, then PATH's
 * in PATH order). The variable is final: a binary named there that will not do is refused, never
 * silently replaced. .tools/bin holds what fetch-binaries put there, so only the pinned version
 * counts (another is a stale fetch, fetched again). PATH takes the first of the pinned release line.
 */
export function choose(name: BinaryName, candidates: Candidate[]): Choice {
  const { pinned, env } = WANTED[name];
  const refused: string[] = [];
  for (const candidate of candidates) {
    const version = parseVersion(candidate.versionLine);
    const verdict = version === undefined ? undefined : fit(version, pinned);
    if (candidate.source === ".tools/bin" && verdict !== "pinned") continue;
    if (version !== undefined && verdict !== "incompatible") {
      const from = candidate.source === "env" ? `from ${env}` : `from ${candidate.source}`;
      const note = verdict === "pinned" ? undefined : `using ${name} ${version} ${from} (${candidate.path}); the pinned version is ${pinned}`;
      return { chosen: { name, path: candidate.path, source: candidate.source, version, note }, refused, envRefused: false };
    }
    const why =
      version !== undefined
        ? `is ${name} ${version}, not of the pinned ${pinned}'s release line ${releaseLine(pinned)}`
        : candidate.versionLine === undefined
          ? "does not run"
          : `prints no version (${candidate.versionLine})`;
    refused.push(`not using ${where(candidate, name)}: it ${why}; set ${env} to ${name} ${releaseLine(pinned)}`);
    if (candidate.source === "env") return { refused, envRefused: true };
  }
  return { refused, envRefused: false };
}

/** The line saying which binary is used: the note when it is not the pinned version. */
export const usingLine = (chosen: Chosen) => chosen.note ?? `using ${chosen.name} ${chosen.version} from ${chosen.source} (${chosen.path})`;

const isFile = (file: string) => existsSync(file) && statSync(file).isFile();

/** Every place `name` may come from, in the order `choose` prefers them, each asked for its version. */
function candidates(name: BinaryName, at: { env: NodeJS.ProcessEnv; toolsBin?: string }): Candidate[] {
  const found: Omit<Candidate, "versionLine">[] = [];
  const fromEnv = at.env[WANTED[name].env];
  if (fromEnv) found.push({ source: "env", path: fromEnv });
  if (at.toolsBin && isFile(path.join(at.toolsBin, name))) found.push({ source: ".tools/bin", path: path.join(at.toolsBin, name) });
  for (const dir of (at.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const binary of WANTED[name].names) {
      const file = path.join(dir, binary);
      if (isFile(file) && !found.some((f) => f.path === file)) found.push({ source: "PATH", path: file });
    }
  }
  return found.map((candidate) => ({ ...candidate, versionLine: isFile(candidate.path) ? versionLine(candidate.path) : undefined }));
}

/** `choose` over what this machine has: the variables and PATH of `at.env`, and `at.toolsBin` when given. */
export function locate(name: BinaryName, at: { env: NodeJS.ProcessEnv; toolsBin?: string }): Choice {
  return choose(name, candidates(name, at));
}
