/**
 * npm run render -- --stack <dev|prod> [--out DIR] [--quiet]
 * Evaluates the real program offline (Pulumi mock runtime, fake secrets) and writes what it
 * would deploy, secrets redacted, then checks the user rule files as deployed with the real
 * promtool (exit 1 on a file it refuses). Layout: docs/commands.md.
 */
import * as path from "path";
import { binaries } from "../harness/binaries";
import { deployedStackSpec } from "../harness/capture-config";
import { checkDeployedRules } from "../harness/rule-tests";
import { parseArgs } from "../offline/cli-args";
import { withProgress } from "../offline/progress";
import { unwrapSecrets } from "../offline/deployed-files";
import { KUBERNETES_SCHEMA_VERSION, validateKubernetesObject } from "../offline/kubernetes-schema";
import { ROOT, runStack } from "../offline/program";
import { writeRender } from "../offline/render-files";

async function main() {
  const { progress, args: rest } = withProgress("render", process.argv.slice(2));
  const args = parseArgs(rest, { stack: true, out: false });
  const out = path.resolve(args.out ?? path.join(ROOT, "out", args.stack));
  progress.phase(`running the program for stack ${args.stack} (mock runtime, fake secrets)`);
  const run = await runStack(args.stack);
  const written = writeRender(run, out);
  progress.phase(`stack ${args.stack}: ${run.resources.length} resources, ${written.length} files in ${path.relative(process.cwd(), out) || "."}`);
  if (!progress.quiet) for (const file of written.sort()) console.log(`  ${file}`);
  for (const warning of (run.outputs.warnings ?? []) as string[]) console.warn(`render: warning: ${warning}`);
  const manifests = run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.custom && r.inputs.kind);
  if (manifests.length > 0) {
    const errors = manifests.map((r) => validateKubernetesObject(unwrapSecrets(r.inputs))).filter((r) => r.error);
    progress.phase(`${manifests.length} Kubernetes objects checked against the Kubernetes ${KUBERNETES_SCHEMA_VERSION} schema: ${errors.length} errors`);
    for (const e of errors) console.error(`render: ${e.object}: ${e.error}`);
    if (errors.length > 0) process.exitCode = 1;
  }
  const spec = deployedStackSpec(args.stack);
  if (spec.userRules.length > 0) {
    const checks = await checkDeployedRules(spec, binaries().promtool);
    const refused = checks.filter((c) => !c.ok);
    progress.phase(`${checks.length} user rule files checked with promtool check rules: ${refused.length} refused`);
    for (const c of refused) console.error(`render: promtool check rules refuses ${c.file} (deployed as rules/${c.deployedName}):\n${c.output}`);
    if (refused.length > 0) process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`render: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
