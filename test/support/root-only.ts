/**
 * Scenarios that need root (network namespaces) where the run is not root: skipped, saying why, so
 * `npm test` passes for a developer without root. CI runs as root and sets CI: there the same
 * absence fails, since a scenario skipped in CI would prove nothing while looking green.
 */

/** The indentation of mocha's spec reporter under a test title, so the reason reads as part of it. */
const INDENT = "      ";

function failInCi(unavailable: string, env: NodeJS.ProcessEnv): void {
  if (env.CI) throw new Error(`${unavailable}, and CI must run this scenario (it runs as root)`);
}

/** In a test (`function` form, for `this`): returns when `unavailable` is undefined, else skips the test saying why, or fails in CI. */
export function rootOnly(test: Pick<Mocha.Context, "skip">, unavailable: string | undefined, env = process.env): void {
  if (unavailable === undefined) return;
  failInCi(unavailable, env);
  console.log(`${INDENT}skipped: ${unavailable}`);
  test.skip();
}

/**
 * For the part of a test that needs root, after the rest has been checked: true when it can run;
 * false, saying which part is left out and why, where it cannot; a failure in CI.
 */
export function rootOnlyPart(part: string, unavailable: string | undefined, env = process.env): boolean {
  if (unavailable === undefined) return true;
  failInCi(unavailable, env);
  console.log(`${INDENT}not checked: ${part} (${unavailable})`);
  return false;
}
