/**
 * Progress of the long commands (render, verify, route, bench, chaos, sandbox): one line per
 * phase, prefixed with the command's name, unless `--quiet`. Results and errors are not progress:
 * they are printed either way.
 */
export interface Progress {
  readonly quiet: boolean;
  phase(line: string): void;
}

export const QUIET_FLAG = "--quiet";

/** The progress for `command`, and the arguments with `--quiet` taken out. */
export function withProgress(command: string, argv: string[], print: (line: string) => void = console.log): { progress: Progress; args: string[] } {
  const quiet = argv.includes(QUIET_FLAG);
  return {
    progress: { quiet, phase: (line) => quiet || print(`${command}: ${line}`) },
    args: argv.filter((a) => a !== QUIET_FLAG),
  };
}
