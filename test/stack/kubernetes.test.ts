/** The prod stack as the real index.ts builds it under Pulumi's mock runtime. */
import * as assert from "assert";
import { alertmanagerPodHosts } from "../../components/kubernetes/names";
import { buildSpec } from "../../config/spec";
import { DEFAULT_ROUTES } from "../../config/defaults";
import { RegisteredResource, runProgram, stackConfig } from "../../offline/program";
import { everyKindReceiver } from "../support/receiver-kinds";
import { byKind, changedResources, one, yamlOf } from "../support/resources";

const NS = "monitoring";
const WORKLOADS = ["StatefulSet", "Deployment", "DaemonSet", "Pod", "ReplicaSet", "Job", "CronJob"];

function podSpecs(resources: RegisteredResource[]): { owner: string; spec: any }[] {
  return resources
    .filter((r) => WORKLOADS.includes(r.inputs?.kind))
    .map((r) => ({ owner: `${r.inputs.kind}/${r.inputs.metadata.name}`, spec: r.inputs.kind === "Pod" ? r.inputs.spec : r.inputs.spec.template.spec }));
}

describe("stack (prod, Kubernetes)", () => {
  let resources: RegisteredResource[];
  let outputs: Record<string, unknown>;
  let sts: any;
  let am: any;

  before(async () => {
    ({ resources, outputs } = await runProgram({ stack: "prod", fakeSecrets: true }));
    sts = one(resources, "StatefulSet", "alertmanager");
    am = sts.spec.template.spec.containers[0];
  });

  it("parents every resource to the component, named <name>-<role>", () => {
    const children = resources.filter((r) => r.type.startsWith("kubernetes:"));
    assert.ok(children.length >= 14);
    for (const r of children) {
      assert.strictEqual(r.parent, "alerting", `${r.name} parent`);
      assert.match(r.name, /^alerting-/);
    }
    assert.ok(resources.some((r) => r.type === "proven-alerting:kubernetes:AlertingStack" && !r.custom));
  });

  it("runs 3 Alertmanager replicas behind a headless governing Service", () => {
    assert.strictEqual(sts.spec.replicas, 3);
    assert.strictEqual(sts.spec.serviceName, "alertmanager-cluster");
    const headless = one(resources, "Service", "alertmanager-cluster");
    assert.strictEqual(headless.spec.clusterIP, "None");
    assert.strictEqual(headless.spec.publishNotReadyAddresses, true);
    assert.deepStrictEqual(
      one(resources, "Service", "alertmanager").spec.ports.map((p: any) => p.port),
      [9093],
    );
  });

  it("the peer list is exactly the replicas' stable DNS names", () => {
    const peers = am.args.filter((a: string) => a.startsWith("--cluster.peer=")).map((a: string) => a.slice("--cluster.peer=".length));
    assert.deepStrictEqual(
      peers,
      [0, 1, 2].map((i) => `alertmanager-${i}.alertmanager-cluster.${NS}.svc:9094`),
    );
    for (const flag of [
      "--cluster.listen-address=[$(POD_IP)]:9094",
      "--cluster.label=alerting",
      "--cluster.reconnect-timeout=5m",
      "--storage.path=/alertmanager",
      "--data.retention=120h",
      "--web.external-url=https://alertmanager.example.com",
    ]) {
      assert.ok(am.args.includes(flag), `missing ${flag}`);
    }
    assert.deepStrictEqual(am.env, [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }]);
  });

  it("gossips on 9094 over both TCP and UDP", () => {
    const protocols = (ports: any[]) =>
      ports
        .filter((p) => (p.port ?? p.containerPort) === 9094)
        .map((p) => p.protocol)
        .sort();
    assert.deepStrictEqual(protocols(am.ports), ["TCP", "UDP"]);
    assert.deepStrictEqual(protocols(one(resources, "Service", "alertmanager-cluster").spec.ports), ["TCP", "UDP"]);
  });

  it("keeps silences and the notification log on a 10Gi volume claim", () => {
    const [claim] = sts.spec.volumeClaimTemplates;
    assert.strictEqual(claim.spec.resources.requests.storage, "10Gi");
    assert.deepStrictEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
    assert.ok(am.volumeMounts.some((m: any) => m.name === claim.metadata.name && m.mountPath === "/alertmanager"));
  });

  it("allows one replica down at a time (PodDisruptionBudget)", () => {
    const pdb = one(resources, "PodDisruptionBudget", "alertmanager");
    assert.strictEqual(pdb.spec.maxUnavailable, 1);
    assert.deepStrictEqual(pdb.spec.selector.matchLabels, sts.spec.selector.matchLabels);
  });

  it("spreads replicas: required anti-affinity across nodes (prod setting) and a zone spread", () => {
    const affinity = sts.spec.template.spec.affinity.podAntiAffinity;
    const [term] = affinity.requiredDuringSchedulingIgnoredDuringExecution;
    assert.strictEqual(term.topologyKey, "kubernetes.io/hostname");
    assert.deepStrictEqual(term.labelSelector.matchLabels, sts.spec.selector.matchLabels);
    assert.strictEqual(sts.spec.template.spec.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
  });

  it("probes liveness on /-/healthy and readiness on /-/ready, authenticating from the mounted Secret", () => {
    // A Job runs to completion: no probes (the silences Job, test/stack/silences.test.ts).
    for (const { spec } of podSpecs(resources).filter(({ owner }) => !owner.startsWith("Job/"))) {
      // The audit sidecar serves nothing: its probes check its file's bound (test/stack/audit.test.ts).
      for (const c of spec.containers.filter((c: any) => c.name !== "audit-rotate")) {
        const port = c.ports[0].containerPort;
        const webDir = c.volumeMounts.find((m: any) => m.name === "web").mountPath;
        for (const [probe, path] of [
          ["livenessProbe", "/-/healthy"],
          ["readinessProbe", "/-/ready"],
        ]) {
          assert.deepStrictEqual(c[probe].exec.command, [
            "sh",
            "-c",
            `wget -q -O /dev/null --header "Authorization: $(cat ${webDir}/probe-authorization)" http://127.0.0.1:${port}${path}`,
          ]);
        }
      }
    }
  });

  it("with web access control off, probes are plain HTTP and no web Secret exists", async () => {
    const open = await runProgram({ stack: "prod", fakeSecrets: true, config: { web: { auth: false } }, unset: ["satellites"] });
    const c = one(open.resources, "StatefulSet", "alertmanager").spec.template.spec.containers[0];
    assert.deepStrictEqual(c.livenessProbe.httpGet, { path: "/-/healthy", port: 9093 });
    assert.deepStrictEqual(c.readinessProbe.httpGet, { path: "/-/ready", port: 9093 });
    assert.deepStrictEqual(
      byKind(open.resources, "Secret").map((r) => r.inputs.metadata.name),
      ["alertmanager-credentials"],
    );
  });

  it("sets requests and limits on every container, init containers included", () => {
    const all = podSpecs(resources).flatMap(({ owner, spec }) => [...(spec.initContainers ?? []), ...spec.containers].map((c: any) => ({ owner, c })));
    assert.ok(all.length >= 2);
    for (const { owner, c } of all) {
      for (const kind of ["requests", "limits"]) {
        assert.ok(c.resources?.[kind]?.cpu && c.resources?.[kind]?.memory, `${owner} ${c.name} ${kind}`);
      }
    }
    assert.deepStrictEqual(am.resources, { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
  });

  it("meets the restricted Pod Security Standard", () => {
    for (const { owner, spec } of podSpecs(resources)) {
      assert.strictEqual(spec.securityContext.runAsNonRoot, true, owner);
      assert.strictEqual(spec.securityContext.seccompProfile.type, "RuntimeDefault", owner);
      // Only Prometheus, and only for discovery (on in the prod stack), gets an API token.
      assert.strictEqual(spec.automountServiceAccountToken, owner === "StatefulSet/prometheus", owner);
      for (const c of spec.containers) {
        assert.deepStrictEqual(
          c.securityContext,
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
          `${owner} ${c.name}`,
        );
      }
    }
    for (const sa of byKind(resources, "ServiceAccount")) assert.strictEqual(sa.inputs.automountServiceAccountToken, false);
    assert.strictEqual(one(resources, "Namespace", NS).metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
  });

  it("Prometheus alerts and scrapes every replica by its pod DNS name, never the Service", () => {
    const prom = yamlOf(one(resources, "ConfigMap", "prometheus-config").data["prometheus.yml"]);
    const replicas = [0, 1, 2].map((i) => `alertmanager-${i}.alertmanager-cluster.${NS}.svc:9093`);
    assert.deepStrictEqual(prom.alerting.alertmanagers[0].static_configs[0].targets, replicas);
    assert.deepStrictEqual(prom.scrape_configs.find((j: any) => j.job_name === "alertmanager").static_configs[0].targets, replicas);
    assert.ok(!JSON.stringify(prom).includes(`alertmanager.${NS}.svc`));
    assert.deepStrictEqual(
      outputs.alertmanagerUrls,
      replicas.map((r) => `http://${r}`),
    );
  });

  it("NetworkPolicies: 9093 from Prometheus only, 9094 TCP+UDP between Alertmanagers only, 9090 closed but to the other Prometheus replica", () => {
    const amPolicy = one(resources, "NetworkPolicy", "alertmanager").spec;
    const [web, mesh] = amPolicy.ingress;
    assert.deepStrictEqual(web.ports, [{ port: 9093, protocol: "TCP" }]);
    assert.deepStrictEqual(web.from, [
      { podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": "proven-alerting" } } },
    ]);
    assert.deepStrictEqual(mesh.ports, [
      { port: 9094, protocol: "TCP" },
      { port: 9094, protocol: "UDP" },
    ]);
    assert.deepStrictEqual(mesh.from, [{ podSelector: { matchLabels: sts.spec.selector.matchLabels } }]);
    assert.deepStrictEqual(one(resources, "NetworkPolicy", "prometheus").spec.ingress, [
      {
        from: [{ podSelector: { matchLabels: one(resources, "StatefulSet", "prometheus").spec.selector.matchLabels } }],
        ports: [{ port: 9090, protocol: "TCP" }],
      },
    ]);
  });

  it("mounts the credentials Secret exactly where the rendered *_file paths point", () => {
    const config = one(resources, "ConfigMap", "alertmanager-config").data["alertmanager.yml"];
    const files = [...config.matchAll(/_file: (\S+)/g)].map((m: RegExpMatchArray) => m[1]);
    const secret = one(resources, "Secret", "alertmanager-credentials");
    const keys = Object.keys(secret.stringData.value).sort();
    assert.deepStrictEqual(keys, ["heartbeatUrl", "msteamsWebhookUrl", "pagerdutyRoutingKey", "slackWebhookUrl", "smtpPassword", "webhookUrl"]);
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.secret?.secretName === "alertmanager-credentials");
    const mount = am.volumeMounts.find((m: any) => m.name === volume.name);
    assert.strictEqual(mount.subPath, undefined, "subPath mounts are never refreshed on rotation");
    assert.deepStrictEqual(
      [...new Set(files)].sort(),
      keys.map((k) => `${mount.mountPath}/${k}`),
    );
  });

  it("a receiver of every kind: each *_file path and AWS_SHARED_CREDENTIALS_FILE point into the mounted Secret; the ServiceAccount carries the workload role", async () => {
    const prod = stackConfig("prod");
    const role = { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/alerting" };
    const run = await runProgram({
      stack: "prod",
      fakeSecrets: true,
      config: {
        receivers: [...(prod.receivers as object[]), everyKindReceiver("every-kind")],
        alertmanager: { ...(prod.alertmanager as object), serviceAccountAnnotations: role },
      },
    });
    const config = one(run.resources, "ConfigMap", "alertmanager-config").data["alertmanager.yml"];
    const container = one(run.resources, "StatefulSet", "alertmanager").spec.template.spec.containers[0];
    const mount = container.volumeMounts.find((m: any) => m.name === "credentials").mountPath;
    const keys = Object.keys(one(run.resources, "Secret", "alertmanager-credentials").stringData.value);
    const files = [...new Set([...config.matchAll(/_file: (\S+)/g)].map((m: RegExpMatchArray) => m[1]))];
    const env = container.env.find((e: any) => e.name === "AWS_SHARED_CREDENTIALS_FILE");
    assert.deepStrictEqual(env, { name: "AWS_SHARED_CREDENTIALS_FILE", value: `${mount}/snsAwsCredentials` });
    assert.deepStrictEqual([...files, env.value].sort(), keys.map((k) => `${mount}/${k}`).sort());
    assert.deepStrictEqual(one(run.resources, "ServiceAccount", "alertmanager").metadata.annotations, role);
    assert.strictEqual(one(run.resources, "ServiceAccount", "prometheus").metadata.annotations, undefined);
  });

  it("with 1 replica, clustering is switched off cleanly", async () => {
    const single = await runProgram({ stack: "prod", fakeSecrets: true, config: { alertmanager: { replicas: 1 } } });
    const args: string[] = one(single.resources, "StatefulSet", "alertmanager").spec.template.spec.containers[0].args;
    assert.ok(args.includes("--cluster.listen-address="));
    assert.ok(!args.some((a) => a.startsWith("--cluster.peer")));
  });

  it("peer hosts follow the namespace", () => {
    const spec = buildSpec({
      values: {
        ...stackConfig("prod"),
        kubernetes: { namespace: "alerts" },
        slackWebhookUrl: "",
        pagerdutyRoutingKey: "",
        smtpPassword: "",
        webhookUrl: "",
        msteamsWebhookUrl: "",
        heartbeatUrl: "",
      },
      secretKeys: new Set(["slackWebhookUrl", "pagerdutyRoutingKey", "smtpPassword", "webhookUrl", "msteamsWebhookUrl", "heartbeatUrl"]),
    });
    assert.deepStrictEqual(
      alertmanagerPodHosts(spec),
      [0, 1, 2].map((i) => `alertmanager-${i}.alertmanager-cluster.alerts.svc`),
    );
  });

  it("uses an existing namespace when createNamespace is false", async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true, config: { kubernetes: { namespace: "observability", createNamespace: false } } });
    assert.deepStrictEqual(byKind(run.resources, "Namespace"), []);
    assert.strictEqual(one(run.resources, "StatefulSet", "alertmanager").metadata.namespace, "observability");
  });

  describe("what a change touches", () => {
    it("rotating the Slack webhook secret changes only the Secret", async () => {
      const a = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { slackWebhookUrl: "https://hooks.example.com/services/T0/B0/old" } });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { slackWebhookUrl: "https://hooks.example.com/services/T0/B0/new" } });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), ["alerting-alertmanager-credentials"]);
    });

    it("changing a route changes the ConfigMap and the checksum that rolls the pods", async () => {
      const routes = DEFAULT_ROUTES.map((r) => (r.name === "warning" ? { ...r, groupWait: "1m" } : r));
      const a = await runProgram({ stack: "prod", fakeSecrets: true });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, config: { routes } });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), ["alerting-alertmanager", "alerting-alertmanager-config"]);
      const checksum = (rs: RegisteredResource[]) => one(rs, "StatefulSet", "alertmanager").spec.template.metadata.annotations["checksum/config"];
      assert.notStrictEqual(checksum(a.resources), checksum(b.resources));
      assert.notStrictEqual(a.outputs.alertmanagerConfigHash, b.outputs.alertmanagerConfigHash);
    });
  });
});
