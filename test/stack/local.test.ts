/** The dev stack as the real index.ts builds it under Pulumi's mock runtime. */
import * as assert from "assert";
import { localTopology } from "../../components/local/containers";
import { renderAll } from "../../components/render";
import { credentialSlots, IntegrationKind } from "../../config/integrations";
import { buildSpec } from "../../config/spec";
import { RegisteredResource, runProgram, stackConfig } from "../../offline/program";
import { EVERY_KIND } from "../support/receiver-kinds";
import { container, containers, unwrap, yamlOf } from "../support/resources";

/** The primary credential key of each kind's integration in EVERY_KIND: its default, or SNS's named one. */
const EVERY_KIND_KEYS = Object.fromEntries(
  Object.entries(EVERY_KIND).map(([kind, c]) => [kind, (c.credential as string | undefined) ?? credentialSlots(kind as IntegrationKind)[0].defaultKey]),
) as Record<IntegrationKind, string>;

const ofType = (resources: RegisteredResource[], type: string) => resources.filter((r) => r.type === type).map((r) => r.inputs);

describe("stack (dev, local docker)", () => {
  let resources: RegisteredResource[];
  let outputs: Record<string, unknown>;

  before(async () => {
    ({ resources, outputs } = await runProgram({ stack: "dev" }));
  });

  it("creates a dedicated bridge network and a named volume per data directory", () => {
    assert.deepStrictEqual(ofType(resources, "docker:index/network:Network"), [{ name: "alerting", driver: "bridge" }]);
    assert.deepStrictEqual(
      ofType(resources, "docker:index/volume:Volume")
        .map((v) => v.name)
        .sort(),
      ["alerting-alertmanager-data-0", "alerting-prometheus-data"],
    );
    assert.deepStrictEqual(container(resources, "alerting-prometheus").volumes, [{ volumeName: "alerting-prometheus-data", containerPath: "/prometheus" }]);
    assert.deepStrictEqual(container(resources, "alerting-alertmanager-0").volumes, [
      { volumeName: "alerting-alertmanager-data-0", containerPath: "/alertmanager" },
    ]);
  });

  it("pins every image (no latest) and keeps it locally", () => {
    const images = ofType(resources, "docker:index/remoteImage:RemoteImage");
    assert.deepStrictEqual(images.map((i) => i.name).sort(), ["node:24.21.0-alpine", "prom/alertmanager:v0.33.1", "prom/prometheus:v3.5.3"]);
    for (const i of images) assert.strictEqual(i.keepLocally, true);
    for (const c of containers(resources)) {
      assert.match(c.inputs.image, /:[\w][\w.-]*$/);
      assert.doesNotMatch(c.inputs.image, /:latest$/);
    }
  });

  it("uploads the rendered files byte for byte", () => {
    const spec = buildSpec({ values: stackConfig("dev"), secretKeys: new Set(), stack: "dev" });
    const rendered = renderAll(spec, localTopology(spec));
    const uploaded = (name: string) => Object.fromEntries((unwrap(container(resources, name).uploads) as any[]).map((u) => [u.file, u.content]));
    const am = uploaded("alerting-alertmanager-0");
    assert.strictEqual(am["/etc/alertmanager/config/alertmanager.yml"], rendered.alertmanager["alertmanager.yml"]);
    assert.strictEqual(am["/etc/alertmanager/templates/notifications.tmpl"], rendered.alertmanager["templates/notifications.tmpl"]);
    const prom = uploaded("alerting-prometheus");
    assert.strictEqual(prom["/etc/prometheus/config/prometheus.yml"], rendered.prometheus["prometheus.yml"]);
    for (const preset of ["application", "connector", "meta"]) {
      assert.strictEqual(prom[`/etc/prometheus/rules/${preset}.yml`], rendered.prometheus[`rules/${preset}.yml`]);
    }
  });

  it("health-checks every container on /-/healthy (capture included)", () => {
    // The audit sidecar serves nothing: its check is its file's bound (test/stack/audit.test.ts).
    // The one-shot silences container exits: it has no health to check (test/stack/silences.test.ts).
    for (const c of containers(resources).filter((c) => !String(c.inputs.name).endsWith("-audit-rotate") && !c.inputs.attach)) {
      const test: string[] = c.inputs.healthcheck.tests;
      assert.strictEqual(test[0], "CMD", c.inputs.name);
      assert.ok(
        test.some((t) => t.includes("/-/healthy")),
        c.inputs.name,
      );
    }
  });

  it("starts Alertmanager only after Prometheus is healthy (wait + dependsOn)", () => {
    for (const c of containers(resources).filter((c) => !c.inputs.attach)) assert.strictEqual(c.inputs.wait, true, c.inputs.name);
    const am = resources.find((r) => r.name === "alerting-alertmanager-0")!;
    assert.ok(am.dependsOn.includes("alerting-prometheus"), am.dependsOn.join(", "));
    assert.ok(resources.findIndex((r) => r.name === "alerting-prometheus") < resources.findIndex((r) => r.name === "alerting-alertmanager-0"));
  });

  it("limits memory and cpus on every container (story 16.3 defaults)", () => {
    for (const c of containers(resources)) {
      assert.ok(Number.isInteger(c.inputs.memory) && c.inputs.memory > 0, c.inputs.name);
      assert.match(c.inputs.cpus, /^\d+(\.\d+)?$/, c.inputs.name);
    }
    assert.deepStrictEqual([container(resources, "alerting-prometheus").memory, container(resources, "alerting-prometheus").cpus], [512, "0.5"]);
    assert.deepStrictEqual([container(resources, "alerting-alertmanager-0").memory, container(resources, "alerting-alertmanager-0").cpus], [128, "0.1"]);
  });

  it("restarts unless stopped, rotates logs", () => {
    for (const c of containers(resources)) {
      assert.strictEqual(c.inputs.restart, c.inputs.attach ? "no" : "unless-stopped", c.inputs.name);
      assert.deepStrictEqual(c.inputs.logOpts, { "max-size": "10m", "max-file": "3" });
    }
  });

  it("publishes ports on 127.0.0.1 only", () => {
    const ports = containers(resources).flatMap((c) => c.inputs.ports ?? []);
    assert.ok(ports.length >= 3);
    for (const p of ports) assert.strictEqual(p.ip, "127.0.0.1");
    assert.deepStrictEqual(outputs.alertmanagerUrls, ["http://127.0.0.1:9093"]);
    assert.strictEqual(outputs.prometheusUrl, "http://127.0.0.1:9090");
  });

  it("with no secret set, Slack and PagerDuty deliver to the capture container", () => {
    const am = Object.fromEntries((unwrap(container(resources, "alerting-alertmanager-0").uploads) as any[]).map((u) => [u.file, u.content]));
    assert.strictEqual(am["/etc/alertmanager/secrets/slackWebhookUrl"], "http://alerting-capture:9099/slack/slackWebhookUrl");
    const config = yamlOf(am["/etc/alertmanager/config/alertmanager.yml"]);
    const pd = config.receivers.find((r: any) => r.pagerduty_configs).pagerduty_configs[0];
    assert.strictEqual(pd.url, "http://alerting-capture:9099/pagerduty/pagerdutyRoutingKey");
    assert.strictEqual(container(resources, "alerting-capture").command.join(" "), "node /capture/http-capture.js");
    assert.strictEqual(outputs.captureUrl, "http://127.0.0.1:9099");
  });

  it("with no secret set, every kind but Pushover delivers to the capture container; SNS signs with the stand-in's AWS keys", async () => {
    const kinds = Object.fromEntries(Object.entries(EVERY_KIND).filter(([kind]) => kind !== "pushover"));
    const run = await runProgram({
      stack: "dev",
      config: {
        receivers: [
          { name: "slack-alerts", slack: { channel: "#a" } },
          { name: "every-kind", ...kinds },
        ],
        routes: [],
      },
    });
    const alertmanager = container(run.resources, "alerting-alertmanager-0");
    const am = Object.fromEntries((unwrap(alertmanager.uploads) as any[]).map((u) => [u.file, u.content]));
    const every = yamlOf(am["/etc/alertmanager/config/alertmanager.yml"]).receivers.find((r: any) => r.name === "every-kind");
    const capture = "http://alerting-capture:9099";
    const reached = Object.keys(kinds).map((kind) => {
      const block = every[`${kind}_configs`][0];
      return [kind, block.api_url ?? block.url ?? am[block.webhook_url_file ?? block.api_url_file ?? block.url_file]];
    });
    assert.deepStrictEqual(
      reached.filter(([kind, url]) => url !== `${capture}/${kind}/${EVERY_KIND_KEYS[kind as IntegrationKind]}`),
      [],
    );
    assert.deepStrictEqual(alertmanager.envs, ["AWS_SHARED_CREDENTIALS_FILE=/etc/alertmanager/secrets/snsAwsCredentials"]);
    assert.strictEqual(
      am["/etc/alertmanager/secrets/snsAwsCredentials"],
      "[default]\naws_access_key_id = snsAwsCredentials\naws_secret_access_key = capture-only\n",
    );
  });

  it("with every secret set, there is no capture container and the secrets stay secret", async () => {
    const run = await runProgram({ stack: "dev", fakeSecrets: true, config: { alertmanager: { replicas: 1 } } });
    assert.ok(!containers(run.resources).some((c) => c.inputs.name === "alerting-capture"));
    assert.strictEqual(run.outputs.captureUrl, undefined);
    const config = yamlOf(
      (unwrap(container(run.resources, "alerting-alertmanager-0").uploads) as any[]).find((u) => u.file.endsWith("alertmanager.yml")).content,
    );
    assert.strictEqual(config.receivers.find((r: any) => r.pagerduty_configs).pagerduty_configs[0].url, undefined);
  });

  it("runs an HA cluster locally with replicas > 1: every replica peers with all and Prometheus sends to each", async () => {
    const run = await runProgram({ stack: "dev", config: { alertmanager: { replicas: 3 } } });
    for (const i of [0, 1, 2]) {
      const c = container(run.resources, `alerting-alertmanager-${i}`);
      const peers = c.command.filter((a: string) => a.startsWith("--cluster.peer="));
      assert.deepStrictEqual(
        peers,
        [0, 1, 2].map((j) => `--cluster.peer=alerting-alertmanager-${j}:9094`),
      );
      assert.strictEqual(c.ports[0].external, 9093 + i);
    }
    const prom = yamlOf((unwrap(container(run.resources, "alerting-prometheus").uploads) as any[]).find((u) => u.file.endsWith("prometheus.yml")).content);
    assert.deepStrictEqual(
      prom.alerting.alertmanagers[0].static_configs[0].targets,
      [0, 1, 2].map((i) => `alerting-alertmanager-${i}:9093`),
    );
  });

  it("replaces everything with a fixed name delete-first", () => {
    const fixed = resources.filter((r) => /^docker:index\/(container|network|volume):/.test(r.type));
    assert.ok(fixed.length >= 6);
    for (const r of fixed) assert.strictEqual(r.deleteBeforeReplace, true, r.name);
  });
});
