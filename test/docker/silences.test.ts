/**
 * Maintenance silences on a real Docker daemon: the dev stack's one-shot container runs the
 * reconciler against replica 0 with the web credentials, the declared silences appear in
 * Alertmanager, an unchanged apply runs nothing, and a change creates and expires only the
 * stack's own silences.
 */
import * as assert from "assert";
import { DEFAULT_IMAGES } from "../../config/defaults";
import { createSilence, listSilences, Silence } from "../../harness/alertmanager-api";
import { DockerDaemon, startDockerDaemon } from "../../harness/docker/daemon";
import { buildTwin } from "../../harness/docker/image-twins";
import { DockerStack } from "../../harness/docker/stack";
import type { RegisteredResource } from "../../offline/program";
import { requireDocker, useDockerDevStack } from "../support/docker";

const RESOURCE = "alerting-silences";
const MINUTE_MS = 60_000;
/** Whole seconds: what the stack file would hold. */
const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
const NOW = Date.now();

const silence = (name: string, service: string, startsAt: string, endsAt: string, comment = `docker e2e: ${name}`) => ({
  name,
  matchers: [`service="${service}"`],
  startsAt,
  endsAt,
  comment,
  author: "docker-e2e@example.com",
});
/** Active now (started a minute ago: Alertmanager moves a past start to the moment it creates it) and pending (tomorrow). */
const ACTIVE = silence("active-window", "checkout", at(NOW - MINUTE_MS), at(NOW + 60 * MINUTE_MS));
const PENDING = silence("pending-window", "billing", at(NOW + 24 * 60 * MINUTE_MS), at(NOW + 26 * 60 * MINUTE_MS));

/** The fields of GET /api/v2/silences these tests read. */
type ApiSilence = Silence & { createdBy: string; comment: string; matchers: object[] };

describe("dev stack silences on a real Docker daemon", function () {
  this.timeout(300_000);
  const running = useDockerDevStack({ web: { auth: true }, silences: [ACTIVE, PENDING] });

  const ours = async () => {
    const all = (await listSilences(running.stack.urls.alertmanagers[0], running.stack.access())) as ApiSilence[];
    return all.filter((s) => s.status.state !== "expired" && s.createdBy.startsWith("pulumi:dev/"));
  };
  const lastRun = () => {
    const run = running.stack.stack.runs.get(RESOURCE);
    assert.ok(run, "the one-shot container ran");
    return run;
  };

  it("the one-shot container ran to completion with the web credentials and created both silences", async () => {
    const run = lastRun();
    assert.strictEqual(run.exitCode, 0, run.logs);
    assert.match(run.logs ?? "", /silences: created 2, expired 0, unchanged 0/);
    const { State } = await running.stack.stack.container(RESOURCE).inspect();
    assert.strictEqual(State.Status, "exited");
    const found = await ours();
    assert.deepStrictEqual(found.map((s) => s.comment).sort(), [ACTIVE.comment, PENDING.comment].sort());
    const byComment = Object.fromEntries(found.map((s) => [s.comment, s]));
    assert.strictEqual(byComment[ACTIVE.comment].status.state, "active");
    assert.strictEqual(byComment[PENDING.comment].status.state, "pending");
    assert.deepStrictEqual(byComment[PENDING.comment].matchers, [{ name: "service", value: "billing", isRegex: false, isEqual: true }]);
  });

  it("an unchanged apply runs nothing again and creates nothing new", async () => {
    const before = await ours();
    const { Id } = await running.stack.stack.container(RESOURCE).inspect();
    const events = running.stack.stack.events.length;
    await running.stack.apply({ web: { auth: true }, silences: [ACTIVE, PENDING] });
    assert.deepStrictEqual(
      running.stack.stack.events.slice(events).filter((e) => e.resource === RESOURCE),
      [],
    );
    assert.strictEqual((await running.stack.stack.container(RESOURCE).inspect()).Id, Id);
    assert.deepStrictEqual((await ours()).map((s) => s.id).sort(), before.map((s) => s.id).sort());
  });

  it("a changed silence runs it again: one created, the old one expired, the unchanged one kept, a hand-made one untouched", async () => {
    const handMade = await createSilence(running.stack.urls.alertmanagers[0], [{ name: "service", value: "by-hand" }], 30, running.stack.access());
    const before = Object.fromEntries((await ours()).map((s) => [s.comment, s.id]));
    const moved = { ...PENDING, comment: "docker e2e: pending-window, moved", endsAt: at(NOW + 27 * 60 * MINUTE_MS) };
    await running.stack.apply({ web: { auth: true }, silences: [ACTIVE, moved] });

    const run = lastRun();
    assert.strictEqual(run.exitCode, 0, run.logs);
    assert.match(run.logs ?? "", /silences: created 1, expired 1, unchanged 1/);
    const after = Object.fromEntries((await ours()).map((s) => [s.comment, s.id]));
    assert.deepStrictEqual(Object.keys(after).sort(), [ACTIVE.comment, moved.comment].sort());
    assert.strictEqual(after[ACTIVE.comment], before[ACTIVE.comment], "the unchanged silence is the same silence");
    const all = await listSilences(running.stack.urls.alertmanagers[0], running.stack.access());
    assert.strictEqual(all.find((s) => s.id === before[PENDING.comment])?.status.state, "expired");
    assert.strictEqual(all.find((s) => s.id === handMade)?.status.state, "active");
  });
});

describe("a one-shot container that fails, on a real Docker daemon", function () {
  this.timeout(300_000);
  let daemon: DockerDaemon | undefined;
  before(async () => {
    requireDocker();
    daemon = await startDockerDaemon();
    await buildTwin(daemon.docker, "capture", DEFAULT_IMAGES.capture);
  });
  after(async () => {
    await daemon?.stop();
  });

  /** A one-shot container as the program registers one, running `script` with the node image. */
  const oneShot = (script: string): RegisteredResource => ({
    type: "docker:index/container:Container",
    name: "t-one-shot",
    custom: true,
    dependsOn: [],
    deleteBeforeReplace: true,
    inputs: {
      name: "t-one-shot",
      image: DEFAULT_IMAGES.capture,
      command: ["node", "-e", script],
      user: "node",
      restart: "no",
      attach: true,
      logs: true,
      mustRun: false,
    },
  });

  it("fails the apply with the exit code and the output, keeps the container, and fails again until it changes", async () => {
    const stack = new DockerStack(daemon!.docker);
    const failing = oneShot('console.log("reconciling"); console.error("refused: 400 bad matcher"); process.exit(3)');
    await assert.rejects(
      stack.up([failing]),
      /^Error: container t-one-shot exited with code 3:\n(reconciling\nrefused: 400 bad matcher|refused: 400 bad matcher\nreconciling)$/,
    );
    assert.strictEqual((await stack.container("t-one-shot").inspect()).State.ExitCode, 3);
    await assert.rejects(stack.up([failing]), /exited with code 3/);
    assert.deepStrictEqual(stack.events.filter((e) => e.event === "exited").length, 1, "the unchanged container did not run again");
    await stack.up([oneShot('console.log("silences: created 0, expired 0, unchanged 0")')]);
    assert.deepStrictEqual(stack.runs.get("t-one-shot"), { exitCode: 0, logs: "silences: created 0, expired 0, unchanged 0\n" });
  });
});
