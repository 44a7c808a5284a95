/** Many clusters, one alerting under the mock runtime: the prod stack as the central, satellite-a sending to it through a StackReference. */
import * as assert from "assert";
import { parse } from "yaml";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { unwrapSecrets } from "../../offline/deployed-files";
import { validateKubernetesObject } from "../../offline/kubernetes-schema";
import { fakeSecret, isSecret, ProgramRun, RegisteredResource, runStack } from "../../offline/program";

const CENTRAL = "organization/alerting/prod";
const URLS = ["https://am-0.central.example.net", "https://am-1.central.example.net", "https://am-2.central.example.net"];
const CA = "-----BEGIN CERTIFICATE-----\ncentral-ca\n-----END CERTIFICATE-----\n";
const PASSWORD_A = "password-of-satellite-a";

const named = (run: ProgramRun, type: string, name: string): RegisteredResource => {
  const found = run.resources.find((r) => r.type === type && r.name === name);
  assert.ok(found, `${type} ${name} is registered`);
  return found;
};
const configMapText = (run: ProgramRun, name: string, key: string): string => named(run, "kubernetes:core/v1:ConfigMap", name).inputs.data[key];
const secretData = (run: ProgramRun, name: string): Record<string, string> => {
  const data = named(run, "kubernetes:core/v1:Secret", name).inputs.stringData;
  assert.ok(isSecret(data), `${name}'s data is a Pulumi secret`);
  return unwrapSecrets(data);
};
const kubernetesObjects = (run: ProgramRun) =>
  run.resources.filter((r) => r.type.startsWith("kubernetes:") && r.custom && r.inputs.kind).map((r) => unwrapSecrets(r.inputs));

