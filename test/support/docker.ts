import { DockerDaemon, dockerUnavailable, startDockerDaemon } from "../../harness/docker/daemon";
import { DockerDevStack } from "../../harness/docker/dev-stack";

/** Fails the suite, saying why, where no Docker daemon of the test's own can be started: a skipped suite would prove nothing. */
export function requireDocker(): void {
  const reason = dockerUnavailable();
  if (reason) throw new Error(`the docker suite cannot run here: ${reason}`);
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
  before(async () => {
    requireDocker();
    running.daemon = await startDockerDaemon();
    running.stack = await DockerDevStack.start(running.daemon, config);
  });
  after(async () => {
    await running.daemon?.stop();
  });
  return running;
}
