/**
 * npm run route-diff -- --base <git-ref> [--stack <name>] [--every-label-set] [--verbose]
 * The label sets whose receivers a change moves, and its inhibit rule and time interval changes,
 * per stack: nothing printed and exit 0 when routing is the same, exit 1 when it differs, 2 when
 * it could not be compared. docs/route-diff.md.
 */
import { binaries } from "../harness/binaries";
import { parseArgs } from "../offline/cli-args";
import { ROOT } from "../offline/program";
import { formatVerdict } from "../proof/format";
import { routeDiff } from "../proof/route-diff";

const VERBOSE_FLAG = "--verbose";
const EVERY_LABEL_SET_FLAG = "--every-label-set";
/** Routing differs; 2 is for "could not compare", so CI tells a change from a failure. */
const EXIT_DIFFERS = 1;
const EXIT_FAILED = 2;

async function main() {
  const argv = process.argv.slice(2);
  const verbose = argv.includes(VERBOSE_FLAG);
  const args = parseArgs(
    argv.filter((a) => a !== VERBOSE_FLAG && a !== EVERY_LABEL_SET_FLAG),
    { base: true, stack: false },
  );
  // Progress goes to stderr: stdout stays empty when nothing changed.
  const progress = verbose ? (line: string) => console.error(`route-diff: ${line}`) : undefined;
  const diff = await routeDiff({
    repo: ROOT,
    base: args.base,
    stacks: args.stack === undefined ? undefined : [args.stack],
    binaries: binaries(),
    everyLabelSet: argv.includes(EVERY_LABEL_SET_FLAG),
    progress,
  });
  const at = `${diff.base} (${diff.commit.slice(0, 7)})`;
  let differs = false;
  for (const { stack, verdict, onlyIn } of diff.stacks) {
    if (!verdict) {
      differs = true;
      console.log(`stack ${stack}: only in ${onlyIn}; no routing to compare it with\n`);
      continue;
    }
    for (const gap of verdict.gaps) console.error(`route-diff: stack ${stack}: not covered by the proof: ${gap}`);
    if (verdict.equal) {
      const how = verdict.sameTree
        ? "amtool reads both routing trees alike"
        : `${verdict.labelSets} of ${verdict.derivedLabelSets} label sets asked, ${verdict.amtoolCalls} amtool calls`;
      if (verbose) console.log(`stack ${stack}: same routing as ${at} (${how})`);
      continue;
    }
    differs = true;
    const counts = [
      `${verdict.routing.length} label sets routed differently (${verdict.labelSets} asked of ${verdict.derivedLabelSets} derived)`,
      `${verdict.inhibitRules.onlyInBase.length + verdict.inhibitRules.onlyInCandidate.length} inhibit rules`,
      `${verdict.timeIntervals.length} time intervals`,
      ...(verdict.disagreements.length > 0 ? [`${verdict.disagreements.length} label sets where amtool and the program's walk disagree`] : []),
    ];
    console.log(`stack ${stack}: routing differs from ${at}: ${counts.join(", ")}`);
    console.log(formatVerdict(verdict));
  }
  process.exitCode = differs ? EXIT_DIFFERS : 0;
}

main().catch((err) => {
  console.error(`route-diff: ${err instanceof Error ? err.message : err}`);
  process.exit(EXIT_FAILED);
});
