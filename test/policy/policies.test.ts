/** The CrossGuard pack, run the way the policy server runs it (offline/policy-runner.ts). */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { RegisteredResource, ROOT, runStack } from "../../offline/program";

const SLACK_URL = "https://hooks.slack.com/services/T00000000/B00000000/placeholder-not-real";
const TEAMS_URL = "https://example.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456";

const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
const probes = { livenessProbe: { httpGet: { path: "/-/healthy", port: 8080 } }, readinessProbe: { httpGet: { path: "/-/ready", port: 8080 } } };
const good = (extra: Record<string, unknown> = {}) => ({ name: "app", image: "example/app:1.2.3", resources, ...probes, ...extra });

const KINDS: Record<string, { type: string; apiVersion: string; wrap: (podSpec: object) => object }> = {
  Pod: { type: "kubernetes:core/v1:Pod", apiVersion: "v1", wrap: (spec) => spec },
  Deployment: { type: "kubernetes:apps/v1:Deployment", apiVersion: "apps/v1", wrap: (spec) => ({ template: { metadata: { labels: { app: "x" } }, spec } }) },
  StatefulSet: { type: "kubernetes:apps/v1:StatefulSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { metadata: { labels: { app: "x" } }, spec } }) },
  DaemonSet: { type: "kubernetes:apps/v1:DaemonSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { spec } }) },
  ReplicaSet: { type: "kubernetes:apps/v1:ReplicaSet", apiVersion: "apps/v1", wrap: (spec) => ({ template: { spec } }) },
  Job: { type: "kubernetes:batch/v1:Job", apiVersion: "batch/v1", wrap: (spec) => ({ template: { spec } }) },
  CronJob: { type: "kubernetes:batch/v1:CronJob", apiVersion: "batch/v1", wrap: (spec) => ({ schedule: "* * * * *", jobTemplate: { spec: { template: { spec } } } }) },
};

function workload(kind: keyof typeof KINDS, podSpec: object, spec: object = {}): RegisteredResource {
  const k = KINDS[kind];
  return { type: k.type, name: `test-${kind.toLowerCase()}`, custom: true, dependsOn: [], deleteBeforeReplace: false, inputs: { apiVersion: k.apiVersion, kind, metadata: { name: "x" }, spec: { ...k.wrap(podSpec), ...spec } } };
}

const resource = (type: string, inputs: object): RegisteredResource => ({ type, name: `test-${type.split(":").pop()!.toLowerCase()}`, custom: true, dependsOn: [], deleteBeforeReplace: false, inputs });
const configMap = (data: Record<string, string>) => resource("kubernetes:core/v1:ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data });
const dockerContainer = (extra: Record<string, unknown> = {}) =>
  resource("docker:index/container:Container", { name: "c", image: "prom/alertmanager:v0.33.1", memory: 128, cpus: "0.1", healthcheck: { tests: ["CMD", "true"] }, ...extra });

const AM_LABELS = { "app.kubernetes.io/name": "alertmanager" };
function alertmanagerStack(opts: { replicas?: number; pdb?: boolean; protocols?: string[] } = {}): RegisteredResource[] {
  const sts = workload("StatefulSet", { containers: [good({ name: "alertmanager", image: "prom/alertmanager:v0.33.1" })] }, { replicas: opts.replicas ?? 3 });
  (sts.inputs.spec.template.metadata as any).labels = AM_LABELS;
  const list = [sts];
  if (opts.pdb ?? true) list.push(resource("kubernetes:policy/v1:PodDisruptionBudget", { spec: { maxUnavailable: 1, selector: { matchLabels: AM_LABELS } } }));
  list.push(
    resource("kubernetes:networking.k8s.io/v1:NetworkPolicy", {
      spec: { podSelector: { matchLabels: AM_LABELS }, ingress: [{ ports: (opts.protocols ?? ["TCP", "UDP"]).map((protocol) => ({ port: 9094, protocol })) }] },
    }),
  );
  return list;
}

const AM_INLINE = (receiver: string) => `route:\n  receiver: r\nreceivers:\n  - name: r\n${receiver}`;

const violations: [string, RegisteredResource[], string[]][] = [
  ...(Object.keys(KINDS) as (keyof typeof KINDS)[]).map((kind): [string, RegisteredResource[], string[]] => [
    `${kind} container without limits`,
    [workload(kind, { containers: [good({ resources: undefined })] })],
    ["resource-limits"],
  ]),
  ["init container without limits", [workload("Deployment", { initContainers: [{ name: "init", image: "busybox:1.36" }], containers: [good()] })], ["resource-limits"]],
  ["requests missing, limits set", [workload("Deployment", { containers: [good({ resources: { limits: resources.limits } })] })], ["resource-limits"]],
  ["CPU limit above the maximum", [workload("Deployment", { containers: [good({ resources: { requests: resources.requests, limits: { cpu: "16", memory: "256Mi" } } })] })], ["resource-limits"]],
  ["docker container without memory", [dockerContainer({ memory: undefined })], ["resource-limits"]],
  ["docker container without cpus", [dockerContainer({ cpus: undefined })], ["resource-limits"]],
  ["env literal with a Slack webhook URL", [workload("Deployment", { containers: [good({ env: [{ name: "NOTIFY_URL", value: SLACK_URL }] })] })], ["no-plaintext-credentials"]],
  ["env literal named like a password", [workload("StatefulSet", { containers: [good({ env: [{ name: "DB_PASSWORD", value: "hunter2" }] })] })], ["no-plaintext-credentials"]],
  ["env literal with basic auth in a URL", [workload("Deployment", { containers: [good({ env: [{ name: "UPSTREAM", value: "https://admin:s3cret@am.example.com" }] })] })], ["no-plaintext-credentials"]],
  ["container argument with a token in a URL", [workload("Deployment", { containers: [good({ args: ["--notify=https://api.example.com/hook?token=abcdef123456"] })] })], ["no-plaintext-credentials"]],
  ["ConfigMap with an inline Slack api_url", [configMap({ "alertmanager.yml": AM_INLINE(`    slack_configs:\n      - api_url: ${SLACK_URL}\n`) })], ["no-plaintext-credentials"]],
  ["ConfigMap with an inline routing key", [configMap({ "alertmanager.yml": AM_INLINE("    pagerduty_configs:\n      - routing_key: 0123456789abcdef0123456789abcdef\n") })], ["no-plaintext-credentials"]],
  ["ConfigMap with a webhook url carrying a token", [configMap({ "alertmanager.yml": AM_INLINE("    webhook_configs:\n      - url: https://incidents.example.com/hooks/Zk3qL9xPw2mN8vB4tY7rA1sD\n") })], ["no-plaintext-credentials"]],
  ["ConfigMap with an inline SMTP password", [configMap({ "alertmanager.yml": "global:\n  smtp_auth_password: hunter2\nroute:\n  receiver: r\nreceivers:\n  - name: r\n" })], ["no-plaintext-credentials"]],
  ["ConfigMap with a private key", [configMap({ "tls.key": "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n" })], ["no-plaintext-credentials"]],
  ["docker env with a Teams webhook URL", [dockerContainer({ envs: [`TEAMS_URL=${TEAMS_URL}`] })], ["no-plaintext-credentials"]],
  ["docker env named like an API key", [dockerContainer({ envs: ["OPSGENIE_API_KEY=a1b2c3d4e5"] })], ["no-plaintext-credentials"]],
  ["docker label with a Slack URL", [dockerContainer({ labels: [{ label: "notify", value: SLACK_URL }] })], ["no-plaintext-credentials"]],
  ["docker command argument with a Slack URL", [dockerContainer({ command: [`--slack.api-url=${SLACK_URL}`] })], ["no-plaintext-credentials"]],
  ["docker upload of a config with an inline password", [dockerContainer({ uploads: [{ file: "/etc/alertmanager/config/alertmanager.yml", content: "global:\n  smtp_auth_password: hunter2\n" }] })], ["no-plaintext-credentials"]],
  ["image on latest (Kubernetes)", [workload("Deployment", { containers: [good({ image: "example/app:latest" })] })], ["pinned-images"]],
  ["image without a tag (docker)", [dockerContainer({ image: "prom/alertmanager" })], ["pinned-images"]],
  ["RemoteImage on latest", [resource("docker:index/remoteImage:RemoteImage", { name: "prom/prometheus:latest" })], ["pinned-images"]],
  ["Deployment without a readiness probe", [workload("Deployment", { containers: [good({ readinessProbe: undefined })] })], ["health-probes"]],
  ["docker container without a healthcheck", [dockerContainer({ healthcheck: undefined })], ["health-probes"]],
  ["Alertmanager with 1 replica", alertmanagerStack({ replicas: 1 }), ["alertmanager-high-availability"]],
  ["Alertmanager without a PodDisruptionBudget", alertmanagerStack({ pdb: false }), ["alertmanager-high-availability"]],
  ["Alertmanager gossip allowed over TCP only", alertmanagerStack({ protocols: ["TCP"] }), ["alertmanager-high-availability"]],
];

const lookAlikes: [string, RegisteredResource[]][] = [
  ["env from a secretKeyRef named like a webhook", [workload("Deployment", { containers: [good({ env: [{ name: "SLACK_WEBHOOK_URL", valueFrom: { secretKeyRef: { name: "s", key: "slack" } } }] })] })]],
  ["env naming a credential file", [workload("Deployment", { containers: [good({ env: [{ name: "TOKEN_FILE", value: "/etc/secrets/token" }] })] })]],
  ["env with a number under a password-ish name", [workload("Deployment", { containers: [good({ env: [{ name: "PASSWORD_MIN_LENGTH", value: "12" }] })] })]],
  ["env with a Slack channel", [workload("Deployment", { containers: [good({ env: [{ name: "SLACK_CHANNEL", value: "#alerts" }] })] })]],
  ["ConfigMap using *_file references", [configMap({ "alertmanager.yml": AM_INLINE("    slack_configs:\n      - api_url_file: /etc/alertmanager/secrets/slack\n    pagerduty_configs:\n      - routing_key_file: /etc/alertmanager/secrets/pd\n    webhook_configs:\n      - url_file: /etc/alertmanager/secrets/hook\n") })]],
  ["ConfigMap with a PagerDuty url that carries no key", [configMap({ "alertmanager.yml": AM_INLINE("    pagerduty_configs:\n      - routing_key_file: /s/pd\n        url: http://alerting-capture:9099/pagerduty/pagerdutyRoutingKey\n") })]],
  ["ConfigMap with Prometheus basic_auth password_file", [configMap({ "prometheus.yml": "alerting:\n  alertmanagers:\n    - basic_auth:\n        username: prometheus\n        password_file: /etc/prometheus/secrets/web\n" })]],
  ["ConfigMap with a checksum", [configMap({ "checksum": "8c3036c37b292fbda333681fc73f22473a4fa87b9a8ca56a144e9fbd743535e9" })]],
  ["docker label key with the word token", [dockerContainer({ labels: [{ label: "com.example.token-rotation", value: "weekly" }, { label: "proven-alerting.config-hash", value: "d9fb99ad8953727fd6c5ae697413d35e" }] })]],
  ["docker upload of a credential file into the secrets directory", [dockerContainer({ uploads: [{ file: "/etc/alertmanager/secrets/slackWebhookUrl", content: SLACK_URL }] })]],
  ["Job without probes", [workload("Job", { containers: [good({ livenessProbe: undefined, readinessProbe: undefined })] })]],
  ["image pinned by digest", [workload("Deployment", { containers: [good({ image: `example/app@sha256:${"a".repeat(64)}` })] })]],
  ["image from a registry with a port", [workload("Deployment", { containers: [good({ image: "registry.local:5000/team/app:2.0.1" })] })]],
  ["Alertmanager with 3 replicas, a PDB and TCP+UDP gossip", alertmanagerStack()],
];

async function flagged(resourcesUnderTest: RegisteredResource[]): Promise<string[]> {
  const run = await runPolicies(resourcesUnderTest, policies);
  return [...new Set(run.violations.map((v) => v.policy))].sort();
}

describe("policy pack", () => {
  describe(`violations: each flagged by exactly the expected policy (${violations.length} cases)`, () => {
    it("has at least 25 cases", () => assert.ok(violations.length >= 25));
    for (const [title, rs, expected] of violations) {
      it(title, async () => assert.deepStrictEqual(await flagged(rs), expected));
    }
  });

  describe(`look-alikes that are fine (${lookAlikes.length} cases)`, () => {
    it("has at least 10 cases", () => assert.ok(lookAlikes.length >= 10));
    for (const [title, rs] of lookAlikes) {
      it(title, async () => assert.deepStrictEqual(await flagged(rs), []));
    }
  });

  describe("runs like the policy server", () => {
    it("honours per-policy enforcement levels and config (schema defaults applied)", async () => {
      const big = [workload("Deployment", { containers: [good({ resources: { requests: resources.requests, limits: { cpu: "6", memory: "256Mi" } } })] })];
      assert.deepStrictEqual(await flagged(big), ["resource-limits"], "above the default maxCpu of 4");
      const relaxed = await runPolicies(big, policies, { "resource-limits": { maxCpu: "8" } });
      assert.deepStrictEqual(relaxed.violations, []);
      const disabled = await runPolicies([workload("Deployment", { containers: [good({ image: "x/y:latest" })] })], policies, { "pinned-images": { enforcementLevel: "disabled" } });
      assert.deepStrictEqual(disabled.violations, []);
      const strict = await runPolicies([workload("Deployment", { containers: [good({ image: "x/y:latest" })] })], policies, { "pinned-images": { enforcementLevel: "mandatory" } });
      assert.deepStrictEqual(strict.violations.map((v) => v.level), ["mandatory"]);
    });

    it("marks policies not applicable where they do not apply", async () => {
      const run = await runPolicies([resource("kubernetes:core/v1:Service", { spec: {} })], policies);
      assert.deepStrictEqual(run.violations, []);
      assert.deepStrictEqual(run.notApplicable.map((n) => n.policy).sort(), ["alertmanager-high-availability", "health-probes", "no-plaintext-credentials", "pinned-images", "resource-limits"]);
    });
  });

  describe("messages name the resource", () => {
    it("a docker container with a name is called by it", async () => {
      const run = await runPolicies([dockerContainer({ memory: undefined })], policies);
      assert.deepStrictEqual(run.violations.map((v) => v.message), ['Container "c" sets no memory limit (memory, in MB).']);
    });

    it("a docker container without a name is called by its Pulumi resource name, never \"undefined\"", async () => {
      const run = await runPolicies([dockerContainer({ name: undefined, memory: undefined, healthcheck: undefined, envs: ["DB_PASSWORD=hunter2"] })], policies);
      assert.deepStrictEqual(run.violations.map((v) => v.message), [
        'Container resource "test-container" sets no memory limit (memory, in MB).',
        'Container resource "test-container" env DB_PASSWORD holds a value named "DB_PASSWORD"; upload it as a secret file instead.',
        'Container resource "test-container" has no healthcheck.',
      ]);
    });
  });

  describe("the program's own stacks", () => {
    for (const stack of ["dev", "prod"]) {
      it(`${stack}: no violation at all, mandatory or advisory`, async () => {
        const run = await runPolicies((await runStack(stack)).resources, policies);
        assert.strictEqual(run.ran.length, 5);
        assert.deepStrictEqual(run.violations, []);
      });
    }

    it("npm run policy exits non-zero on a deliberately broken program variant", () => {
      const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", "scripts/policy.ts", "--stack", "prod", "--program", "test/policy/fixtures/broken-program.ts"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      const output = `${result.stdout}${result.stderr}`;
      assert.strictEqual(result.status, 1, output);
      assert.match(output, /\[mandatory\]\s+resource-limits\s+\(kubernetes:apps\/v1:Deployment: broken-sidecar\)/);
      assert.match(output, /\[mandatory\]\s+no-plaintext-credentials\s+\(kubernetes:apps\/v1:Deployment: broken-sidecar\)/);
      assert.match(output, /5 mandatory, 2 advisory violation\(s\)/);
    });
  });
});
