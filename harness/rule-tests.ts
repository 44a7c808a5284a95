/**
 * The user's promtool unit tests, run with the real `promtool test rules` against the rule files
 * the stack deploys: each test file's `rule_files` (its own folder's files, as the user wrote them)
 * is pointed at the rendered files of the groups those files hold.
 */
import { execFile } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { promisify } from "util";
import { parse, stringify } from "yaml";
import { renderRuleFiles, ruleFileName } from "../components/render/rules";
import type { ProjectFile } from "../config/rule-folders";
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

/** The test file with `rule_files` pointing at the rendered files (names inside `rulesDir`). */
export function pointAtRenderedRules(spec: AlertingSpec, test: ProjectFile): string {
  const doc = (parse(test.text) ?? {}) as { rule_files?: unknown };
  if (!Array.isArray(doc.rule_files) || doc.rule_files.length === 0) {
    throw new Error(`${test.path}: rule_files is missing; list the rule files of its folder it tests, e.g. rule_files: [checkout.yml]`);
  }
  const folder = path.posix.dirname(test.path);
  const rendered = doc.rule_files.flatMap((entry) => {
    const file = path.posix.normalize(path.posix.join(folder, String(entry)));
    const source = spec.userRules.find((r) => r.file === file);
    if (!source) {
      const known = spec.userRules.flatMap((r) => (r.file ? [r.file] : []));
      throw new Error(`${test.path}: rule_files entry ${JSON.stringify(entry)} is not a deployed rule file; use one of ${known.join(", ") || "(none)"}`);
    }
    return source.groups.map((g) => ruleFileName(g.name));
  });
  return stringify({ ...doc, rule_files: rendered }, { lineWidth: 0 });
}

export async function runRuleTests(spec: AlertingSpec, promtool: string): Promise<RuleTestResult[]> {
  if (spec.ruleTests.length === 0) return [];
  const dir = mkdtempSync(path.join(tmpdir(), "proven-alerting-rule-tests-"));
  try {
    writeTree(dir, renderRuleFiles(spec));
    const results: RuleTestResult[] = [];
    for (const [i, test] of spec.ruleTests.entries()) {
      const name = `test-${i}-${path.posix.basename(test.path)}`;
      writeTree(dir, { [name]: pointAtRenderedRules(spec, test) });
      const run = await promisify(execFile)(promtool, ["test", "rules", name], { cwd: dir, timeout: RULE_TEST_TIMEOUT_MS }).then(
        (r) => ({ ok: true, output: r.stdout + r.stderr }),
        (err: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, output: `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message }),
      );
      results.push({ file: test.path, ...run, output: run.output.replaceAll(name, test.path).trim() });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
