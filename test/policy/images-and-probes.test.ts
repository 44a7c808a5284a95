/** policy/images-and-probes.ts: pinned images and health probes. */
import * as assert from "assert";
import { isPinned } from "../../policy/images-and-probes";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { RegisteredResource } from "../../offline/program";
import { deployment, dockerContainer, flagged, good, KIND_NAMES, messages, resource, workload } from "./support";

const DIGEST = `sha256:${"a1".repeat(32)}`;
const remoteImage = (name: string) => resource("docker:index/remoteImage:RemoteImage", { name });

describe("isPinned", () => {
  const cases: [unknown, boolean][] = [
    ["example/app:1.2.3", true],
    ["alertmanager:v0.33.1", true],
    ["busybox:1.36", true],
    ["registry.local:5000/team/app:2.0.1", true],
    [`example/app@${DIGEST}`, true],
    [`example/app:1.2.3@${DIGEST}`, true],
    [`example/app:latest@${DIGEST}`, true],
    [`registry.local:5000/app@${DIGEST}`, true],
    ["example/app", false],
    ["example/app:latest", false],
    ["example/app:", false],
    ["registry.local:5000/team/app", false],
    [`example/app@sha256:${"a1".repeat(31)}`, false],
    [`example/app@sha256:${"A1".repeat(32)}`, false],
    [`example/app@sha256:${"a1".repeat(32)}00`, false],
    [`example/app@md5sha256:${"a1".repeat(32)}`, false],
    ["example/app:1.2.3@", false],
    [undefined, false],
    [123, false],
  ];
  for (const [image, expected] of cases)
    it(`${JSON.stringify(image)}: ${expected ? "pinned" : "not pinned"}`, () => assert.strictEqual(isPinned(image), expected));
});

describe("pinned-images", () => {
  const POLICY = "pinned-images";
  it("happy path: a tagged image passes in every workload kind, docker container and RemoteImage", async () => {
    const rs = [...KIND_NAMES.map((kind) => workload(kind, { containers: [good()] })), dockerContainer(), remoteImage("prom/prometheus:v3.5.3")];
    assert.deepStrictEqual(await messages(rs, POLICY), []);
  });

  const violations: [string, RegisteredResource[], string[]][] = [
    [
      "image on latest (Kubernetes)",
      [deployment({ image: "example/app:latest" })],
      ['container "app" image "example/app:latest" is not pinned to a version tag or digest.'],
    ],
    [
      "init container image without a tag",
      [workload("Job", { initContainers: [good({ name: "init", image: "busybox" })], containers: [good()] })],
      ['init container "init" image "busybox" is not pinned to a version tag or digest.'],
    ],
    ["container without an image", [deployment({ image: undefined })], ['container "app" image "undefined" is not pinned to a version tag or digest.']],
    [
      "image without a tag (docker)",
      [dockerContainer({ image: "prom/alertmanager" })],
      ['Image "prom/alertmanager" is not pinned to a version tag or digest.'],
    ],
    ["RemoteImage on latest", [remoteImage("prom/prometheus:latest")], ['Image "prom/prometheus:latest" is not pinned to a version tag or digest.']],
  ];
  for (const [title, rs, expected] of violations) {
    it(title, async () => {
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), expected);
    });
  }

  it("image pinned by digest", async () => assert.deepStrictEqual(await flagged([deployment({ image: `example/app@sha256:${"a".repeat(64)}` })]), []));
  it("image from a registry with a port", async () => assert.deepStrictEqual(await flagged([deployment({ image: "registry.local:5000/team/app:2.0.1" })]), []));

  it("is not applicable to what has no image", async () => {
    const run = await runPolicies([resource("kubernetes:core/v1:Service", { spec: {} })], policies);
    assert.deepStrictEqual(
      run.notApplicable.filter((n) => n.policy === POLICY),
      [{ policy: POLICY, resource: "test-service", reason: "no image" }],
    );
  });
});

describe("health-probes", () => {
  const POLICY = "health-probes";
  it("happy path: liveness and readiness probes pass in every long-running kind, a healthcheck in docker", async () => {
    const rs = [...["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"].map((kind) => workload(kind, { containers: [good()] })), dockerContainer()];
    assert.deepStrictEqual(await messages(rs, POLICY), []);
  });

  for (const kind of ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]) {
    it(`${kind} without probes`, async () => {
      const rs = [workload(kind, { containers: [good({ livenessProbe: undefined, readinessProbe: undefined })] })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" has no livenessProbe.', 'container "app" has no readinessProbe.']);
    });
  }

  it("Deployment without a readiness probe", async () => {
    const rs = [deployment({ readinessProbe: undefined })];
    assert.deepStrictEqual(await flagged(rs), [POLICY]);
    assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" has no readinessProbe.']);
  });

  it("Deployment without a liveness probe", async () => {
    assert.deepStrictEqual(await messages([deployment({ livenessProbe: undefined })], POLICY), ['container "app" has no livenessProbe.']);
  });

  it("init containers need no probes", async () => {
    assert.deepStrictEqual(
      await flagged([
        workload("StatefulSet", { initContainers: [good({ name: "init", livenessProbe: undefined, readinessProbe: undefined })], containers: [good()] }),
      ]),
      [],
    );
  });

  it("docker container without a healthcheck", async () => {
    const rs = [dockerContainer({ healthcheck: undefined })];
    assert.deepStrictEqual(await flagged(rs), [POLICY]);
    assert.deepStrictEqual(await messages(rs, POLICY), ['Container "c" has no healthcheck.']);
  });

  it("a docker healthcheck without tests is none", async () => {
    for (const healthcheck of [{}, { tests: [] }])
      assert.deepStrictEqual(await messages([dockerContainer({ healthcheck })], POLICY), ['Container "c" has no healthcheck.']);
  });

  it("Job without probes", async () =>
    assert.deepStrictEqual(await flagged([workload("Job", { containers: [good({ livenessProbe: undefined, readinessProbe: undefined })] })]), []));

  it("is not applicable to Jobs, CronJobs and what is not a workload", async () => {
    const bare = { containers: [good({ livenessProbe: undefined, readinessProbe: undefined })] };
    const run = await runPolicies([workload("Job", bare), workload("CronJob", bare), remoteImage("prom/prometheus:v3.5.3")], policies);
    assert.deepStrictEqual(
      run.notApplicable.filter((n) => n.policy === POLICY),
      ["test-job", "test-cronjob", "test-remoteimage"].map((name) => ({ policy: POLICY, resource: name, reason: "not a long-running workload" })),
    );
  });
});
