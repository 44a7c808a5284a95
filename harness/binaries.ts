/**
 * The real binaries the tests run: from ALERTMANAGER_BIN / AMTOOL_BIN / PROMETHEUS_BIN /
 * PROMTOOL_BIN, else .tools/bin (fetched by scripts/fetch-binaries.sh on first use), else PATH
 * (harness/binary-choice.ts says which versions will do).
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { ROOT } from "../offline/program";
import { BINARY_NAMES, BinaryName, Choice, locate, versionLine, WANTED } from "./binary-choice";

export type Binaries = Record<BinaryName, string>;

const TOOLS_BIN = path.join(ROOT, ".tools", "bin");
/** Bounds a first fetch: three packages from a Debian mirror on a slow line. */
const FETCH_TIMEOUT_MS = 300_000;
let cached: Binaries | undefined;

export { versionLine as version } from "./binary-choice";

const locateAll = () => Object.fromEntries(BINARY_NAMES.map((n) => [n, locate(n, { env: process.env, toolsBin: TOOLS_BIN })])) as Record<BinaryName, Choice>;

export function binaries(): Binaries {
  if (cached) return cached;
  let choices = locateAll();
  const envRefused = BINARY_NAMES.filter((n) => choices[n].envRefused);
  if (envRefused.length > 0) throw new Error(envRefused.flatMap((n) => choices[n].refused).join("\n"));
  // Debian's alertmanager (the one in .tools) reads its default templates from /usr/share at run
  // time: a copy left by another version breaks Slack payloads silently. The script re-syncs them
  // and returns at once when everything is in step.
  if (BINARY_NAMES.some((n) => !choices[n].chosen) || choices.alertmanager.chosen?.source === ".tools/bin") {
    // Its report goes to stderr, like the lines below: a command's stdout stays its answer.
    execFileSync("bash", [path.join(ROOT, "scripts", "fetch-binaries.sh")], { stdio: ["ignore", process.stderr, process.stderr], timeout: FETCH_TIMEOUT_MS });
    choices = locateAll();
  }
  const missing = BINARY_NAMES.filter((n) => !choices[n].chosen);
  if (missing.length > 0) {
    const why = missing.flatMap((n) => choices[n].refused).map((line) => `\n  ${line}`);
    throw new Error(`missing test binaries: ${missing.map((n) => `${n} ${WANTED[n].pinned} (set ${WANTED[n].env})`).join(", ")}${why.join("")}`);
  }
  cached = Object.fromEntries(BINARY_NAMES.map((n) => [n, choices[n].chosen!.path])) as Binaries;
  for (const n of BINARY_NAMES) {
    const chosen = choices[n].chosen!;
    const at = chosen.source === ".tools/bin" ? path.relative(ROOT, chosen.path) : chosen.path;
    console.error(`      ${chosen.note ?? `using ${versionLine(chosen.path)} at ${at}`}`);
  }
  return cached;
}
