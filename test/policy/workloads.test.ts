/** policy/workloads.ts: Jobs and one-shot docker containers are workloads the pack checks, and what it spares them. */
import * as assert from "assert";
import { isOneShotDockerContainer } from "../../policy/workloads";
import { dockerContainer, flagged, messages, resources, workload } from "./support";

/** A Job's container as the silences reconciler's: limits and a restricted context, no probes (it exits). */
const jobContainer = (extra: Record<string, unknown> = {}) => ({ name: "app", image: "example/app:1.2.3", resources, ...extra });
const job = (extra: Record<string, unknown> = {}) => workload("Job", { restartPolicy: "Never", containers: [jobContainer(extra)] });
const ONE_SHOT = { attach: true, logs: true, mustRun: false, healthcheck: undefined };

describe("policy on Jobs and one-shot containers", () => {
  it("a Job with limits and no probes passes every policy", async () => {
    assert.deepStrictEqual(await flagged([job()]), []);
  });

  it("a Job without limits is flagged by resource-limits", async () => {
    const rs = [job({ resources: undefined })];
    assert.deepStrictEqual(await flagged(rs), ["resource-limits"]);
    assert.deepStrictEqual(await messages(rs, "resource-limits"), [
      'container "app" has no cpu request.',
      'container "app" has no memory request.',
      'container "app" has no cpu limit.',
      'container "app" has no memory limit.',
    ]);
  });

  it("a Job with only requests is flagged for its missing limits", async () => {
    const rs = [job({ resources: { requests: { cpu: "10m", memory: "64Mi" } } })];
    assert.deepStrictEqual(await messages(rs, "resource-limits"), ['container "app" has no cpu limit.', 'container "app" has no memory limit.']);
  });

  it("a Job with a password literal in its env is flagged by no-plaintext-credentials; a *_FILE path is not", async () => {
    assert.deepStrictEqual(await flagged([job({ env: [{ name: "WEB_PASSWORD", value: "hunter2hunter2" }] })]), ["no-plaintext-credentials"]);
    assert.deepStrictEqual(await flagged([job({ env: [{ name: "WEB_PASSWORD_FILE", value: "/web/password" }] })]), []);
  });

  it("a one-shot docker container needs no healthcheck, and still needs limits", async () => {
    assert.deepStrictEqual(await flagged([dockerContainer(ONE_SHOT)]), []);
    assert.deepStrictEqual(await messages([dockerContainer({ ...ONE_SHOT, memory: undefined })], "resource-limits"), [
      'Container "c" sets no memory limit (memory, in MB).',
    ]);
  });

  it("look-alikes of a one-shot still need a healthcheck: attach alone, mustRun false alone", async () => {
    for (const extra of [
      { attach: true, healthcheck: undefined },
      { attach: true, mustRun: true, healthcheck: undefined },
      { mustRun: false, healthcheck: undefined },
    ]) {
      assert.deepStrictEqual(await messages([dockerContainer(extra)], "health-probes"), ['Container "c" has no healthcheck.'], JSON.stringify(extra));
    }
  });

  it("isOneShotDockerContainer: attach and mustRun false, both as booleans", () => {
    assert.strictEqual(isOneShotDockerContainer({ attach: true, mustRun: false }), true);
    assert.strictEqual(isOneShotDockerContainer({ attach: "true", mustRun: false }), false);
    assert.strictEqual(isOneShotDockerContainer({ attach: true }), false);
    assert.strictEqual(isOneShotDockerContainer({}), false);
  });
});
