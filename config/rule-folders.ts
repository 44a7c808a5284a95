/**
 * Rule folders: the project folders `alerting:rules.folders` names, holding Prometheus rule files
 * and PrometheusRule manifests (`*.yml`, `*.yaml`) and the promtool unit tests for them
 * (`*.test.yml`, `*.test.yaml`). A rule file is deployed as it is, byte for byte; a manifest as a
 * rule file holding its spec.groups. Reading is injected (a FolderReader), so parsing and checking
 * stay pure.
 */
import { createHash } from "crypto";
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { Document, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, stringify } from "yaml";
import type { ConfigIssue } from "./errors";
import { fromZodIssue } from "./errors";
import { prometheusRuleSpecSchema, RuleGroupConfig, ruleFileSchema } from "./rule-schema";

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

/** What a deployed rule file was made from. */
export type RuleSourceKind = "inline" | "rules" | "prometheusRule";

/** One deployed rule file and where it comes from: a rule file, a PrometheusRule manifest, or the stack config itself. */
export interface UserRuleSource {
  /** The project path; undefined for `alerting:rules.groups`. */
  file?: string;
  kind: RuleSourceKind;
  /** The groups as Prometheus reads them, every scalar as the text it is written as. */
  groups: RuleGroupConfig[];
  /** What is deployed: a rule file's own text, or a rule file rendered from a manifest's or the stack's groups. */
  text: string;
  /** Where a group sits in the source, for messages: `groups[0]` in a rule file, `spec.groups[0]` in a manifest. */
  groupPath: PropertyKey[][];
  /** The line of a place in the file (the nearest enclosing node when the place itself is absent). */
  lineOf?: (path: PropertyKey[]) => number | undefined;
}

/** A source with the name it is deployed under in Prometheus' rules directory. */
export interface DeployedRuleSource extends UserRuleSource {
  deployedName: string;
}

export interface RuleFolders {
  ruleFiles: UserRuleSource[];
  testFiles: ProjectFile[];
  issues: ConfigIssue[];
  /** What Prometheus accepts but the program's own checks question; errors under alerting:rules.strict. */
  advisories: ConfigIssue[];
}

/** The Prometheus Operator's rule resource. */
const PROMETHEUS_RULE = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule" };

/** Prometheus loads every file of the rules directory with this extension (components/render/prometheus.ts). */
export const RULE_FILE_EXTENSION = ".yml";

/** The deployed file name of a rule preset; user files get names that never clash with these (deployedRuleFileNames). */
export const ruleFileName = (name: string): string => `${name}${RULE_FILE_EXTENSION}`;
/** Kubernetes ConfigMap keys: the deployed names are keys of the rules ConfigMap. */
const UNSAFE_KEY_CHARACTERS = /[^-._a-zA-Z0-9]/g;
/** Kubernetes' limit on a ConfigMap key, less room for a hash and the extension. */
const MAX_DEPLOYED_STEM = 200;
/** Hex digits of the project path's hash that make a deployed name unique when the readable ones clash. */
const HASH_DIGITS = 8;
/** The deployed name of alerting:rules.groups. */
export const INLINE_RULES_STEM = "stack-rules";

const safeStem = (text: string) => text.replace(UNSAFE_KEY_CHARACTERS, "_").replace(/^\.+/, "_").slice(0, MAX_DEPLOYED_STEM);

/**
 * Deployed names, one per source in order: the file's own name (`api.yml`), else its project path
 * (`rules-payments-api.yml`) when that name is taken (a preset, an earlier file), else the path
 * and a short hash of it. Only ConfigMap-key characters; `.yaml` becomes `.yml`.
 */
