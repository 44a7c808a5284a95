/**
 * Notification template files of the user's (`alerting:templates.folders`): Go templates in
 * `*.tmpl` files, deployed beside the program's own. Alertmanager parses them when it loads its
 * configuration, so a file that does not parse fails `amtool check-config` (run by `npm test` and
 * `npm run verify`) and stops Alertmanager from starting; this file checks what can be checked
 * without Go: names, and that every template an integration field names is defined somewhere.
 */
import type { ConfigIssue } from "./errors";
import type { FolderReader, ProjectFile } from "./rule-folders";

/** The program's own template file; a user file of this name would replace it. */
export const PROGRAM_TEMPLATE_FILE = "notifications.tmpl";
const TEMPLATE_FILE = /\.tmpl$/;
/** The file name is also a ConfigMap key on Kubernetes. */
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"/g;
const TEMPLATE_CALL = /\{\{-?\s*template\s+"([^"]+)"/g;

export interface TemplateFile extends ProjectFile {
  /** The file name it is deployed under, beside the program's own. */
  name: string;
}

export function loadTemplateFolders(folders: string[], read: FolderReader): { files: TemplateFile[]; issues: ConfigIssue[] } {
  const files: TemplateFile[] = [];
  const issues: ConfigIssue[] = [];
  folders.forEach((folder, i) => {
    const found = read(folder);
    const at = { path: ["templates", "folders", i], value: folder };
    if (found === undefined) return void issues.push({ ...at, message: "is not a folder in the project; use a path relative to the project root" });
    const templates = found.filter((f) => TEMPLATE_FILE.test(f.path));
    if (templates.length === 0) issues.push({ ...at, message: "has no template files; put Go templates in *.tmpl files in it" });
    for (const file of templates) {
      const name = file.path.split("/").pop()!;
      const clash = name === PROGRAM_TEMPLATE_FILE ? "the program's own template file" : files.find((f) => f.name === name)?.path;
      if (clash) issues.push({ file: file.path, path: [], value: name, message: `has the same name as ${clash}; rename it` });
      else if (!CONFIG_MAP_KEY.test(name))
        issues.push({ file: file.path, path: [], value: name, message: "is not a usable file name; use letters, digits, -, _ and ." });
      else files.push({ ...file, name });
    }
  });
  return { files, issues };
}

/** The names `{{ define "..." }}` gives in these texts. */
export function definedTemplates(texts: string[]): Set<string> {
  return new Set(texts.flatMap((t) => [...t.matchAll(DEFINE)].map((m) => m[1])));
}

/** Every string in an integration's settings that calls a template no file defines. */
export function unknownTemplateCalls(value: unknown, defined: Set<string>, path: PropertyKey[]): ConfigIssue[] {
  if (typeof value === "string") {
    return [...value.matchAll(TEMPLATE_CALL)]
      .filter((m) => !defined.has(m[1]))
      .map((m) => ({ path, value, message: `calls template "${m[1]}", which no template file defines; define it in a file of alerting:templates.folders` }));
  }
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => unknownTemplateCalls(v, defined, [...path, Array.isArray(value) ? Number(k) : k]));
  return [];
}
