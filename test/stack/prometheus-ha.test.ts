/** The Prometheus HA pair's Kubernetes objects in the prod stack, and a single replica's. */
import * as assert from "assert";
import { runProgram } from "../../offline/program";
import type { RegisteredResource } from "../../offline/program";
import { byKind, one } from "../support/resources";

describe("stack (prod): the Prometheus HA pair", () => {
  let resources: RegisteredResource[];
  before(async () => {
    resources = (await runProgram({ stack: "prod", fakeSecrets: true })).resources;
  });

  it("two replicas under a headless peers Service, started in parallel, rolled one at a time", () => {
    const sts = one(resources, "StatefulSet", "prometheus").spec;
    assert.strictEqual(sts.replicas, 2);
    assert.strictEqual(sts.serviceName, "prometheus-peers");
    assert.strictEqual(sts.podManagementPolicy, "Parallel");
    assert.deepStrictEqual(sts.updateStrategy, { type: "RollingUpdate" });
    assert.strictEqual(sts.volumeClaimTemplates.length, 1, "each replica gets its own claim from the template");
    const peers = one(resources, "Service", "prometheus-peers").spec;
    assert.strictEqual(peers.clusterIP, "None");
    assert.strictEqual(peers.publishNotReadyAddresses, true);
    assert.deepStrictEqual(peers.selector, sts.selector.matchLabels);
  });

  it("each pod names itself through PROMETHEUS_REPLICA, and the pair is spread across nodes", () => {
    const pod = one(resources, "StatefulSet", "prometheus").spec.template.spec;
    assert.deepStrictEqual(pod.containers[0].env, [{ name: "PROMETHEUS_REPLICA", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }]);
    assert.deepStrictEqual(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, [
      { labelSelector: { matchLabels: one(resources, "StatefulSet", "prometheus").spec.selector.matchLabels }, topologyKey: "kubernetes.io/hostname" },
    ]);
  });

  it("a PodDisruptionBudget keeps one replica evaluating, and the NetworkPolicy lets the replicas scrape each other", () => {
    const selector = one(resources, "StatefulSet", "prometheus").spec.selector.matchLabels;
    const pdbs = byKind(resources, "PodDisruptionBudget").filter((r) => r.inputs.metadata.name === "prometheus");
    assert.strictEqual(pdbs.length, 1);
    assert.deepStrictEqual(pdbs[0].inputs.spec, { maxUnavailable: 1, selector: { matchLabels: selector } });
    assert.deepStrictEqual(one(resources, "NetworkPolicy", "prometheus").spec.ingress, [
      { from: [{ podSelector: { matchLabels: selector } }], ports: [{ port: 9090, protocol: "TCP" }] },
    ]);
  });

  it("one replica: no PodDisruptionBudget, no anti-affinity, no peer rule", async () => {
    const single = (await runProgram({ stack: "prod", fakeSecrets: true, config: { prometheus: { replicas: 1 } } })).resources;
    assert.strictEqual(one(single, "StatefulSet", "prometheus").spec.replicas, 1);
    assert.strictEqual(one(single, "StatefulSet", "prometheus").spec.template.spec.affinity, undefined);
    assert.deepStrictEqual(
      byKind(single, "PodDisruptionBudget").map((r) => r.inputs.metadata.name),
      ["alertmanager"],
    );
    assert.deepStrictEqual(one(single, "NetworkPolicy", "prometheus").spec.ingress, []);
  });
});