export function deployedRuleFileNames(files: (string | undefined)[], reserved: string[]): string[] {
  const taken = new Set(reserved);
  return files.map((file) => {
    const stem = file === undefined ? INLINE_RULES_STEM : file.replace(/\.ya?ml$/, "");
    const hash = createHash("sha256")
      .update(file ?? "")
      .digest("hex")
      .slice(0, HASH_DIGITS);
    const candidates = [path.posix.basename(stem), stem.replaceAll("/", "-"), `${stem.replaceAll("/", "-")}-${hash}`].map(
      (c) => `${safeStem(c)}${RULE_FILE_EXTENSION}`,
    );
    const name = candidates.find((c) => !taken.has(c)) ?? candidates[candidates.length - 1];
    taken.add(name);
    return name;
  });
}

/**
 * A rule file rendered from groups whose scalars are the text Go reads (a string that looks like a
 * number is quoted, which Go reads as the same text), `limit` the one number.
 */
export function renderGroups(groups: unknown[], header?: string): string {
  const doc = new Document({ groups });
  if (header) doc.commentBefore = ` ${header}`;
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

const isPrometheusRuleLike = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && ("kind" in value || "apiVersion" in value);

interface ParsedRuleFile {
  source?: UserRuleSource;
  issues: ConfigIssue[];
  advisories: ConfigIssue[];
}

function yamlIssue(file: ProjectFile, error: { message: string; pos: [number, number] }, lines: LineCounter): ConfigIssue {
  return { file: file.path, line: lines.linePos(error.pos[0]).line, path: [], message: `is not valid YAML: ${error.message.split("\n")[0]}` };
}

/** The node a path leads to in a document: a map entry's key (the line it is written on), a list's item. */
function nodeAt(doc: Document, path: PropertyKey[]): unknown {
  if (path.length === 0) return doc.contents;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === last)?.key;
  if (isSeq(parent) && typeof last === "number") return parent.items[last];
  return undefined;
}

