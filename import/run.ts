/**
 * `npm run import`: an existing Alertmanager's configuration as a new stack file, its template
 * files copied into the project, the `pulumi config set --secret` lines to run, and the proof that
 * the program, given that stack, routes as the old configuration did (proof/equal-routing, the
 * real amtool). Every check runs before anything is written; no secret value is ever written.
 */
import { execFileSync } from "child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ALERTMANAGER_CONFIG_FILE, FileTree, TEMPLATES_DIR } from "../components/render";
import { CONTAINER_ALERTMANAGER_PATHS } from "../components/render/paths";
import { ConfigError, CONFIG_NAMESPACE, formatIssue } from "../config/errors";
import { buildSpec } from "../config/spec";
import { deployedFiles } from "../offline/deployed-files";
import { runProgram, stackConfig } from "../offline/program";
import { proveEqualRouting, Verdict } from "../proof/equal-routing";
import { formatVerdict } from "../proof/format";
import { WATCHDOG_ROUTE } from "../config/routing-tree";
import { alertmanagerConfigOf, convertAlertmanager, Conversion, ImportedSecret, valuesTemplateFiles } from "./convert";
import { findTemplates, FoundTemplate } from "./templates";

/** Where imported template files go, one folder per stack, so two imports never mix. */
export const TEMPLATES_ROOT = "templates";
/** The stack every import's proof is rendered over; its own keys are all unset, so only the imported values count. */
const PROOF_BASE_STACK = "dev";
/** What the program's Watchdog route (config/routing-tree.ts) takes before any route of the stack. */
const WATCHDOG_MATCHER = 'alertname="Watchdog"';

export interface ImportOptions {
  /** The alertmanager.yml or kube-prometheus-stack values file. */
  file: string;
  stack: string;
  /** The project root: Pulumi.<stack>.yaml and the template folder go here. */
  project: string;
  target: "local" | "kubernetes";
  force: boolean;
  showSecrets: boolean;
  amtool?: string;
  /** Lines for the user, in order. */
  print: (line: string) => void;
}

export interface ImportReport {
  stackFile: string;
  conversion: Conversion;
  templates: { copied: string[]; missing: string[] };
  /** amtool check-config's output when it refuses the rendered files (then no proof is made). */
  amtoolCheck?: string;
  verdict?: Verdict;
  /** The proof's one line. */
  verdictLine?: string;
}

/** A value as one shell word. */
const shellWord = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/** The file a lifted AWS shared-credentials text is read from on the printed line: the user writes it from the keys that were inline. */
export const AWS_CREDENTIALS_FILE_NAME = "aws-credentials";

/**
 * The command that sets one secret: its value read from the old file, typed at the prompt, or
 * (asked for) on the line. A lifted AWS shared-credentials file is several lines, which a prompt
 * cannot take: the line reads it from a file the user writes, and says what goes in it.
 */
export function secretCommand(stack: string, secret: ImportedSecret, showSecrets: boolean): string {
  const base = `pulumi config set --secret --stack ${stack} ${secret.key}`;
  const where = [secret.from, ...secret.also].join(", ");
  if (secret.file !== undefined) return `${base} < ${shellWord(secret.file)}   # ${where}: the file it named on the old host`;
  if (showSecrets && secret.value !== undefined) return `${base} ${shellWord(secret.value)}   # ${where}`;
  if (secret.holds === "awsSharedCredentials") {
    const sections = [...new Set((secret.value ?? "").split("\n").filter((l) => l.startsWith("[")))].join(", ");
    return `${base} < ${AWS_CREDENTIALS_FILE_NAME}   # ${where}: an AWS shared-credentials file; write ${AWS_CREDENTIALS_FILE_NAME} with ${sections}, each with aws_access_key_id and aws_secret_access_key, the keys that were inline there (--show-secrets prints it)`;
  }
  return `${base}   # ${where}: prompts for the value`;
}

/** The stack file's text: every value under `alerting:`, and nothing secret. */
export function stackFileText(values: Record<string, unknown>, source: string): string {
  const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [`${CONFIG_NAMESPACE}:${k}`, v]));
  return `# Imported by npm run import from ${path.basename(source)}; secrets are set with pulumi config set --secret (see docs/migrating.md).\n${stringify({ config }, { lineWidth: 0 })}`;
}