describe("satellites: the central (prod) and satellite-a under mocks", () => {
  let central: ProgramRun;
  let satellite: ProgramRun;
  before(async () => {
    central = await runStack("prod");
    satellite = await runStack("satellite-a", {
      stackOutputs: { [CENTRAL]: { satelliteAlertmanagers: URLS, satelliteAccess: { ca: CA, passwords: { a: PASSWORD_A, b: "password-of-b" } } } },
    });
  });

  it("both renders validate against the Kubernetes API schema", () => {
    for (const run of [central, satellite]) {
      const objects = kubernetesObjects(run);
      assert.ok(objects.length >= 8, `${objects.length} objects`);
      assert.deepStrictEqual(
        objects.map(validateKubernetesObject).filter((r) => r.error),
        [],
      );
    }
  });

  it("both renders pass the policy pack: no violation, mandatory or advisory", async () => {
    for (const run of [central, satellite]) assert.deepStrictEqual((await runPolicies(run.resources, policies)).violations, []);
  });

  it("the central exposes every replica on a host of its own, each routed to a Service selecting that pod", () => {
    const ingress = named(central, "kubernetes:networking.k8s.io/v1:Ingress", "alerting-alertmanager-satellites").inputs;
    const hosts = ["am-0.alerts.example.com", "am-1.alerts.example.com", "am-2.alerts.example.com"];
    assert.deepStrictEqual(ingress.spec.tls, [{ hosts, secretName: "alerts-example-com-tls" }]);
    assert.deepStrictEqual(
      ingress.spec.rules.map((r: any) => [r.host, r.http.paths[0].backend.service.name]),
      hosts.map((h, i) => [h, `alertmanager-${i}`]),
    );
    for (let i = 0; i < 3; i++) {
      const service = named(central, "kubernetes:core/v1:Service", `alerting-alertmanager-${i}`).inputs;
      assert.strictEqual(service.spec.selector["statefulset.kubernetes.io/pod-name"], `alertmanager-${i}`);
    }
    const policy = named(central, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "alerting-alertmanager-netpol").inputs;
    assert.ok(
      policy.spec.ingress.some(
        (rule: any) => rule.from?.[0]?.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "ingress-nginx" && rule.ports?.[0]?.port === 9093,
      ),
      "the ingress controller's namespace is admitted on 9093",
    );
  });

  it("the central exports the replicas' URLs, and each satellite's generated password as a secret", () => {
    assert.deepStrictEqual(central.outputs.satelliteAlertmanagers, [
      "https://am-0.alerts.example.com",
      "https://am-1.alerts.example.com",
      "https://am-2.alerts.example.com",
    ]);
    assert.ok(central.secretOutputs.includes("satelliteAccess"));
    assert.ok(!central.secretOutputs.includes("satelliteAlertmanagers"));
    const access = central.outputs.satelliteAccess as { passwords: Record<string, string> };
    assert.deepStrictEqual(Object.keys(access.passwords), ["a", "b"]);
    const web = parse(secretData(central, "alerting-alertmanager-web")["web.yml"]);
    assert.deepStrictEqual(Object.keys(web.basic_auth_users).sort(), ["a", "alerting", "b"]);
    assert.ok(!("a" in parse(secretData(central, "alerting-prometheus-web")["web.yml"]).basic_auth_users), "satellites reach Alertmanager only");
  });

  it("a revoked satellite disappears from Alertmanager's web config; the other keeps its hash", async () => {
    const before = parse(secretData(central, "alerting-alertmanager-web")["web.yml"]).basic_auth_users;
    const revoked = await runStack("prod", {
      config: { satellites: { host: "alerts.example.com", tlsSecretName: "alerts-example-com-tls", clients: [{ name: "a" }] } },
    });
    const after = parse(secretData(revoked, "alerting-alertmanager-web")["web.yml"]).basic_auth_users;
    assert.deepStrictEqual(after, { a: before.a, alerting: before.alerting });
  });

  it("satellite-a: no Alertmanager, a Prometheus pair sending to every central replica with its password and CA from the StackReference", () => {
    assert.deepStrictEqual(
      satellite.resources.filter((r) => /alertmanager/.test(r.name)).map((r) => r.name),
      [],
    );
    const reference = named(satellite, "pulumi:pulumi:StackReference", "alerting-central");
    assert.strictEqual(reference.inputs.name, CENTRAL);
    const config = parse(configMapText(satellite, "alerting-prometheus-config", "prometheus.yml"));
    assert.deepStrictEqual(config.global.external_labels.cluster, "a");
    assert.deepStrictEqual(config.alerting.alertmanagers, [
      {
        api_version: "v2",
        scheme: "https",
        basic_auth: { username: "a", password_file: "/etc/prometheus/secrets/centralPassword" },
        tls_config: { ca_file: "/etc/prometheus/secrets/centralCa" },
        static_configs: [{ targets: URLS.map((u) => `${new URL(u).hostname}:443`) }],
      },
    ]);
    assert.deepStrictEqual(secretData(satellite, "alerting-prometheus-credentials"), { centralPassword: PASSWORD_A, centralCa: CA });
    const pod = named(satellite, "kubernetes:apps/v1:StatefulSet", "alerting-prometheus").inputs.spec.template.spec;
    assert.strictEqual(pod.containers[0].volumeMounts.find((m: any) => m.name === "credentials")?.mountPath, "/etc/prometheus/secrets");
    assert.deepStrictEqual(satellite.outputs.alertmanagerUrls, URLS);
    assert.strictEqual(satellite.outputs.cluster, "a");
  });

  it("satellite-a with the outputs the prod stack file leads to (what `npm run render` uses)", async () => {
    const run = await runStack("satellite-a");
    const config = parse(configMapText(run, "alerting-prometheus-config", "prometheus.yml"));
    assert.deepStrictEqual(config.alerting.alertmanagers[0].static_configs[0].targets, [
      "am-0.alerts.example.com:443",
      "am-1.alerts.example.com:443",
      "am-2.alerts.example.com:443",
    ]);
    assert.strictEqual(config.alerting.alertmanagers[0].tls_config, undefined, "prod names no CA: the system's roots");
    assert.deepStrictEqual(Object.keys(secretData(run, "alerting-prometheus-credentials")), ["centralPassword"]);
  });

  it("no credential in any ConfigMap of either stack", () => {
    const values = [
      PASSWORD_A,
      CA.trim(),
      "password-of-b",
      ...Object.values((central.outputs.satelliteAccess as { passwords: Record<string, string> }).passwords),
      fakeSecret("slackWebhookUrl"),
    ];
    for (const run of [central, satellite]) {
      for (const map of run.resources.filter((r) => r.type === "kubernetes:core/v1:ConfigMap")) {
        const text = JSON.stringify(map.inputs.data);
        for (const v of values) assert.ok(!text.includes(v), `${map.name} holds a credential`);
      }
    }
  });
});