/** Lines of places in a file's documents; a path into a manifest file of several starts with `documents`, index. */
function lineFinder(documents: Document[], lines: LineCounter): (path: PropertyKey[]) => number | undefined {
  return (path) => {
    const [doc, rest] = path[0] === "documents" ? [documents[path[1] as number], path.slice(2)] : [documents[0], path];
    for (let n = rest.length; doc && n >= 0; n--) {
      const node = nodeAt(doc, rest.slice(0, n));
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/**
 * A rule file as Prometheus reads it: its first YAML document, every scalar as text (Go's decoder
 * puts `expr: 1` into a string field as "1"), anchors and merge keys resolved as YAML resolves them.
 */
function parsePlainRuleFile(file: ProjectFile, documents: unknown[]): ParsedRuleFile {
  const parsed = ruleFileSchema.safeParse(documents[0] ?? {}, { reportInput: true });
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => ({ ...fromZodIssue(i), file: file.path })), advisories: [] };
  const groups = parsed.data.groups ?? [];
  const advisories: ConfigIssue[] =
    documents.length > 1
      ? [
          {
            file: file.path,
            path: [],
            message: `holds ${documents.length} YAML documents; Prometheus reads a rule file's first document only, so the groups of the others never run`,
          },
        ]
      : [];
  return { source: { file: file.path, kind: "rules", groups, text: file.text, groupPath: groups.map((_, g) => ["groups", g]) }, issues: [], advisories };
}

/** One or more PrometheusRule documents: their spec.groups in one rule file; metadata is the operator's business, not Prometheus'. */
function parseManifests(file: ProjectFile, documents: unknown[]): ParsedRuleFile {
  const issues: ConfigIssue[] = [];
  const groups: RuleGroupConfig[] = [];
  /** As written, in the author's key order, for the deployed file; `groups` (the schema's output) is for the checks. */
  const deployed: Record<string, unknown>[] = [];
  const groupPath: PropertyKey[][] = [];
  documents.forEach((doc, d) => {
    const at = documents.length > 1 ? ["documents", d] : [];
    const { apiVersion, kind, spec } = (isPrometheusRuleLike(doc) ? doc : {}) as Record<string, unknown>;
    if (apiVersion !== PROMETHEUS_RULE.apiVersion || kind !== PROMETHEUS_RULE.kind) {
      issues.push({
        file: file.path,
        path: at,
        value: `${String(apiVersion ?? "(no apiVersion)")} ${String(kind ?? "(no kind)")}`,
        message: `is not a PrometheusRule; a rules folder holds rule files and PrometheusRule manifests (apiVersion ${PROMETHEUS_RULE.apiVersion}, kind ${PROMETHEUS_RULE.kind})`,
      });
      return;
    }
    const parsed = prometheusRuleSpecSchema.safeParse(spec ?? {}, { reportInput: true });
    if (!parsed.success) {
      issues.push(...parsed.error.issues.map((i) => ({ ...fromZodIssue(i), path: [...at, "spec", ...i.path], file: file.path })));
      return;
    }
    const written = ((spec as { groups?: Record<string, unknown>[] }).groups || []) as Record<string, unknown>[];
    (parsed.data.groups ?? []).forEach(({ partial_response_strategy: _thanosOnly, ...group }, g) => {
      groups.push(group);
      const { partial_response_strategy: _alsoThanosOnly, ...asWritten } = written[g];
      deployed.push({ ...asWritten, ...(group.limit !== undefined && { limit: group.limit }) });
      groupPath.push([...at, "spec", "groups", g]);
    });
  });
  if (issues.length > 0) return { issues, advisories: [] };
  const text = renderGroups(deployed, `spec.groups of the PrometheusRule manifest ${file.path}, deployed by proven-alerting`);
  return { source: { file: file.path, kind: "prometheusRule", groups, text, groupPath }, issues: [], advisories: [] };
}

export function parseRuleFile(file: ProjectFile): ParsedRuleFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(file.text, { schema: "failsafe", merge: true, prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const all = Array.isArray(parsed) ? parsed : [];
  const nodes = all.filter((d) => d.contents !== null || d.errors.length > 0);
  const documents = nodes.map((d) => (d.errors.length > 0 ? undefined : (d.toJS({ maxAliasCount: -1 }) as unknown)));
  const manifests = isPrometheusRuleLike(documents[0]);
  // Prometheus parses a rule file's first document only, so what follows it cannot make the file invalid; every manifest is read.
  const broken = (manifests ? nodes : nodes.slice(0, 1)).find((d) => d.errors.length > 0);
  if (broken) return { issues: [yamlIssue(file, broken.errors[0], lines)], advisories: [] };
  const lineOf = lineFinder(nodes, lines);
  const result = manifests ? parseManifests(file, documents) : parsePlainRuleFile(file, documents);
  const placed = (issue: ConfigIssue): ConfigIssue => ({ ...issue, line: lineOf(issue.path) });
  return { source: result.source && { ...result.source, lineOf }, issues: result.issues.map(placed), advisories: result.advisories.map(placed) };
}

export function loadRuleFolders(folders: string[], read: FolderReader): RuleFolders {
  const result: RuleFolders = { ruleFiles: [], testFiles: [], issues: [], advisories: [] };
  folders.forEach((folder, i) => {
    const files = read(folder);
    if (files === undefined) {
      result.issues.push({ path: ["rules", "folders", i], value: folder, message: "is not a folder in the project; use a path relative to the project root" });
      return;
    }
    const ruleFiles = files.filter((f) => isRuleFile(f.path));
    if (ruleFiles.length === 0) {
      result.issues.push({
        path: ["rules", "folders", i],
        value: folder,
        message: "has no rule files; put Prometheus rule files or PrometheusRule manifests (*.yml) in it",
      });
    }
    for (const file of ruleFiles) {
      const { source, issues, advisories } = parseRuleFile(file);
      if (source) result.ruleFiles.push(source);
      result.issues.push(...issues);
      result.advisories.push(...advisories);
    }
    result.testFiles.push(...files.filter((f) => isRuleTestFile(f.path)));
  });
  return result;
}
