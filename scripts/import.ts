/**
 * npm run import -- --alertmanager <file> --stack <name> [--target kubernetes|local] [--force] [--show-secrets] [--no-proof]
 * An existing alertmanager.yml, or kube-prometheus-stack values (alertmanager.config), as
 * Pulumi.<name>.yaml for a new stack, then the proof that it routes alike (docs/migrating.md).
 * Exit 0: written and proven equal; 1: refused, amtool check-config refuses the rendered files, or
 * routing differs (then the file is kept, and what differs is printed).
 */
import { binaries } from "../harness/binaries";
import { runImport } from "../import/run";
import { parseArgs } from "../offline/cli-args";
import { ROOT } from "../offline/program";

const SWITCHES = ["--force", "--show-secrets", "--no-proof"];
const TARGETS = ["kubernetes", "local"] as const;

async function main() {
  const argv = process.argv.slice(2);
  const args = parseArgs(
    argv.filter((a) => !SWITCHES.includes(a)),
    { alertmanager: true, stack: true, target: false },
  );
  const target = (args.target ?? "kubernetes") as (typeof TARGETS)[number];
  if (!TARGETS.includes(target)) throw new Error(`--target ${args.target}: is not accepted; use one of ${TARGETS.join(", ")}`);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(args.stack)) throw new Error(`--stack ${args.stack}: is not a stack name; use letters, digits, -, _ and .`);
  const report = await runImport({
    file: args.alertmanager,
    stack: args.stack,
    project: ROOT,
    target,
    force: argv.includes("--force"),
    showSecrets: argv.includes("--show-secrets"),
    amtool: argv.includes("--no-proof") ? undefined : binaries().amtool,
    print: (line) => console.log(line),
  });
  if (report.amtoolCheck !== undefined || (report.verdict && !report.verdict.equal)) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(`import: ${err.message}`);
  process.exitCode = 1;
});
