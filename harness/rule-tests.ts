/**
 * The user's rule files under the real promtool: `promtool check rules` on each file as deployed,
 * its messages naming the project file, and the promtool unit tests, run against the deployed files:
 * each test file's `rule_files` (files of its own folder, as the user wrote them) is pointed at the
 * names those files are deployed under.
 */
import { execFile } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { promisify } from "util";
import { parse, stringify } from "yaml";
import { renderRuleFiles } from "../components/render/rules";
import type { DeployedRuleSource, ProjectFile } from "../config/rule-folders";
import type { AlertingSpec } from "../config/spec";
import { writeTree } from "./files";

/** promtool's own limit is none; a test file that runs this long is stuck. */
const RULE_TEST_TIMEOUT_MS = 120_000;

export interface RuleTestResult {
  /** The test file, relative to the project. */
  file: string;
  ok: boolean;
  /** promtool's output: on failure it names the test (`name:`), the alert and the expected and actual alerts. */
  output: string;
}

/** Where a deployed file came from, as messages name it. */
const sourceName = (source: DeployedRuleSource) => source.file ?? "alerting:rules.groups";

/** promtool takes `rule_files` entries as file globs: `*` and `?` within a path segment, `[...]` a class. */
function globPattern(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replaceAll("*", "[^/]*")
    .replaceAll("?", "[^/]");
  return new RegExp(`^${escaped}$`);
}

/** The test file with `rule_files` pointing at the deployed files (names inside `rulesDir`); an entry may be a glob. */
export function pointAtRenderedRules(spec: AlertingSpec, test: ProjectFile): string {
  const doc = (parse(test.text) ?? {}) as { rule_files?: unknown };
  if (!Array.isArray(doc.rule_files) || doc.rule_files.length === 0) {
    throw new Error(`${test.path}: rule_files is missing; list the rule files of its folder it tests, e.g. rule_files: [checkout.yml]`);
  }
  const folder = path.posix.dirname(test.path);
  const deployed = doc.rule_files.flatMap((entry) => {
    const pattern = globPattern(path.posix.normalize(path.posix.join(folder, String(entry))));
    const sources = spec.userRules.filter((r) => r.file !== undefined && pattern.test(r.file));
    if (sources.length === 0) {
      const known = spec.userRules.flatMap((r) => (r.file ? [r.file] : []));
      throw new Error(`${test.path}: rule_files entry ${JSON.stringify(entry)} is not a deployed rule file; use one of ${known.join(", ") || "(none)"}`);
    }
    return sources.map((r) => r.deployedName);
  });
  return stringify({ ...doc, rule_files: deployed }, { lineWidth: 0 });
}

const run = (promtool: string, args: string[], cwd: string) =>
  promisify(execFile)(promtool, args, { cwd, timeout: RULE_TEST_TIMEOUT_MS }).then(
    (r) => ({ ok: true, output: r.stdout + r.stderr }),
    (err: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message }),
  );

/** The deployed rule files in a fresh directory, removed after `use`. */
async function withDeployedRules<T>(spec: AlertingSpec, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "proven-alerting-rules-"));
  try {
    writeTree(dir, renderRuleFiles(spec));
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RuleCheckResult {
  /** The project file, or alerting:rules.groups. */
  file: string;
  deployedName: string;
  ok: boolean;
  /** promtool's message, the deployed name replaced by the project file's: it says the place (line:column, group, rule). */
  output: string;
}

/** `promtool check rules` on each user rule file exactly as it is deployed. */
export function checkDeployedRules(spec: AlertingSpec, promtool: string): Promise<RuleCheckResult[]> {
  return withDeployedRules(spec, async (dir) => {
    const results: RuleCheckResult[] = [];
    for (const source of spec.userRules) {
      const checked = await run(promtool, ["check", "rules", source.deployedName], dir);
      const output = checked.output.replaceAll(source.deployedName, sourceName(source)).trim();
      results.push({ file: sourceName(source), deployedName: source.deployedName, ok: checked.ok, output });
    }
    return results;
  });
}

export async function runRuleTests(spec: AlertingSpec, promtool: string): Promise<RuleTestResult[]> {
  if (spec.ruleTests.length === 0) return [];
  return withDeployedRules(spec, async (dir) => {
    const results: RuleTestResult[] = [];
    for (const [i, test] of spec.ruleTests.entries()) {
      const name = `test-${i}-${path.posix.basename(test.path)}`;
      writeTree(dir, { [name]: pointAtRenderedRules(spec, test) });
      const tested = await run(promtool, ["test", "rules", name], dir);
      results.push({ file: test.path, ...tested, output: tested.output.replaceAll(name, test.path).trim() });
    }
    return results;
  });
}
