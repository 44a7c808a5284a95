/** The prod stack with an Ingress per UI, scheduling knobs and storage knobs: the objects, their schema, the policy pack, and the Gateway API example of docs/deployment.md. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { unwrapSecrets } from "../../offline/deployed-files";
import { validateKubernetesObject } from "../../offline/kubernetes-schema";
import { runPolicies } from "../../offline/policy-runner";
import { RegisteredResource, ROOT, runProgram, stackConfig } from "../../offline/program";
import { policies } from "../../policy/policies";
import { byKind, one } from "../support/resources";

const prod = stackConfig("prod") as Record<string, Record<string, unknown>>;
const CONTROLLER = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } };
const TOLERATION = { key: "dedicated", operator: "Equal", value: "monitoring", effect: "NoSchedule" };

/** The prod stack with both UIs exposed, Alertmanager's URL left to its Ingress, and every scheduling and storage knob set. */
const EXPOSED = {
  alertmanager: { replicas: 3, storage: { storageClass: "fast.ssd" } },
  prometheus: { ...prod.prometheus, externalUrl: "https://prometheus.example.com/prometheus", retentionSize: "15GB", storage: { storageClass: "bulk-hdd" } },
  kubernetes: {
    ...prod.kubernetes,
    ingress: {
      alertmanager: {
        host: "alertmanager.example.com",
        className: "nginx",
        tlsSecretName: "alertmanager-tls",
        annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" },
      },
      prometheus: { host: "prometheus.example.com", path: "/prometheus" },
    },
    scheduling: {
      alertmanager: { tolerations: [TOLERATION], nodeSelector: { "kubernetes.io/os": "linux" }, priorityClassName: "alerting-critical", maxSkew: 2 },
      prometheus: { tolerations: [{ operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }], zoneSpread: false },
    },
  },
};

const podSpec = (resources: RegisteredResource[], name: string) => one(resources, "StatefulSet", name).spec.template.spec;
const args = (resources: RegisteredResource[], name: string): string[] => podSpec(resources, name).containers[0].args;