/** The old configuration as the program would route it: its own Watchdog route first (to `null`, as the stack sets no heartbeat). */
export function withProgramWatchdog(config: Record<string, unknown>): Record<string, unknown> {
  const route = (config.route ?? {}) as Record<string, unknown>;
  const receivers = (config.receivers ?? []) as { name?: unknown }[];
  return {
    ...config,
    route: { ...route, routes: [{ receiver: "null", matchers: [WATCHDOG_MATCHER] }, ...((route.routes as unknown[]) ?? [])] },
    receivers: receivers.some((r) => r.name === "null") ? receivers : [...receivers, { name: "null" }],
  };
}

/** The proof's one line: how it was proven (the same tree as amtool reads it, or label sets asked), or what differs. */
export function verdictLine(v: Verdict): string {
  const scope = `the program's own ${WATCHDOG_ROUTE} route (${WATCHDOG_MATCHER} -> null) aside`;
  const gaps = v.gaps.length > 0 ? `; ${v.gaps.length} routes no label set reached: ${v.gaps.join("; ")}` : "";
  if (v.equal) {
    const how = v.sameTree ? "amtool reads both routing trees alike, so every label set routes alike" : `${v.labelSets} label sets route alike (real amtool)`;
    return `routing proven equal: ${how}; inhibit rules and time intervals alike (${scope}${gaps})`;
  }
  return `routing DIFFERS: ${v.routing.length} label sets, ${v.inhibitRules.onlyInBase.length + v.inhibitRules.onlyInCandidate.length} inhibit rules, ${v.timeIntervals.length} time intervals differ (${scope})`;
}

/** Everything up to writing: read, convert, copy-plan the templates, validate as `pulumi up` would. */
export function prepareImport(options: Pick<ImportOptions, "file" | "stack" | "project" | "target">) {
  const text = readFileSync(options.file, "utf8");
  const doc = parse(text) as unknown;
  const config = alertmanagerConfigOf(doc, options.file);
  const conversion = convertAlertmanager(config, options.target);
  const folder = `${TEMPLATES_ROOT}/${options.stack}`;
  const globbed = findTemplates(conversion.templateGlobs, path.dirname(path.resolve(options.file)), valuesTemplateFiles(doc));
  const taken = new Set(globbed.found.map((t) => t.name));
  const own = Object.entries(conversion.templateFiles).map(([name, text]): FoundTemplate => {
    if (taken.has(name))
      throw new Error(`${options.file}: a template file of its templates: globs is named ${name}, the name of the file the import writes itself; rename it`);
    return { name, text };
  });
  const templates = { ...globbed, found: [...globbed.found, ...own] };
  const values = { ...conversion.values, ...(templates.found.length > 0 && { templates: { folders: [folder] } }) };
  return { text, config, conversion: { ...conversion, values }, folder, templates };
}

