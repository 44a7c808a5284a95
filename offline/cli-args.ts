/** `--name value` flags for the npm run commands; unknown flags and missing values are errors. */
export function parseArgs<T extends Record<string, boolean>>(argv: string[], spec: T): { [K in keyof T]: T[K] extends true ? string : string | undefined } {
  const result: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const name = flag.replace(/^--/, "");
    if (!flag.startsWith("--") || !(name in spec)) {
      throw new Error(
        `unknown argument ${JSON.stringify(flag)}; accepted: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(", ")}`,
      );
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    result[name] = value;
  }
  for (const [name, required] of Object.entries(spec)) {
    if (required && result[name] === undefined) throw new Error(`--${name} is required (e.g. --${name} ${name === "stack" ? "prod" : "VALUE"})`);
  }
  return result as never;
}
