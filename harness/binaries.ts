/**
 * The real binaries the tests run: from ALERTMANAGER_BIN / AMTOOL_BIN / PROMETHEUS_BIN /
 * PROMTOOL_BIN, else .tools/bin (fetched by scripts/fetch-binaries.sh on first use), else PATH.
 */
import { execFileSync } from "child_process";
import { existsSync } from "fs";
import * as path from "path";
import { ROOT } from "../offline/program";
import VERSIONS from "../config/versions.json";

export interface Binaries {
  alertmanager: string;
  amtool: string;
  prometheus: string;
  promtool: string;
}

const WANTED: Record<keyof Binaries, { env: string; version: string; path: string[] }> = {
  alertmanager: { env: "ALERTMANAGER_BIN", version: VERSIONS.alertmanager.version, path: ["alertmanager", "prometheus-alertmanager"] },
  amtool: { env: "AMTOOL_BIN", version: VERSIONS.alertmanager.version, path: ["amtool"] },
  prometheus: { env: "PROMETHEUS_BIN", version: VERSIONS.prometheus.version, path: ["prometheus"] },
  promtool: { env: "PROMTOOL_BIN", version: VERSIONS.prometheus.version, path: ["promtool"] },
};

const TOOLS_BIN = path.join(ROOT, ".tools", "bin");
let cached: Binaries | undefined;

/** The first line of `binary --version`; undefined when it does not run. */
export function version(binary: string): string | undefined {
  try {
    return execFileSync(binary, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0];
  } catch {
    return undefined;
  }
}

function onPath(names: string[]): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function find(name: keyof Binaries): string | undefined {
  const wanted = WANTED[name];
  const candidates = [process.env[wanted.env], path.join(TOOLS_BIN, name), onPath(wanted.path)];
  return candidates.find((c): c is string => !!c && existsSync(c) && (version(c) ?? "").includes(`version ${wanted.version}`));
}

export function binaries(): Binaries {
  if (cached) return cached;
  const names = Object.keys(WANTED) as (keyof Binaries)[];
  // Debian's alertmanager (the one in .tools) reads its default templates from /usr/share at run
  // time: a copy left by another version breaks Slack payloads silently. The script re-syncs them
  // and returns at once when everything is in step.
  if (names.some((n) => !find(n)) || find("alertmanager") === path.join(TOOLS_BIN, "alertmanager")) {
    execFileSync("bash", [path.join(ROOT, "scripts", "fetch-binaries.sh")], { stdio: "inherit", timeout: 300_000 });
  }
  const found = Object.fromEntries(names.map((n) => [n, find(n)])) as Partial<Binaries>;
  const missing = names.filter((n) => !found[n]);
  if (missing.length > 0) {
    throw new Error(`missing test binaries: ${missing.map((n) => `${n} ${WANTED[n].version} (set ${WANTED[n].env})`).join(", ")}`);
  }
  cached = found as Binaries;
  for (const n of names) console.log(`      using ${version(cached[n])} at ${path.relative(ROOT, cached[n]) || cached[n]}`);
  return cached;
}
