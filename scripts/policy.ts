/**
 * npm run policy -- --stack <dev|prod> [--program FILE] [--config FILE]
 * Runs the CrossGuard pack in policy/ offline against the resources the program registers
 * (Pulumi mock runtime, fake secrets), prints what `pulumi preview --policy-pack policy` would,
 * and exits 1 on any mandatory violation. --config: the pack config JSON the CLI takes with
 * --policy-pack-config (per-policy enforcementLevel and settings).
 */
import { readFileSync } from "fs";
import * as path from "path";
import { PACK_NAME, policies } from "../policy/policies";
import { parseArgs } from "../offline/cli-args";
import { PackConfig, runPolicies } from "../offline/policy-runner";
import { ROOT, runStack } from "../offline/program";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), { stack: true, program: false, config: false });
  const config = args.config ? (JSON.parse(readFileSync(args.config, "utf8")) as PackConfig) : {};
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "policy", "package.json"), "utf8")) as { version: string };
  const program = await runStack(args.stack, { program: args.program });
  const run = await runPolicies(program.resources, policies, config);
  const mandatory = run.violations.filter((v) => v.level === "mandatory");
  console.log(
    `Policy pack ${PACK_NAME}@v${version} against stack ${args.stack} (${program.resources.filter((r) => r.custom).length} resources${args.program ? `, program ${args.program}` : ""})`,
  );
  console.log("Policies run:");
  for (const p of run.ran) console.log(`    ${p.name} (${p.level})`);
  if (run.violations.length > 0) {
    console.log("Violations:");
    for (const v of run.violations) console.log(`    [${v.level}]  ${v.policy}${v.resource ? `  (${v.resource})` : ""}\n        ${v.message}`);
  }
  console.log(`${mandatory.length} mandatory, ${run.violations.length - mandatory.length} advisory violation(s)`);
  return mandatory.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`policy: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
