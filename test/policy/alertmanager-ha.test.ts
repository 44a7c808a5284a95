/** policy/alertmanager-ha.ts: a Kubernetes Alertmanager is a cluster. */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { RegisteredResource } from "../../offline/program";
import { AM_LABELS, alertmanagerStack, deployment, dockerContainer, flagged, good, messages, resource, workload } from "./support";

const POLICY = "alertmanager-high-availability";
const NO_PDB = "Alertmanager test-statefulset has no PodDisruptionBudget selecting its pods.";
const NO_GOSSIP = "Alertmanager test-statefulset has no NetworkPolicy allowing gossip on 9094 over both TCP and UDP.";

describe("alertmanager-high-availability", () => {
  it("Alertmanager with 3 replicas, a PDB and TCP+UDP gossip", async () => assert.deepStrictEqual(await flagged(alertmanagerStack()), []));

  const violations: [string, RegisteredResource[], string[]][] = [
    ["Alertmanager with 1 replica", alertmanagerStack({ replicas: 1 }), ["Alertmanager test-statefulset runs 1 replica(s); run at least 3."]],
    ["Alertmanager with 2 replicas", alertmanagerStack({ replicas: 2 }), ["Alertmanager test-statefulset runs 2 replica(s); run at least 3."]],
    ["Alertmanager without a PodDisruptionBudget", alertmanagerStack({ pdb: false }), [NO_PDB]],
    ["Alertmanager whose PDB selects other pods", alertmanagerStack({ pdbSelector: { "app.kubernetes.io/name": "prometheus" } }), [NO_PDB]],
    ["Alertmanager whose PDB selects on a label it lacks", alertmanagerStack({ pdbSelector: { ...AM_LABELS, tier: "alerting" } }), [NO_PDB]],
    ["Alertmanager gossip allowed over TCP only", alertmanagerStack({ protocols: ["TCP"] }), [NO_GOSSIP]],
    ["Alertmanager gossip allowed over UDP only", alertmanagerStack({ protocols: ["UDP"] }), [NO_GOSSIP]],
    ["Alertmanager gossip allowed over TCP and SCTP, not UDP", alertmanagerStack({ protocols: ["TCP", "SCTP"] }), [NO_GOSSIP]],
    [
      "Alertmanager NetworkPolicy on another port",
      alertmanagerStack({
        ports: [
          { port: 9093, protocol: "TCP" },
          { port: 9093, protocol: "UDP" },
        ],
      }),
      [NO_GOSSIP],
    ],
    ["Alertmanager NetworkPolicy selecting other pods", alertmanagerStack({ podSelector: { "app.kubernetes.io/name": "prometheus" } }), [NO_GOSSIP]],
    ["Alertmanager pods labelled differently from both selectors", alertmanagerStack({ labels: { app: "am" } }), [NO_PDB, NO_GOSSIP]],
  ];
  for (const [title, rs, expected] of violations) {
    it(title, async () => {
      assert.deepStrictEqual(await flagged(rs), [POLICY]);
      assert.deepStrictEqual(await messages(rs, POLICY), expected);
    });
  }

  it("a StatefulSet without replicas runs one", async () => {
    const rs = alertmanagerStack();
    delete (rs[0].inputs.spec as any).replicas;
    assert.deepStrictEqual(await messages(rs, POLICY), ["Alertmanager test-statefulset runs 1 replica(s); run at least 3."]);
  });

  it("a port without a protocol is TCP", async () => {
    assert.deepStrictEqual(await messages(alertmanagerStack({ ports: [{ port: 9094 }, { port: 9094, protocol: "UDP" }] }), POLICY), []);
    assert.deepStrictEqual(await messages(alertmanagerStack({ ports: [{ port: 9094 }] }), POLICY), [NO_GOSSIP]);
  });

  it("TCP and UDP may be allowed by different rules; a rule without ports is ignored", async () => {
    const rs = alertmanagerStack();
    (rs[2].inputs as any).spec.ingress = [
      { from: [{ podSelector: {} }] },
      { ports: [{ port: 9094, protocol: "TCP" }] },
      { ports: [{ port: 9094, protocol: "UDP" }] },
    ];
    assert.deepStrictEqual(await messages(rs, POLICY), []);
  });

  it("a NetworkPolicy without ingress rules or a PDB without a selector allows nothing", async () => {
    const rs = alertmanagerStack();
    delete (rs[1].inputs as any).spec.selector;
    delete (rs[2].inputs as any).spec.ingress;
    assert.deepStrictEqual(await messages(rs, POLICY), [NO_PDB, NO_GOSSIP]);
  });

  it("only a PodDisruptionBudget counts as one (not the StatefulSet's own selector)", async () => {
    const rs = alertmanagerStack({ pdb: false });
    assert.deepStrictEqual((rs[0].inputs.spec as any).selector, { matchLabels: AM_LABELS });
    assert.deepStrictEqual(await messages(rs, POLICY), [NO_PDB]);
  });

  it("a PDB or NetworkPolicy without a spec, or a NetworkPolicy without a podSelector, selects nothing", async () => {
    const [sts, pdb, netpol] = alertmanagerStack();
    const bare = (r: typeof pdb, spec?: object) => ({ ...r, name: `${r.name}-bare`, inputs: { ...r.inputs, spec } });
    assert.deepStrictEqual(await messages([sts, bare(pdb), bare(netpol), bare(netpol, { ingress: [] })], POLICY), [NO_PDB, NO_GOSSIP]);
    assert.deepStrictEqual(await messages([sts, pdb, netpol, bare(pdb), bare(netpol), bare(netpol, { ingress: [] })], POLICY), []);
  });

  it("an Alertmanager whose pods carry no labels is selected by nothing", async () => {
    const ds = workload("DaemonSet", { containers: [good({ name: "alertmanager", image: "prom/alertmanager:v0.33.1" })] }, { replicas: 3 });
    delete (ds.inputs as any).metadata;
    const [, pdb, netpol] = alertmanagerStack();
    assert.deepStrictEqual(await messages([ds, pdb, netpol], POLICY), [
      "Alertmanager test-daemonset has no PodDisruptionBudget selecting its pods.",
      "Alertmanager test-daemonset has no NetworkPolicy allowing gossip on 9094 over both TCP and UDP.",
    ]);
  });

  it("the minimum comes from the policy config", async () => {
    assert.deepStrictEqual(await messages(alertmanagerStack({ replicas: 2 }), POLICY, { [POLICY]: { minReplicas: 2 } }), []);
    assert.deepStrictEqual(await messages(alertmanagerStack(), POLICY, { [POLICY]: { minReplicas: 5 } }), [
      "Alertmanager test-statefulset runs 3 replica(s); run at least 5.",
    ]);
  });

  it("finds Alertmanager in any workload kind, by any container's image; a Pod's labels are its own", async () => {
    const pod = workload("Pod", { containers: [good(), good({ name: "am", image: "quay.io/prometheus/alertmanager:v0.33.1" })] });
    (pod.inputs.metadata as any).labels = AM_LABELS;
    const [, pdb, netpol] = alertmanagerStack();
    assert.deepStrictEqual(await messages([pod, pdb, netpol], POLICY), ["Alertmanager test-pod runs 1 replica(s); run at least 3."]);
  });

  it("is not applicable without a Kubernetes Alertmanager", async () => {
    const run = await runPolicies(
      [deployment(), dockerContainer({ image: "prom/alertmanager:v0.33.1" }), resource("kubernetes:core/v1:Service", { spec: { selector: AM_LABELS } })],
      policies,
    );
    assert.deepStrictEqual(run.violations, []);
    assert.deepStrictEqual(
      run.notApplicable.filter((n) => n.policy === POLICY),
      [{ policy: POLICY, resource: undefined, reason: "no Kubernetes Alertmanager in this stack" }],
    );
  });
});
