/** policy/resource-limits.ts and the quantities it reads (policy/quantities.ts). */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { quantity } from "../../policy/quantities";
import { runPolicies } from "../../offline/policy-runner";
import { deployment, dockerContainer, flagged, good, KIND_NAMES, messages, resource, resources, workload } from "./support";

const POLICY = "resource-limits";
const noLimits = (who: string) => [`${who} has no cpu request.`, `${who} has no memory request.`, `${who} has no cpu limit.`, `${who} has no memory limit.`];

describe("resource-limits", () => {
  describe("Kubernetes workloads", () => {
    it("happy path: a container with CPU and memory requests and limits passes, in every kind", async () => {
      for (const kind of KIND_NAMES) assert.deepStrictEqual(await flagged([workload(kind, { containers: [good()] })]), [], kind);
    });

    for (const kind of KIND_NAMES) {
      it(`${kind} container without limits`, async () => {
        const rs = [workload(kind, { containers: [good({ resources: undefined })] })];
        assert.deepStrictEqual(await flagged(rs), [POLICY]);
        assert.deepStrictEqual(await messages(rs, POLICY), noLimits('container "app"'));
      });
    }

    it("init container without limits", async () => {
      const rs = [workload("Deployment", { initContainers: [{ name: "init", image: "busybox:1.36" }], containers: [good()] })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), noLimits('init container "init"'));
    });

    it("requests missing, limits set", async () => {
      const rs = [deployment({ resources: { limits: resources.limits } })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" has no cpu request.', 'container "app" has no memory request.']);
    });

    it("limits missing, requests set", async () => {
      assert.deepStrictEqual(await messages([deployment({ resources: { requests: resources.requests } })], POLICY), [
        'container "app" has no cpu limit.',
        'container "app" has no memory limit.',
      ]);
    });

    it("one quantity missing: only that one is named", async () => {
      const rs = [deployment({ resources: { requests: { memory: "128Mi" }, limits: resources.limits } })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" has no cpu request.']);
    });

    it("a quantity that does not parse counts as missing", async () => {
      const rs = [deployment({ resources: { requests: resources.requests, limits: { cpu: "lots", memory: "256Mi" } } })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" has no cpu limit.']);
    });

    it("CPU limit above the maximum", async () => {
      const rs = [deployment({ resources: { requests: resources.requests, limits: { cpu: "16", memory: "256Mi" } } })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" cpu limit 16 is above the maximum 4.']);
    });

    it("memory limit above the maximum", async () => {
      const rs = [deployment({ resources: { requests: resources.requests, limits: { cpu: "500m", memory: "16Gi" } } })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['container "app" memory limit 16Gi is above the maximum 8Gi.']);
    });

    it("limits exactly at the maxima pass (numbers and strings)", async () => {
      assert.deepStrictEqual(await flagged([deployment({ resources: { requests: resources.requests, limits: { cpu: "4", memory: "8Gi" } } })]), []);
      assert.deepStrictEqual(await flagged([deployment({ resources: { requests: resources.requests, limits: { cpu: 4, memory: 8 * 2 ** 30 } } })]), []);
    });

    it("the maxima come from the policy config", async () => {
      const rs = [deployment({ resources: { requests: resources.requests, limits: { cpu: "6", memory: "1Gi" } } })];
      assert.deepStrictEqual(await messages(rs, POLICY, { [POLICY]: { maxCpu: "8" } }), []);
      assert.deepStrictEqual(await messages(rs, POLICY, { [POLICY]: { maxCpu: "8", maxMemory: "512Mi" } }), [
        'container "app" memory limit 1Gi is above the maximum 512Mi.',
      ]);
    });

    it("is not applicable to what has no containers", async () => {
      const run = await runPolicies([resource("kubernetes:core/v1:Service", { spec: {} }), workload("Deployment", {})], policies);
      assert.deepStrictEqual(
        run.notApplicable.filter((n) => n.policy === POLICY),
        [
          { policy: POLICY, resource: "test-service", reason: "not a workload" },
          { policy: POLICY, resource: "test-deployment", reason: "not a workload" },
        ],
      );
    });

    it("a workload whose pod template is not (yet) there has no containers", async () => {
      const shapes: [string, object | undefined][] = [
        ["kubernetes:apps/v1:Deployment", undefined],
        ["kubernetes:apps/v1:Deployment", {}],
        ["kubernetes:apps/v1:Deployment", { template: {} }],
        ["kubernetes:batch/v1:CronJob", undefined],
        ["kubernetes:batch/v1:CronJob", {}],
        ["kubernetes:batch/v1:CronJob", { jobTemplate: {} }],
        ["kubernetes:batch/v1:CronJob", { jobTemplate: { spec: {} } }],
        ["kubernetes:batch/v1:CronJob", { jobTemplate: { spec: { template: {} } } }],
      ];
      const run = await runPolicies(
        shapes.map(([type, spec], i) => resource(type, { metadata: { name: "x" }, spec }, `shape-${i}`)),
        policies,
      );
      assert.deepStrictEqual(run.violations, []);
      assert.deepStrictEqual(
        run.notApplicable.filter((n) => n.policy === POLICY).map((n) => n.resource),
        shapes.map((_, i) => `shape-${i}`),
      );
    });
  });

  describe("docker containers", () => {
    it("happy path: memory and cpus set passes", async () => assert.deepStrictEqual(await flagged([dockerContainer()]), []));

    it("docker container without memory", async () => {
      const rs = [dockerContainer({ memory: undefined })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), ['Container "c" sets no memory limit (memory, in MB).']);
    });

    it("memory 0 or as a string is no memory limit", async () => {
      for (const memory of [0, -1, "128"])
        assert.deepStrictEqual(await messages([dockerContainer({ memory })], POLICY), ['Container "c" sets no memory limit (memory, in MB).'], String(memory));
    });

    it("memory above the maximum (8Gi = 8192MB)", async () => {
      assert.deepStrictEqual(await messages([dockerContainer({ memory: 8192 })], POLICY), []);
      assert.deepStrictEqual(await messages([dockerContainer({ memory: 8193 })], POLICY), ['Container "c" memory 8193MB is above the maximum 8Gi.']);
    });

    it("docker container without cpus", async () => {
      const rs = [dockerContainer({ cpus: undefined })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), ['Container "c" sets no CPU limit (cpus).']);
    });

    it("cpus 0 or not a number is no CPU limit", async () => {
      for (const cpus of ["0", "-1", "many"])
        assert.deepStrictEqual(await messages([dockerContainer({ cpus })], POLICY), ['Container "c" sets no CPU limit (cpus).'], cpus);
    });

    it("cpus above the maximum", async () => {
      assert.deepStrictEqual(await messages([dockerContainer({ cpus: "4" })], POLICY), []);
      assert.deepStrictEqual(await messages([dockerContainer({ cpus: "4.5" })], POLICY), ['Container "c" cpus 4.5 is above the maximum 4.']);
    });

    it("the maxima come from the policy config", async () => {
      const config = { [POLICY]: { maxCpu: "500m", maxMemory: "64Mi" } };
      assert.deepStrictEqual(await messages([dockerContainer()], POLICY, config), ['Container "c" memory 128MB is above the maximum 64Mi.']);
      assert.deepStrictEqual(await messages([dockerContainer({ cpus: "1", memory: 64 })], POLICY, config), ['Container "c" cpus 1 is above the maximum 500m.']);
    });
  });
});

describe("quantity (Kubernetes quantities)", () => {
  const cases: [unknown, number | undefined][] = [
    ["1", 1],
    ["1.5", 1.5],
    [" 2 ", 2],
    ["+3", 3],
    ["-1", -1],
    [7, 7],
    ["5n", 5e-9],
    ["5u", 5e-6],
    ["100m", 0.1],
    ["2k", 2e3],
    ["2M", 2e6],
    ["2G", 2e9],
    ["2T", 2e12],
    ["2P", 2e15],
    ["2E", 2e18],
    ["2Ki", 2 * 2 ** 10],
    ["2Mi", 2 * 2 ** 20],
    ["2Gi", 2 * 2 ** 30],
    ["2Ti", 2 * 2 ** 40],
    ["2Pi", 2 * 2 ** 50],
    ["2Ei", 2 * 2 ** 60],
    ["1e3", 1000],
    ["2e10", 2e10],
    ["0.25", 0.25],
    ["1.25Gi", 1.25 * 2 ** 30],
    ["1E3", 1000],
    ["1e+3", 1000],
    ["5e-3", 0.005],
    [undefined, undefined],
    [null, undefined],
    [true, undefined],
    ["", undefined],
    ["Mi", undefined],
    ["1Q", undefined],
    ["1ki", undefined],
    ["1e", undefined],
    ["x1", undefined],
    ["1x", undefined],
    ["1.", undefined],
    [".5", undefined],
    ["1 Gi", undefined],
    ["1Gi2", undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} is ${expected}`, () => {
      const actual = quantity(input);
      if (expected === undefined || actual === undefined) assert.strictEqual(actual, expected);
      else assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 1e-12, `${actual} != ${expected}`);
    });
  }
});
