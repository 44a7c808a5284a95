/**
 * npm run route -- --stack <dev|prod> [--at ISO-TIME] [--fire] name=value ...
 * Where an alert with these labels goes, and why: docs/commands.md.
 */
import { LABEL_NAME_PATTERN } from "../config/matchers";
import { binaries } from "../harness/binaries";
import { deployedStackSpec } from "../harness/capture-config";
import { explainRoute, formatAnswer } from "../harness/route-explain";
import { fireIntoSandbox } from "../preview/sandbox";
import { parseArgs } from "../offline/cli-args";

function labelsOf(args: string[]): Record<string, string> {
  if (args.length === 0) throw new Error("give the alert's labels as name=value, e.g. severity=critical domain=artemis");
  return Object.fromEntries(
    args.map((arg) => {
      const at = arg.indexOf("=");
      const name = arg.slice(0, at);
      if (at < 1 || !LABEL_NAME_PATTERN.test(name)) throw new Error(`label ${JSON.stringify(arg)} is not name=value with a label name such as severity`);
      return [name, arg.slice(at + 1)];
    }),
  );
}

async function main() {
  const argv = process.argv.slice(2).filter((a) => a !== "--fire");
  const fire = process.argv.includes("--fire");
  const flags: string[] = [];
  const labels: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) flags.push(argv[i], argv[++i]);
    else labels.push(argv[i]);
  }
  const args = parseArgs(
    flags.filter((f) => f !== undefined),
    { stack: true, at: false },
  );
  const at = args.at === undefined ? new Date() : new Date(args.at);
  if (Number.isNaN(at.getTime())) throw new Error(`--at ${JSON.stringify(args.at)} is not a time; use ISO 8601, e.g. 2026-12-24T10:00:00Z`);
  const spec = deployedStackSpec(args.stack);
  const alertLabels = labelsOf(labels);
  process.stdout.write(formatAnswer(explainRoute(spec, alertLabels, at, binaries().amtool)));
  if (fire) {
    const count = await fireIntoSandbox(args.stack, [{ labels: alertLabels, annotations: { summary: "fired by npm run route" } }]);
    console.log(`\nroute: fired into the running sandbox (${count} Alertmanager${count > 1 ? "s" : ""}); its output and page show what is notified`);
  }
}

main().catch((err) => {
  console.error(`route: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
