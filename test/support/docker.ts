import type { Context } from "mocha";
import { DockerDaemon, dockerUnavailable, startDockerDaemon } from "../../harness/docker/daemon";
import { DockerDevStack } from "../../harness/docker/dev-stack";

/** Set by CI, where a skipped docker suite would pass without proving anything. */
const REQUIRED = process.env.PROVEN_ALERTING_REQUIRE_DOCKER === "1";

/** Skips the suite, saying why, where no Docker daemon of the test's own can be started (fails instead where one is required). */
export function skipWithoutDocker(context: Context): void {
  const reason = dockerUnavailable();
  if (!reason) return;
  if (REQUIRED) throw new Error(`PROVEN_ALERTING_REQUIRE_DOCKER=1, but ${reason}`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}

/** What useDockerDevStack's hooks fill in: read it in the tests, not when the describe is defined. */
export interface RunningDevStack {
  daemon: DockerDaemon;
  stack: DockerDevStack;
}

/**
 * Hooks for a describe: a daemon of its own and the dev stack with `config` on it before the tests,
 * everything removed after them (also when one fails).
 */
export function useDockerDevStack(config: Record<string, unknown>): RunningDevStack {
  const running = {} as RunningDevStack;
  before(async function () {
    skipWithoutDocker(this);
    running.daemon = await startDockerDaemon();
    running.stack = await DockerDevStack.start(running.daemon, config);
  });
  after(async () => {
    await running.daemon?.stop();
  });
  return running;
}
