/** policy/rbac.ts: least-privilege Roles and ClusterRoles. */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { discoveryRules, flagged, messages, rbacRole, resource } from "./support";

const POLICY = "least-privilege-rbac";
const ROLE = 'Role "monitoring/prometheus-discovery"';
const CLUSTER_ROLE = 'ClusterRole "prometheus-discovery"';

/** The discovery rules with rule `i` changed by `change`. */
const withRule = (i: number, change: Record<string, unknown>) => discoveryRules().map((rule, j) => (j === i ? { ...rule, ...change } : rule));

describe("least-privilege-rbac", () => {
  it("happy path: the program's discovery Role passes, and the same rules as a ClusterRole", async () => {
    assert.deepStrictEqual(await flagged([rbacRole("Role")]), []);
    assert.deepStrictEqual(await flagged([rbacRole("ClusterRole")]), []);
  });

  describe("secrets", () => {
    it("a rule on secrets", async () => {
      const rs = [rbacRole("Role", { rules: withRule(0, { resources: ["secrets"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 grants access to secrets.`]);
    });

    it("secrets among other resources, in a ClusterRole", async () => {
      const rs = [rbacRole("ClusterRole", { rules: withRule(0, { resources: ["pods", "services", "endpoints", "secrets"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${CLUSTER_ROLE} rule 0 grants access to secrets.`]);
    });

    it("a subresource of secrets", async () => {
      const rs = [rbacRole("Role", { rules: withRule(0, { resources: ["secrets/status"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 grants access to secrets.`]);
    });

    it("secrets named in any rule, with any API group and read-only verbs, name that rule", async () => {
      const rs = [rbacRole("Role", { rules: [...discoveryRules(), { apiGroups: [""], resources: ["secrets"], verbs: ["get"] }] })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 2 grants access to secrets.`]);
      const elsewhere = [rbacRole("Role", { rules: withRule(1, { resources: ["secrets"] }) })];
      assert.deepStrictEqual(await messages(elsewhere, POLICY), [`${ROLE} rule 1 grants access to secrets.`]);
    });

    it('the resource "*" in the core API group covers secrets', async () => {
      const rs = [rbacRole("Role", { rules: withRule(0, { resources: ["*"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 grants access to secrets.`, `${ROLE} rule 0 uses the wildcard "*" in resources.`]);
    });

    it('the resource "*" in another API group is a wildcard, not secrets', async () => {
      const rs = [rbacRole("Role", { rules: withRule(1, { resources: ["*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 1 uses the wildcard "*" in resources.`]);
    });
  });

  describe("wildcards", () => {
    it('"*" in verbs', async () => {
      const rs = [rbacRole("Role", { rules: withRule(0, { verbs: ["*"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 uses the wildcard "*" in verbs.`]);
    });

    it('"*" among other verbs', async () => {
      const rs = [rbacRole("ClusterRole", { rules: withRule(1, { verbs: ["get", "list", "watch", "*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${CLUSTER_ROLE} rule 1 uses the wildcard "*" in verbs.`]);
    });

    it('"*" among other resources', async () => {
      const rs = [rbacRole("Role", { rules: withRule(1, { resources: ["endpointslices", "*"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 1 uses the wildcard "*" in resources.`]);
    });

    it('"*" in apiGroups', async () => {
      const rs = [rbacRole("Role", { rules: withRule(1, { apiGroups: ["*"] }) })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 1 uses the wildcard "*" in apiGroups.`]);
    });

    it('"*" in apiGroups with the core resources: no secrets named, only the wildcard', async () => {
      const rs = [rbacRole("Role", { rules: withRule(0, { apiGroups: ["*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 uses the wildcard "*" in apiGroups.`]);
    });

    it("cluster-admin's rule: every message, in order", async () => {
      const rs = [rbacRole("ClusterRole", { rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] })];
      assert.deepStrictEqual(await messages(rs, POLICY), [
        `${CLUSTER_ROLE} rule 0 grants access to secrets.`,
        `${CLUSTER_ROLE} rule 0 uses the wildcard "*" in verbs.`,
        `${CLUSTER_ROLE} rule 0 uses the wildcard "*" in resources.`,
        `${CLUSTER_ROLE} rule 0 uses the wildcard "*" in apiGroups.`,
      ]);
    });
  });

  describe("aggregation", () => {
    const aggregationRule = { clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-monitoring": "true" } }] };
    const message = `${CLUSTER_ROLE} has an aggregationRule, so it takes on the rules of every ClusterRole its selectors match.`;

    it("a ClusterRole with an aggregationRule", async () => {
      const rs = [rbacRole("ClusterRole", { aggregationRule })];
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), [message]);
    });

    it("an aggregationRule with no rules of its own, or no selectors yet, still counts", async () => {
      assert.deepStrictEqual(await messages([rbacRole("ClusterRole", { aggregationRule, rules: undefined })], POLICY), [message]);
      assert.deepStrictEqual(await messages([rbacRole("ClusterRole", { aggregationRule: {} })], POLICY), [message]);
    });

    it("a ClusterRole with a null aggregationRule passes", async () => {
      assert.deepStrictEqual(await flagged([rbacRole("ClusterRole", { aggregationRule: null })]), []);
    });

    it("a Role carrying an aggregationRule field passes: only a ClusterRole aggregates (the API drops the field)", async () => {
      assert.deepStrictEqual(await flagged([rbacRole("Role", { aggregationRule })]), []);
    });
  });

  describe("malformed rules (a hand-written manifest) are read without failing", () => {
    it("a rule that is null or not an object is skipped, and the rules after it are still checked", async () => {
      const rules = [null, "get", ...withRule(0, { verbs: ["*"] })];
      assert.deepStrictEqual(await messages([rbacRole("Role", { rules })], POLICY), [`${ROLE} rule 2 uses the wildcard "*" in verbs.`]);
    });

    it("entries that are not strings are ignored, the strings beside them still checked", async () => {
      assert.deepStrictEqual(await flagged([rbacRole("Role", { rules: withRule(0, { resources: [5, "pods"], verbs: [null, "get"] }) })]), []);
      const rs = [rbacRole("Role", { rules: withRule(0, { resources: [7, "secrets"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${ROLE} rule 0 grants access to secrets.`]);
    });
  });

  describe("look-alikes that are not flagged", () => {
    const passes: [string, Record<string, unknown>][] = [
      ["secretstores", { apiGroups: ["external-secrets.io"], resources: ["secretstores"] }],
      ["clustersecretstores and externalsecrets", { apiGroups: ["external-secrets.io"], resources: ["clustersecretstores", "externalsecrets"] }],
      ["configmaps", { resources: ["configmaps"] }],
      ["a resource name containing secret", { resources: ["configmaps"], resourceNames: ["alertmanager-secret", "secrets"] }],
      ["a resource ending in secrets", { resources: ["mysecrets"] }],
      ["Secrets capitalised (no such resource)", { resources: ["Secrets"] }],
      ["every read-only verb", { verbs: ["get", "list", "watch"] }],
      ["no rules at all", { apiGroups: undefined, resources: undefined, verbs: undefined }],
    ];
    for (const [what, change] of passes) {
      it(what, async () => assert.deepStrictEqual(await flagged([rbacRole("Role", { rules: withRule(0, change) })]), []));
    }

    it("a Role or ClusterRole with no rules", async () => {
      assert.deepStrictEqual(await flagged([rbacRole("Role", { rules: [] }), rbacRole("ClusterRole", { rules: undefined })]), []);
    });
  });

  describe("messages name the role", () => {
    it("a Role without a namespace is called by its name", async () => {
      const rs = [rbacRole("Role", { metadata: { name: "prometheus-discovery" }, rules: withRule(0, { verbs: ["*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['Role "prometheus-discovery" rule 0 uses the wildcard "*" in verbs.']);
    });

    it("a ClusterRole is called by its name alone", async () => {
      const rs = [rbacRole("ClusterRole", { metadata: { name: "prometheus-discovery", namespace: "monitoring" }, rules: withRule(0, { verbs: ["*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), [`${CLUSTER_ROLE} rule 0 uses the wildcard "*" in verbs.`]);
    });

    it('a role without metadata.name (auto-named) is called by its Pulumi resource name, never "undefined"', async () => {
      const rs = [rbacRole("Role", { metadata: { namespace: "monitoring" }, rules: withRule(0, { verbs: ["*"] }) })];
      assert.deepStrictEqual(await messages(rs, POLICY), ['Role resource "test-role" rule 0 uses the wildcard "*" in verbs.']);
      const cluster = [rbacRole("ClusterRole", { metadata: undefined, rules: withRule(0, { verbs: ["*"] }) })];
      assert.deepStrictEqual(await messages(cluster, POLICY), ['ClusterRole resource "test-clusterrole" rule 0 uses the wildcard "*" in verbs.']);
    });
  });

  it("is not applicable to anything but a Role or ClusterRole", async () => {
    const rs = [
      resource("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", { roleRef: { kind: "Role", name: "prometheus-discovery" }, subjects: [] }),
      resource("kubernetes:core/v1:Secret", { metadata: { name: "s" }, stringData: { password: "x" } }),
      rbacRole("Role"),
    ];
    const run = await runPolicies(rs, policies);
    assert.deepStrictEqual(
      run.notApplicable.filter((n) => n.policy === POLICY),
      [
        { policy: POLICY, resource: "test-rolebinding", reason: "not a Role or ClusterRole" },
        { policy: POLICY, resource: "test-secret", reason: "not a Role or ClusterRole" },
      ],
    );
  });
});
