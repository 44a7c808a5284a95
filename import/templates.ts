/**
 * The template files an Alertmanager configuration's `templates:` globs name, found on this machine:
 * at the path as written (relative to the configuration file), else, for an absolute path, in the
 * folder of the same name beside the configuration file (`/etc/alertmanager/templates/*.tmpl` ->
 * `<dir>/templates/*.tmpl`, where a copy of the old host's folder sits), or among
 * kube-prometheus-stack's `alertmanager.templateFiles`. Each is deployed
 * under a `.tmpl` name, the only files `alerting:templates.folders` reads.
 */
import { existsSync, readdirSync, statSync } from "fs";
import * as path from "path";
import { PROGRAM_TEMPLATE_FILE } from "../config/template-files";

export interface FoundTemplate {
  /** The name it is deployed under. */
  name: string;
  /** A file on this machine, or the text itself (a values file's templateFiles). */
  source?: string;
  text?: string;
}

/** A glob's file-name part as a regular expression (Go's filepath.Match: `*`, `?`, `[...]`). */
export function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]");
  return new RegExp(`^${escaped}$`);
}

function filesMatching(dir: string, glob: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const pattern = globPattern(glob);
  return readdirSync(dir)
    .filter((f) => pattern.test(f) && statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => path.join(dir, f));
}

/** `.tmpl` names, unique, never the program's own file's. */
function deployedName(file: string, taken: Set<string>): string {
  const stem =
    path
      .basename(file)
      .replace(/\.[^.]*$/, "")
      .replace(/[^-._a-zA-Z0-9]/g, "-") || "template";
  let name = `${stem}.tmpl`;
  for (let n = 2; taken.has(name) || name === PROGRAM_TEMPLATE_FILE; n++) name = `${stem}-${n}.tmpl`;
  taken.add(name);
  return name;
}

export function findTemplates(globs: string[], configDir: string, valuesFiles: Record<string, string>): { found: FoundTemplate[]; missing: string[] } {
  const taken = new Set<string>();
  const found: FoundTemplate[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const glob of globs) {
    const base = path.basename(glob);
    const written = path.isAbsolute(glob) ? glob : path.join(configDir, glob);
    const candidates = [path.dirname(written), ...(path.isAbsolute(glob) ? [path.join(configDir, path.basename(path.dirname(glob)))] : [])];
    const files = candidates.map((dir) => filesMatching(dir, base)).find((f) => f.length > 0) ?? [];
    const fromValues = Object.keys(valuesFiles).filter((name) => globPattern(base).test(name));
    if (files.length === 0 && fromValues.length === 0) {
      missing.push(glob);
      continue;
    }
    for (const file of files.filter((f) => !seen.has(f))) {
      seen.add(file);
      found.push({ name: deployedName(file, taken), source: file });
    }
    for (const name of fromValues.filter((n) => !seen.has(`values:${n}`))) {
      seen.add(`values:${name}`);
      found.push({ name: deployedName(name, taken), text: valuesFiles[name] });
    }
  }
  return { found, missing };
}
