/**
 * Rule folders: the project folders `alerting:rules.folders` names, holding Prometheus rule files
 * (`*.yml`, `*.yaml`) and the promtool unit tests for them (`*.test.yml`, `*.test.yaml`). Reading
 * is injected (a FolderReader), so parsing and checking stay pure.
 */
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import type { ConfigIssue } from "./errors";
import { fromZodIssue } from "./errors";
import { RuleGroupConfig, ruleFileSchema } from "./rule-schema";

export interface ProjectFile {
  /** Relative to the project, with forward slashes, e.g. `rules/payments/api.yml`. */
  path: string;
  text: string;
}

/** The files directly in a folder (sorted by name), or undefined when it is not a folder. */
export type FolderReader = (folder: string) => ProjectFile[] | undefined;

const isRuleTestFile = (file: string): boolean => /\.test\.ya?ml$/.test(file);
const isRuleFile = (file: string): boolean => /\.ya?ml$/.test(file) && !isRuleTestFile(file);

/** Reads folders relative to `projectDir`, the directory `pulumi up` runs the program in. */
export function projectFolderReader(projectDir: string): FolderReader {
  return (folder) => {
    const dir = path.resolve(projectDir, folder);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
    return readdirSync(dir)
      .sort()
      .filter((entry) => statSync(path.join(dir, entry)).isFile())
      .map((entry) => ({ path: path.posix.join(folder, entry), text: readFileSync(path.join(dir, entry), "utf8") }));
  };
}

/** Where user rule groups come from: a rule file, or the stack config itself. */
export interface UserRuleSource {
  /** The rule file's project path; undefined for `alerting:rules.groups`. */
  file?: string;
  groups: RuleGroupConfig[];
}

export interface RuleFolders {
  ruleFiles: UserRuleSource[];
  testFiles: ProjectFile[];
  issues: ConfigIssue[];
}

function parseRuleFile(file: ProjectFile): { source?: UserRuleSource; issues: ConfigIssue[] } {
  const doc = parseDocument(file.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return { issues: [{ file: file.path, path: [], message: `is not valid YAML: ${doc.errors[0].message.split("\n")[0]}` }] };
  }
  const parsed = ruleFileSchema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ ...fromZodIssue(i), file: file.path })) };
  return { source: { file: file.path, groups: parsed.data.groups }, issues: [] };
}

export function loadRuleFolders(folders: string[], read: FolderReader): RuleFolders {
  const result: RuleFolders = { ruleFiles: [], testFiles: [], issues: [] };
  folders.forEach((folder, i) => {
    const files = read(folder);
    if (files === undefined) {
      result.issues.push({ path: ["rules", "folders", i], value: folder, message: "is not a folder in the project; use a path relative to the project root" });
      return;
    }
    const ruleFiles = files.filter((f) => isRuleFile(f.path));
    if (ruleFiles.length === 0) {
      result.issues.push({ path: ["rules", "folders", i], value: folder, message: "has no rule files; put Prometheus rule files (*.yml) in it" });
    }
    for (const file of ruleFiles) {
      const { source, issues } = parseRuleFile(file);
      if (source) result.ruleFiles.push(source);
      result.issues.push(...issues);
    }
    result.testFiles.push(...files.filter((f) => isRuleTestFile(f.path)));
  });
  return result;
}
