/** Kubernetes discovery (least-privilege RBAC), scrape credentials as files, and Prometheus' external URL, on both targets. */
import * as assert from "assert";
import { DISCOVERY_RULES } from "../../components/kubernetes/rbac";
import { validateKubernetesObject } from "../../offline/kubernetes-schema";
import { RegisteredResource, runProgram } from "../../offline/program";
import { byKind, container, one, unwrap, yamlOf } from "../support/resources";

const READ = ["get", "list", "watch"];
const prometheusPod = (resources: RegisteredResource[]) => one(resources, "StatefulSet", "prometheus").spec.template.spec;
const prometheusYaml = (resources: RegisteredResource[]) => yamlOf(one(resources, "ConfigMap", "prometheus-config").data["prometheus.yml"]);

describe("stack: discovery, scrape credentials, external URL", () => {
  describe("prod (discovery in checkout and payments)", () => {
    let resources: RegisteredResource[];
    before(async () => ({ resources } = await runProgram({ stack: "prod", fakeSecrets: true })));

    it("a Role and RoleBinding in each listed namespace, get/list/watch on the four kinds only, schema-valid", () => {
      const roles = byKind(resources, "Role").map((r) => r.inputs);
      assert.deepStrictEqual(
        roles.map((r) => r.metadata.namespace),
        ["checkout", "payments"],
      );
      for (const role of roles) {
        assert.deepStrictEqual(role.rules, DISCOVERY_RULES);
        assert.deepStrictEqual(
          role.rules.flatMap((r: { resources: string[] }) => r.resources),
          ["pods", "services", "endpoints", "endpointslices"],
        );
        for (const r of role.rules) assert.deepStrictEqual(r.verbs, READ);
        assert.deepStrictEqual(validateKubernetesObject(role).error, undefined);
      }
      const bindings = byKind(resources, "RoleBinding").map((r) => r.inputs);
      assert.deepStrictEqual(
        bindings.map((b) => [b.metadata.namespace, b.roleRef.kind, b.roleRef.name, b.subjects]),
        ["checkout", "payments"].map((ns) => [ns, "Role", "prometheus-discovery", [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }]]),
      );
      for (const b of bindings) assert.deepStrictEqual(validateKubernetesObject(b).error, undefined);
      assert.strictEqual(byKind(resources, "ClusterRole").length + byKind(resources, "ClusterRoleBinding").length, 0);
    });

    it("Prometheus gets its token (discovery reads the API) and discovers pods and services in those namespaces", () => {
      assert.strictEqual(prometheusPod(resources).automountServiceAccountToken, true);
      const jobs = prometheusYaml(resources).scrape_configs.filter((j: any) => j.kubernetes_sd_configs);
      assert.deepStrictEqual(
        jobs.map((j: any) => [j.job_name, j.kubernetes_sd_configs]),
        [
          ["kubernetes-pods", [{ role: "pod", namespaces: { names: ["checkout", "payments"] } }]],
          ["kubernetes-services", [{ role: "endpointslice", namespaces: { names: ["checkout", "payments"] } }]],
        ],
      );
      assert.deepStrictEqual(jobs[0].relabel_configs[0], {
        source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"],
        action: "keep",
        regex: "true",
      });
      assert.deepStrictEqual(jobs[1].relabel_configs.map((r: any) => r.target_label).filter(Boolean), [
        "__scheme__",
        "__metrics_path__",
        "__address__",
        "__address__",
        "namespace",
        "pod",
        "service",
      ]);
    });

    it("Prometheus runs with the configured external URL, served at /", () => {
      const args = prometheusPod(resources).containers[0].args;
      assert.ok(args.includes("--web.external-url=https://prometheus.example.com"), args.join(" "));
      assert.ok(args.includes("--web.route-prefix=/"));
    });
  });

  it("all namespaces: one ClusterRole and ClusterRoleBinding named after the namespace, no Role, no namespace list", async () => {
    const { resources } = await runProgram({ stack: "prod", fakeSecrets: true, config: { prometheus: { discovery: { allNamespaces: true } } } });
    assert.strictEqual(byKind(resources, "Role").length, 0);
    const role = one(resources, "ClusterRole", "monitoring-prometheus-discovery");
    assert.deepStrictEqual(role.rules, DISCOVERY_RULES);
    assert.strictEqual(role.metadata.namespace, undefined);
    const binding = one(resources, "ClusterRoleBinding", "monitoring-prometheus-discovery");
    assert.deepStrictEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "monitoring-prometheus-discovery" });
    assert.deepStrictEqual(prometheusYaml(resources).scrape_configs.at(-1).kubernetes_sd_configs, [{ role: "endpointslice" }]);
  });

  it("discovery off: no RBAC, no token, no discovery job, and the default external URL is the Service", async () => {
    const { resources } = await runProgram({ stack: "prod", fakeSecrets: true, config: { prometheus: { discovery: { namespaces: [] } } } });
    assert.strictEqual(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"].flatMap((k) => byKind(resources, k)).length, 0);
    assert.strictEqual(prometheusPod(resources).automountServiceAccountToken, false);
    assert.ok(!prometheusYaml(resources).scrape_configs.some((j: any) => j.kubernetes_sd_configs));
    // The override replaces the stack's whole prometheus key, externalUrl included.
    const args = prometheusPod(resources).containers[0].args;
    assert.ok(args.includes("--web.external-url=http://prometheus.monitoring.svc:9090"), args.join(" "));
  });

  describe("scrape credentials reach Prometheus as files from a Secret, never inline", () => {
    const scrapeJobs = [
      {
        name: "api",
        targets: ["api:8443"],
        scheme: "https",
        scrapeInterval: "10s",
        basicAuth: { username: "prom", passwordCredential: "apiPassword" },
        tls: { caCredential: "apiCa" },
      },
      { name: "db", targets: ["db:9187"], bearerTokenCredential: "dbToken", relabelConfigs: [{ source_labels: ["__address__"], target_label: "instance" }] },
    ];
    const secrets = { apiPassword: "pw-canary", apiCa: "ca-canary", dbToken: "token-canary" };

    it("Kubernetes: the prometheus-credentials Secret, mounted read-only at /etc/prometheus/secrets", async () => {
      const { resources } = await runProgram({ stack: "prod", fakeSecrets: true, config: { prometheus: { scrapeJobs } }, secrets });
      assert.deepStrictEqual(unwrap(one(resources, "Secret", "prometheus-credentials").stringData), secrets);
      const pod = prometheusPod(resources);
      assert.deepStrictEqual(pod.volumes.find((v: any) => v.name === "credentials").secret, { secretName: "prometheus-credentials", defaultMode: 0o440 });
      assert.deepStrictEqual(
        pod.containers[0].volumeMounts.find((m: any) => m.name === "credentials"),
        { name: "credentials", mountPath: "/etc/prometheus/secrets", readOnly: true },
      );
      const [api, db] = prometheusYaml(resources).scrape_configs.filter((j: any) => ["api", "db"].includes(j.job_name));
      assert.deepStrictEqual(api.basic_auth, { username: "prom", password_file: "/etc/prometheus/secrets/apiPassword" });
      assert.deepStrictEqual(api.tls_config, { ca_file: "/etc/prometheus/secrets/apiCa", insecure_skip_verify: false });
      assert.strictEqual(api.scrape_interval, "10s");
      assert.deepStrictEqual(db.authorization, { type: "Bearer", credentials_file: "/etc/prometheus/secrets/dbToken" });
      assert.deepStrictEqual(db.relabel_configs, [{ source_labels: ["__address__"], target_label: "instance", action: "replace" }]);
      assert.ok(!unwrap(one(resources, "Secret", "alertmanager-credentials").stringData).dbToken, "Alertmanager does not get Prometheus' credentials");
    });

    it("local: uploaded into the Prometheus container only, and Prometheus' external URL defaults to its published address", async () => {
      const { resources } = await runProgram({ stack: "dev", config: { prometheus: { scrapeJobs } }, secrets });
      const prometheus = container(resources, "alerting-prometheus");
      const uploads = unwrap(prometheus.uploads).filter((u: any) => u.file.startsWith("/etc/prometheus/secrets/"));
      assert.deepStrictEqual(
        uploads.map((u: any) => [u.file, unwrap(u.content)]),
        Object.entries(secrets).map(([k, v]) => [`/etc/prometheus/secrets/${k}`, v]),
      );
      assert.ok(prometheus.command.includes("--web.external-url=http://127.0.0.1:9090"), prometheus.command.join(" "));
      const am = container(resources, "alerting-alertmanager-0");
      assert.ok(!JSON.stringify(am.uploads).includes("token-canary"));
    });
  });
});
