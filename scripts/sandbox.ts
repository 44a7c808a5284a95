/**
 * npm start / npm run sandbox -- [--stack dev|prod] [--quiet]
 * The stack running on this machine with the real binaries, every notification printed and shown
 * on a local page as the service shows it, with a "try an alert" form, until Ctrl-C:
 * docs/commands.md, docs/preview.md.
 */
import { startSandbox } from "../preview/sandbox";
import { parseArgs } from "../offline/cli-args";
import { withProgress } from "../offline/progress";

async function main() {
  const { progress, args: rest } = withProgress("sandbox", process.argv.slice(2));
  const args = parseArgs(rest, { stack: false });
  const stack = args.stack ?? "dev";
  const say = (line: string) => progress.quiet || console.log(line);
  const started = Date.now();
  progress.phase(`starting the ${stack} stack's Prometheus and Alertmanager (real binaries; every receiver goes to a local capture stand-in)`);
  const sandbox = await startSandbox(stack, (line) => console.log(line));
  progress.phase(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`  notifications and the routing tree: ${sandbox.pageUrl}`);
  for (const link of sandbox.links) say(`  ${link.name}: ${link.url}`);
  say("  fire a test alert:");
  say(`    ${sandbox.curl}`);
  progress.phase("group timings are shortened (group_wait 2s); Ctrl-C stops everything.");
}

main().catch((err) => {
  console.error(`sandbox: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
