/**
 * The decisions of scripts/fetch-binaries.sh (npm run fetch-binaries), which does the fetching:
 *   local           whether every binary is here already outside .tools (a *_BIN variable or PATH):
 *                   exit 0 when it is, 1 when something must be fetched, 2 when a *_BIN variable
 *                   names one that will not do (fetching would not change that)
 *   debian SUITE... reads apt's answers on stdin (harness/debian-pins.ts parseAnswers); prints the
 *                   suite to fetch from, or exits 1 saying why there is none
 * Lines for people go to stderr, the script reads stdout.
 */
import { readFileSync } from "fs";
import { BINARY_NAMES, locate, usingLine } from "../harness/binary-choice";
import { parseAnswers, plan } from "../harness/debian-pins";

/** 64 is sysexits.h's EX_USAGE. */
const EXIT = { ok: 0, missing: 1, refused: 2, usage: 64 };

function local(): number {
  const choices = BINARY_NAMES.map((name) => locate(name, { env: process.env }));
  for (const line of choices.flatMap((c) => c.refused)) console.error(`fetch-binaries: ${line}`);
  if (choices.some((c) => c.envRefused)) return EXIT.refused;
  if (choices.some((c) => !c.chosen)) return EXIT.missing;
  for (const { chosen } of choices) console.error(`fetch-binaries: ${usingLine(chosen!)}`);
  return EXIT.ok;
}

function debian(suites: string[]): number {
  const { suite, lines } = plan(parseAnswers(readFileSync(0, "utf8"), suites));
  for (const line of lines) console.error(line);
  if (!suite) return EXIT.missing;
  console.log(suite);
  return EXIT.ok;
}

const [command, ...args] = process.argv.slice(2);
if (command === "local") process.exitCode = local();
else if (command === "debian" && args.length > 0) process.exitCode = debian(args);
else {
  console.error("usage: binary-sources.ts local | debian SUITE...");
  process.exitCode = EXIT.usage;
}