/** The stack validated as `pulumi up` would, each secret taken as set, before anything is written. */
function validate(values: Record<string, unknown>, secrets: ImportedSecret[], readFolder: (folder: string) => { path: string; text: string }[] | undefined) {
  try {
    buildSpec({
      values: { ...values, ...Object.fromEntries(secrets.map((s) => [s.key, "set"])) },
      secretKeys: new Set(secrets.map((s) => s.key)),
      readFolder,
    });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map(formatIssue);
    throw err;
  }
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const stackFile = path.join(options.project, `Pulumi.${options.stack}.yaml`);
  if (existsSync(stackFile) && !options.force) throw new Error(`${stackFile}: exists; the import writes a new stack's file (--force overwrites it)`);
  const prepared = prepareImport(options);
  const { conversion, folder, templates } = prepared;
  const problems = [...conversion.errors];
  const pending = templates.found.map((t) => ({ path: `${folder}/${t.name}`, text: t.text ?? readFileSync(t.source!, "utf8") }));
  problems.push(...validate(conversion.values, conversion.secrets, (f) => (f === folder ? pending : undefined)));
  if (problems.length > 0) throw new Error(`${options.file}: cannot be imported as it is (nothing was written):\n${problems.map((p) => `  ${p}`).join("\n")}`);

  const target = path.join(options.project, folder);
  if (pending.length > 0) mkdirSync(target, { recursive: true });
  for (const t of templates.found) {
    const to = path.join(target, t.name);
    if (t.source) copyFileSync(t.source, to);
    else writeFileSync(to, t.text!);
  }
  writeFileSync(stackFile, stackFileText(conversion.values, options.file));
  options.print(`wrote ${path.relative(options.project, stackFile)}${pending.length > 0 ? ` and ${pending.length} template files in ${folder}/` : ""}`);
  for (const w of [...conversion.warnings, ...templates.missing.map((m) => `templates: ${m} was not found; copy it into ${folder}/ as a .tmpl file`)]) {
    options.print(`warning: ${w}`);
  }
  if (conversion.secrets.length > 0) {
    options.print(`set ${conversion.secrets.length} secrets${options.showSecrets ? " (values shown: --show-secrets)" : ""}:`);
    for (const s of conversion.secrets) options.print(`  ${secretCommand(options.stack, s, options.showSecrets)}`);
  }
  const report: ImportReport = { stackFile, conversion, templates: { copied: pending.map((p) => p.path), missing: templates.missing } };
  if (!options.amtool) return report;
  const tree = await renderImportedFiles(conversion.values, conversion.secrets, options.project);
  const rendered = tree[ALERTMANAGER_CONFIG_FILE];
  report.amtoolCheck = checkConfig(options.amtool, tree);
  if (report.amtoolCheck !== undefined) {
    options.print(`amtool check-config refuses what the program renders for the stack:\n${report.amtoolCheck}`);
    return report;
  }
  report.verdict = await proveEqualRouting(
    { name: path.basename(options.file), text: stringify(withProgramWatchdog(prepared.config)) },
    { name: `stack ${options.stack}`, text: rendered },
    { amtool: options.amtool },
  );
  report.verdictLine = verdictLine(report.verdict);
  const details = formatVerdict(report.verdict);
  if (details) options.print(details.trimEnd());
  options.print(report.verdictLine);
  return report;
}

/** alertmanager.yml as the program deploys the imported stack (its credentials fake, as `npm run render` has them). */
export async function renderImported(values: Record<string, unknown>, secrets: ImportedSecret[], project: string): Promise<string> {
  return (await renderImportedFiles(values, secrets, project))[ALERTMANAGER_CONFIG_FILE];
}

/**
 * The real parser's word on the rendered files: alertmanager.yml and its templates in a scratch
 * directory (the template glob pointed there), `amtool check-config`; its output when it refuses,
 * else undefined. The secret files are not needed: Alertmanager reads them at send time.
 */
export function checkConfig(amtool: string, tree: FileTree): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), "import-check-"));
  try {
    for (const [name, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(
        path.join(dir, name),
        name === ALERTMANAGER_CONFIG_FILE ? text.split(`${CONTAINER_ALERTMANAGER_PATHS.templatesDir}/`).join(`${dir}/${TEMPLATES_DIR}`) : text,
      );
    }
    execFileSync(amtool, ["check-config", path.join(dir, ALERTMANAGER_CONFIG_FILE)], { stdio: "pipe" });
    return undefined;
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    return `${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`.trim() || e.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every file the program deploys for Alertmanager with the imported stack: alertmanager.yml and templates/. */
export async function renderImportedFiles(values: Record<string, unknown>, secrets: ImportedSecret[], project: string): Promise<FileTree> {
  const cwd = process.cwd();
  process.chdir(project);
  try {
    const unset = Object.keys(stackConfig(PROOF_BASE_STACK)).filter((k) => !(k in values));
    const run = await runProgram({
      stack: PROOF_BASE_STACK,
      config: values,
      unset,
      secrets: Object.fromEntries(secrets.map((s) => [s.key, `imported-${s.key}`])),
    });
    const tree = deployedFiles(run.resources).alertmanager;
    if (tree[ALERTMANAGER_CONFIG_FILE] === undefined) throw new Error("the program deployed no alertmanager.yml for the imported stack");
    return tree;
  } finally {
    process.chdir(cwd);
  }
}
