/** The pack (policy/policies.ts) run the way the policy server runs it (offline/policy-runner.ts). */
import * as assert from "assert";
import { PACK_NAME, policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { configMap, deployment, dockerContainer, flagged, resource, resources } from "./support";

describe("the policy pack", () => {
  it("is proven-alerting: its policies in report order, each with its default level and a description", () => {
    assert.strictEqual(PACK_NAME, "proven-alerting");
    assert.deepStrictEqual(
      policies.map((p) => [p.name, p.enforcementLevel]),
      [
        ["resource-limits", "mandatory"],
        ["no-plaintext-credentials", "mandatory"],
        ["least-privilege-rbac", "mandatory"],
        ["pinned-images", "advisory"],
        ["health-probes", "advisory"],
        ["alertmanager-high-availability", "advisory"],
        ["alertmanager-connections-secure", "mandatory"],
      ],
    );
    for (const p of policies) assert.match(p.description ?? "", /^[A-Z].{40,}\.$/, p.name);
  });

  it("declares its config as the CLI validates it", () => {
    assert.deepStrictEqual(Object.fromEntries(policies.filter((p) => p.configSchema).map((p) => [p.name, p.configSchema])), {
      "resource-limits": { properties: { maxCpu: { type: "string", default: "4" }, maxMemory: { type: "string", default: "8Gi" } } },
      "alertmanager-high-availability": { properties: { minReplicas: { type: "number", default: 3 } } },
    });
  });

  describe("runs like the policy server", () => {
    it("honours per-policy enforcement levels and config (schema defaults applied)", async () => {
      const big = [deployment({ resources: { requests: resources.requests, limits: { cpu: "6", memory: "256Mi" } } })];
      assert.deepStrictEqual(await flagged(big), ["resource-limits"], "above the default maxCpu of 4");
      const relaxed = await runPolicies(big, policies, { "resource-limits": { maxCpu: "8" } });
      assert.deepStrictEqual(relaxed.violations, []);
      const disabled = await runPolicies([deployment({ image: "x/y:latest" })], policies, { "pinned-images": { enforcementLevel: "disabled" } });
      assert.deepStrictEqual(disabled.violations, []);
      const strict = await runPolicies([deployment({ image: "x/y:latest" })], policies, { "pinned-images": { enforcementLevel: "mandatory" } });
      assert.deepStrictEqual(
        strict.violations.map((v) => v.level),
        ["mandatory"],
      );
    });

    it("marks policies not applicable where they do not apply", async () => {
      const run = await runPolicies([resource("kubernetes:core/v1:Service", { spec: {} })], policies);
      assert.deepStrictEqual(run.violations, []);
      assert.deepStrictEqual(run.notApplicable.map((n) => n.policy).sort(), [
        "alertmanager-connections-secure",
        "alertmanager-high-availability",
        "health-probes",
        "least-privilege-rbac",
        "no-plaintext-credentials",
        "pinned-images",
        "resource-limits",
      ]);
    });
  });

  it("applies each policy exactly to what it checks", async () => {
    const rs = [
      dockerContainer(),
      configMap({ "alertmanager.yml": "route:\n  receiver: r\n" }),
      resource("docker:index/remoteImage:RemoteImage", { name: "prom/prometheus:v3.5.3" }),
    ];
    const run = await runPolicies(rs, policies);
    assert.deepStrictEqual(run.violations, []);
    assert.deepStrictEqual(run.notApplicable, [
      { policy: "resource-limits", resource: "test-configmap", reason: "not a workload" },
      { policy: "resource-limits", resource: "test-remoteimage", reason: "not a workload" },
      { policy: "no-plaintext-credentials", resource: "test-remoteimage", reason: "neither a workload, a ConfigMap nor a docker container" },
      { policy: "least-privilege-rbac", resource: "test-container", reason: "not a Role or ClusterRole" },
      { policy: "least-privilege-rbac", resource: "test-configmap", reason: "not a Role or ClusterRole" },
      { policy: "least-privilege-rbac", resource: "test-remoteimage", reason: "not a Role or ClusterRole" },
      { policy: "pinned-images", resource: "test-configmap", reason: "no image" },
      { policy: "health-probes", resource: "test-configmap", reason: "not a long-running workload" },
      { policy: "health-probes", resource: "test-remoteimage", reason: "not a long-running workload" },
      { policy: "alertmanager-high-availability", resource: undefined, reason: "no Kubernetes Alertmanager in this stack" },
      { policy: "alertmanager-connections-secure", resource: "test-remoteimage", reason: "neither a ConfigMap nor a docker container" },
    ]);
  });

  describe("messages name the resource", () => {
    it("a docker container with a name is called by it", async () => {
      const run = await runPolicies([dockerContainer({ memory: undefined })], policies);
      assert.deepStrictEqual(
        run.violations.map((v) => v.message),
        ['Container "c" sets no memory limit (memory, in MB).'],
      );
    });

    it('a docker container without a name is called by its Pulumi resource name, never "undefined"', async () => {
      const run = await runPolicies([dockerContainer({ name: undefined, memory: undefined, healthcheck: undefined, envs: ["DB_PASSWORD=hunter2"] })], policies);
      assert.deepStrictEqual(
        run.violations.map((v) => v.message),
        [
          'Container resource "test-container" sets no memory limit (memory, in MB).',
          'Container resource "test-container" env DB_PASSWORD holds a value named "DB_PASSWORD"; upload it as a secret file instead.',
          'Container resource "test-container" has no healthcheck.',
        ],
      );
    });
  });
});
