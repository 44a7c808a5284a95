/**
 * npm run preview -- --stack <dev|prod> [--receiver NAME] [--annotation name=value ...] name=value ...
 * The notifications one alert produces, as each service would receive them, from one run of the
 * real Alertmanager (no Docker, no Pulumi): docs/preview.md.
 */
import { LABEL_NAME_PATTERN } from "../config/matchers";
import { binaries } from "../harness/binaries";
import { parseArgs } from "../offline/cli-args";
import { preview, PreviewError } from "../preview/engine";
import { formatView } from "../preview/format";

function pair(arg: string, what: string): [string, string] {
  const at = arg.indexOf("=");
  const name = arg.slice(0, at);
  if (at < 1 || !LABEL_NAME_PATTERN.test(name)) throw new PreviewError(`${what} ${JSON.stringify(arg)} is not name=value with a name such as severity`);
  return [name, arg.slice(at + 1)];
}

async function main() {
  const argv = process.argv.slice(2);
  const flags: string[] = [];
  const labels: [string, string][] = [];
  const annotations: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--annotation") annotations.push(pair(argv[++i] ?? "", "annotation"));
    else if (argv[i].startsWith("--")) flags.push(argv[i], argv[++i]);
    else labels.push(pair(argv[i], "label"));
  }
  const args = parseArgs(
    flags.filter((f) => f !== undefined),
    { stack: true, receiver: false },
  );
  if (labels.length === 0) throw new PreviewError("give the alert's labels as name=value, e.g. alertname=CheckoutLatencyHigh severity=critical");
  const result = await preview(
    { stack: args.stack, receiver: args.receiver, labels: Object.fromEntries(labels), annotations: Object.fromEntries(annotations) },
    binaries(),
  );
  process.stdout.write(result.views.map(formatView).join("\n"));
  for (const line of result.notNow) console.log(`\nnot sent now: ${line}`);
}

main().catch((err) => {
  console.error(`preview: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
