/**
 * `pulumi up --stack dev` for real: the containers the program registers, exactly as rendered,
 * on a Docker daemon of the test's own, with image twins of the pinned images.
 */
import * as assert from "assert";
import { cpuToDockerCpus, memoryToDockerMb } from "../../config/quantities";
import { DEFAULT_RESOURCES } from "../../config/defaults";
import { createSilence, listSilences, postAlerts } from "../../harness/alertmanager-api";
import { useDockerDevStack } from "../support/docker";

const RULE_ALERT = "DockerE2eRuleFires";
/** A rule that fires at once, evaluated often, so the test sees Prometheus' own delivery quickly. */
const RULES = {
  groups: [{ name: "docker-e2e", interval: "5s", rules: [{ alert: RULE_ALERT, expr: "vector(1)", labels: { severity: "critical", service: "docker-e2e" } }] }],
};

describe("dev stack on a real Docker daemon", function () {
  this.timeout(300_000);
  const running = useDockerDevStack({ rules: RULES });

  it("creates every container in dependency order, each healthy before its dependents start", () => {
    const at = (resource: string, event: string) => running.stack.stack.events.find((e) => e.resource === resource && e.event === event)?.at;
    for (const name of ["alerting-capture", "alerting-prometheus", "alerting-alertmanager-0"]) assert.ok(at(name, "healthy"), `${name} became healthy`);
    const alertmanagerCreated = at("alerting-alertmanager-0", "created")!;
    assert.ok(at("alerting-prometheus", "healthy")! <= alertmanagerCreated, "Prometheus was healthy before the Alertmanager was created");
    assert.ok(at("alerting-capture", "healthy")! <= alertmanagerCreated, "the capture stand-in was healthy before the Alertmanager was created");
  });

  it("publishes every port on 127.0.0.1 only", async () => {
    for (const name of ["alerting-capture", "alerting-prometheus", "alerting-alertmanager-0"]) {
      const { NetworkSettings } = await running.daemon.docker.getContainer(name).inspect();
      const bindings = Object.values(NetworkSettings.Ports).flat();
      assert.ok(bindings.length > 0, name);
      assert.deepStrictEqual([...new Set(bindings.map((b) => b!.HostIp))], ["127.0.0.1"], name);
    }
  });

  it("applies the memory and cpu limits the stack declares", async () => {
    const expected = {
      "alerting-prometheus": DEFAULT_RESOURCES.local.prometheus.limits,
      "alerting-alertmanager-0": DEFAULT_RESOURCES.local.alertmanager.limits,
    };
    for (const [name, limits] of Object.entries(expected)) {
      const { HostConfig } = await running.daemon.docker.getContainer(name).inspect();
      assert.strictEqual(HostConfig.Memory, memoryToDockerMb(limits.memory) * 1024 * 1024, `${name} memory`);
      assert.strictEqual(HostConfig.NanoCpus, Math.round(Number(cpuToDockerCpus(limits.cpu)) * 1e9), `${name} cpus`);
    }
  });

  it("delivers a critical alert fired at the published Alertmanager port to the capture container", async () => {
    const service = `docker-e2e-fired-${Date.now()}`;
    await postAlerts(running.stack.urls.alertmanagers[0], [{ labels: { alertname: "DockerE2eFired", severity: "critical", service } }]);
    await running.stack.waitForDelivery(service);
  });

  it("evaluates a rule in the Prometheus container and delivers what it fires", async () => {
    await running.stack.waitForDelivery(RULE_ALERT);
  });

  it("replaces the Alertmanager container on a config change, and its data volume keeps the silences", async () => {
    const before = await running.daemon.docker.getContainer("alerting-alertmanager-0").inspect();
    const url = running.stack.urls.alertmanagers[0];
    const silence = await createSilence(url, [{ name: "service", value: "docker-e2e-silenced" }], 60);
    await running.stack.apply({ rules: RULES, resolveTimeout: "6m" });
    const after = await running.daemon.docker.getContainer("alerting-alertmanager-0").inspect();
    assert.notStrictEqual(after.Id, before.Id, "a new container");
    assert.notStrictEqual(after.Config.Labels["proven-alerting.config-hash"], before.Config.Labels["proven-alerting.config-hash"]);
    assert.deepStrictEqual(
      after.Mounts.map((m) => m.Name),
      before.Mounts.map((m) => m.Name),
      "the same data volume",
    );
    const silences = await listSilences(url);
    assert.ok(
      silences.some((s) => s.id === silence && s.status.state === "active"),
      JSON.stringify(silences),
    );
  });
});