describe("stack (prod, Kubernetes): exposure, scheduling and storage knobs", () => {
  let exposed: RegisteredResource[];
  let plain: RegisteredResource[];

  before(async () => {
    exposed = (await runProgram({ stack: "prod", fakeSecrets: true, config: EXPOSED, unset: ["satellites"] })).resources;
    plain = (await runProgram({ stack: "prod", fakeSecrets: true, unset: ["satellites"] })).resources;
  });

  it("an Ingress per UI to its Service's web port, with class, TLS, annotations and path", () => {
    const am = one(exposed, "Ingress", "alertmanager");
    assert.deepStrictEqual(am.metadata.annotations, { "cert-manager.io/cluster-issuer": "letsencrypt" });
    assert.strictEqual(am.spec.ingressClassName, "nginx");
    assert.deepStrictEqual(am.spec.tls, [{ hosts: ["alertmanager.example.com"], secretName: "alertmanager-tls" }]);
    assert.deepStrictEqual(am.spec.rules, [
      {
        host: "alertmanager.example.com",
        http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "alertmanager", port: { name: "web" } } } }] },
      },
    ]);
    const prom = one(exposed, "Ingress", "prometheus");
    assert.strictEqual(prom.metadata.annotations, undefined);
    assert.strictEqual(prom.spec.ingressClassName, undefined);
    assert.strictEqual(prom.spec.tls, undefined);
    assert.deepStrictEqual(prom.spec.rules[0].http.paths[0], {
      path: "/prometheus",
      pathType: "Prefix",
      backend: { service: { name: "prometheus", port: { name: "web" } } },
    });
    for (const name of ["alertmanager", "prometheus"]) {
      assert.ok(
        one(exposed, "Service", name).spec.ports.some((p: { name: string }) => p.name === "web"),
        `Service ${name} has a web port`,
      );
    }
  });

  it("the external URL comes from the Ingress host unless set (https with TLS), or stays as set on the same host", () => {
    assert.ok(args(exposed, "alertmanager").includes("--web.external-url=https://alertmanager.example.com"));
    assert.ok(args(exposed, "prometheus").includes("--web.external-url=https://prometheus.example.com/prometheus"));
  });

  it("a derived URL is http without tlsSecretName and carries the path", async () => {
    const { resources } = await runProgram({
      stack: "prod",
      fakeSecrets: true,
      config: { prometheus: {}, kubernetes: { ingress: { prometheus: { host: "prometheus.example.com", path: "/prom" } } } },
      unset: ["satellites"],
    });
    assert.ok(args(resources, "prometheus").includes("--web.external-url=http://prometheus.example.com/prom"));
    assert.deepStrictEqual(byKind(resources, "Ingress").length, 1);
  });

  it("each exposed UI's NetworkPolicy admits the controller's namespace on its web port, and only then", () => {
    const rules = (resources: RegisteredResource[], name: string) => one(resources, "NetworkPolicy", name).spec.ingress;
    assert.deepStrictEqual(rules(exposed, "alertmanager").at(-1), { from: [CONTROLLER], ports: [{ port: 9093, protocol: "TCP" }] });
    assert.deepStrictEqual(rules(exposed, "prometheus").at(-1), { from: [CONTROLLER], ports: [{ port: 9090, protocol: "TCP" }] });
    assert.deepStrictEqual(rules(exposed, "alertmanager").slice(0, -1), rules(plain, "alertmanager"));
    assert.deepStrictEqual(rules(exposed, "prometheus").slice(0, -1), rules(plain, "prometheus"));
    for (const name of ["alertmanager", "prometheus"]) assert.ok(!JSON.stringify(rules(plain, name)).includes("ingress-nginx"), name);
  });

  it("without an ingress configured: no Ingress object", () => {
    assert.deepStrictEqual(byKind(plain, "Ingress"), []);
  });

  it("scheduling: tolerations, node selector, priority class and zone spread per workload", () => {
    const am = podSpec(exposed, "alertmanager");
    assert.deepStrictEqual(am.tolerations, [TOLERATION]);
    assert.deepStrictEqual(am.nodeSelector, { "kubernetes.io/os": "linux" });
    assert.strictEqual(am.priorityClassName, "alerting-critical");
    assert.deepStrictEqual(am.topologySpreadConstraints, [
      {
        maxSkew: 2,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: am.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels },
      },
    ]);
    const prom = podSpec(exposed, "prometheus");
    assert.deepStrictEqual(prom.tolerations, [{ operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }]);
    for (const field of ["nodeSelector", "priorityClassName", "topologySpreadConstraints"]) assert.strictEqual(prom[field], undefined, field);
  });

  it("by default: both workloads spread across zones with maxSkew 1, and set no other scheduling field", () => {
    for (const name of ["alertmanager", "prometheus"]) {
      const spec = podSpec(plain, name);
      assert.deepStrictEqual(spec.topologySpreadConstraints, [
        {
          maxSkew: 1,
          topologyKey: "topology.kubernetes.io/zone",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "proven-alerting" } },
        },
      ]);
      for (const field of ["tolerations", "nodeSelector", "priorityClassName"]) assert.strictEqual(spec[field], undefined, `${name} ${field}`);
    }
  });

  it("storage: retention size flag, and each workload's claims use its own storage class", () => {
    assert.ok(args(exposed, "prometheus").includes("--storage.tsdb.retention.size=15GB"));
    assert.ok(!args(plain, "prometheus").some((a) => a.startsWith("--storage.tsdb.retention.size")));
    const claim = (resources: RegisteredResource[], name: string) => one(resources, "StatefulSet", name).spec.volumeClaimTemplates[0].spec;
    assert.strictEqual(claim(exposed, "alertmanager").storageClassName, "fast.ssd");
    assert.strictEqual(claim(exposed, "prometheus").storageClassName, "bulk-hdd");
    assert.strictEqual(claim(plain, "prometheus").storageClassName, undefined);
  });

  it("every object validates against the Kubernetes schema, the Ingresses included", () => {
    const objects = exposed.filter((r) => r.type.startsWith("kubernetes:") && r.custom && r.inputs.kind).map((r) => unwrapSecrets(r.inputs));
    assert.deepStrictEqual(
      objects.filter((o) => o.kind === "Ingress").map((o) => o.apiVersion),
      ["networking.k8s.io/v1", "networking.k8s.io/v1"],
    );
    assert.deepStrictEqual(
      objects.map(validateKubernetesObject).filter((r) => r.error),
      [],
    );
  });

  it("the policy pack has nothing to say about it", async () => {
    const run = await runPolicies(exposed, policies);
    assert.deepStrictEqual(run.violations, []);
  });

  it("docs/deployment.md's HTTPRoute points at the Services' names and web ports", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "deployment.md"), "utf8");
    const routes = [...doc.matchAll(/```yaml httproute\.yaml\n([\s\S]*?)```/g)].flatMap((m) => m[1].split(/^\s*---\s*$/m).map((d) => parse(d)));
    assert.strictEqual(routes.length, 2);
    for (const route of routes) {
      assert.strictEqual(route.kind, "HTTPRoute");
      assert.strictEqual(route.metadata.namespace, "monitoring");
      const [backend] = route.spec.rules[0].backendRefs;
      const service = one(plain, "Service", backend.name);
      assert.ok(
        service.spec.ports.some((p: { name: string; port: number }) => p.name === "web" && p.port === backend.port),
        `${backend.name}:${backend.port}`,
      );
    }
  });
});
