import type { Context } from "mocha";
import { dockerUnavailable } from "../../harness/docker/daemon";

/** Skips the suite, saying why, where no Docker daemon of the test's own can be started. */
export function skipWithoutDocker(context: Context): void {
  const reason = dockerUnavailable();
  if (!reason) return;
  console.log(`      skipped: ${reason}`);
  context.skip();
}
