/**
 * alerting:audit in both stacks under Pulumi's mocks: the feature flag and the event_recorder block,
 * the rotation sidecar beside every replica (limits, restricted security context, probes, the data
 * volume), and the collector's credential only as a mounted or uploaded secret file.
 */
import * as assert from "assert";
import { fakeSecret, RegisteredResource, runProgram } from "../../offline/program";
import { container, containers, one, strings, unwrap, yamlOf } from "../support/resources";

const COLLECTOR = { url: "https://audit.example.com/alertmanager/events", credential: "auditToken" };

describe("stack: alerting:audit (prod kubernetes, dev local)", () => {
  describe("prod, with a collector", () => {
    let resources: RegisteredResource[];
    before(async () => {
      ({ resources } = await runProgram({ stack: "prod", fakeSecrets: true, config: { audit: { enabled: true, webhook: COLLECTOR } } }));
    });

    it("turns the recorder on: the flag, and a file on the data volume plus the collector, its credential a file", () => {
      const pod = one(resources, "StatefulSet", "alertmanager").spec.template.spec;
      const am = pod.containers.find((c: any) => c.name === "alertmanager");
      assert.ok(am.args.includes("--enable-feature=auto-gomemlimit,event-recorder"), am.args.join(" "));
      const config = yamlOf(one(resources, "ConfigMap", "alertmanager-config").data["alertmanager.yml"]);
      assert.deepStrictEqual(config.event_recorder, {
        file_outputs: [{ path: "/alertmanager/audit-events.jsonl" }],
        webhook_outputs: [{ url: COLLECTOR.url, http_config: { authorization: { type: "Bearer", credentials_file: "/etc/alertmanager/secrets/auditToken" } } }],
      });
    });

    it("puts the credential in the Secret only, never in a ConfigMap, env or argument", () => {
      const secret = fakeSecret("auditToken");
      const found = resources.flatMap((r) => strings(r.inputs, r.name).filter((s) => s.value.includes(secret)));
      assert.ok(found.length > 0, "the fake credential reaches no resource");
      for (const s of found) assert.ok(s.inSecret && s.path.includes("alertmanager-credentials"), `${s.path} holds the credential outside a secret`);
      assert.strictEqual(unwrap(one(resources, "Secret", "alertmanager-credentials").stringData).auditToken, secret);
    });

    it("runs the rotation sidecar in every Alertmanager pod: the image's shell, limits, restricted, probed, on the data volume", () => {
      const pod = one(resources, "StatefulSet", "alertmanager").spec.template.spec;
      assert.deepStrictEqual(
        pod.containers.map((c: any) => c.name),
        ["alertmanager", "audit-rotate"],
      );
      const sidecar = pod.containers[1];
      assert.strictEqual(sidecar.image, pod.containers[0].image);
      assert.deepStrictEqual(sidecar.command.slice(0, 2), ["/bin/sh", "-c"]);
      assert.ok(
        sidecar.command[2].includes("f='/alertmanager/audit-events.jsonl'") &&
          sidecar.command[2].includes(`max=${50 * 2 ** 20}`) &&
          sidecar.command[2].includes("keep=3"),
      );
      assert.deepStrictEqual(sidecar.resources, { requests: { cpu: "5m", memory: "8Mi" }, limits: { cpu: "50m", memory: "16Mi" } });
      assert.deepStrictEqual(sidecar.securityContext, {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      assert.deepStrictEqual(sidecar.volumeMounts, [{ name: "data", mountPath: "/alertmanager" }]);
      for (const probe of [sidecar.livenessProbe, sidecar.readinessProbe]) {
        assert.deepStrictEqual(probe.exec.command.slice(0, 2), ["/bin/sh", "-c"]);
        assert.ok(probe.exec.command[2].includes(`-lt ${100 * 2 ** 20}`), probe.exec.command[2]);
      }
    });
  });

  describe("prod as committed: the recorder on, no collector", () => {
    it("writes the file only, and keeps the sidecar", async () => {
      const { resources } = await runProgram({ stack: "prod", fakeSecrets: true });
      const config = yamlOf(one(resources, "ConfigMap", "alertmanager-config").data["alertmanager.yml"]);
      assert.deepStrictEqual(config.event_recorder, { file_outputs: [{ path: "/alertmanager/audit-events.jsonl" }] });
      assert.ok(one(resources, "StatefulSet", "alertmanager").spec.template.spec.containers.some((c: any) => c.name === "audit-rotate"));
    });

    it("has no sidecar and no recorder when audit is off", async () => {
      const { resources } = await runProgram({ stack: "prod", fakeSecrets: true, config: { audit: { enabled: false } } });
      const pod = one(resources, "StatefulSet", "alertmanager").spec.template.spec;
      assert.deepStrictEqual(
        pod.containers.map((c: any) => c.name),
        ["alertmanager"],
      );
      assert.ok(!("event_recorder" in yamlOf(one(resources, "ConfigMap", "alertmanager-config").data["alertmanager.yml"])));
      assert.ok(pod.containers[0].args.includes("--enable-feature=auto-gomemlimit"));
    });
  });

  describe("dev (local docker)", () => {
    let resources: RegisteredResource[];
    before(async () => {
      ({ resources } = await runProgram({ stack: "dev" }));
    });

    it("runs a rotation sidecar beside the replica, on its data volume, with limits and a health check", () => {
      const sidecar = container(resources, "alerting-alertmanager-0-audit-rotate");
      assert.strictEqual(sidecar.image, container(resources, "alerting-alertmanager-0").image);
      assert.deepStrictEqual(sidecar.entrypoints.slice(0, 2), ["/bin/sh", "-c"]);
      assert.ok(sidecar.entrypoints[2].includes("f='/alertmanager/audit-events.jsonl'"));
      assert.deepStrictEqual(sidecar.volumes, [{ volumeName: "alerting-alertmanager-data-0", containerPath: "/alertmanager" }]);
      assert.strictEqual(sidecar.memory, 16);
      assert.strictEqual(sidecar.cpus, "0.05");
      assert.strictEqual(sidecar.healthcheck.tests[0], "CMD-SHELL");
      assert.strictEqual(sidecar.restart, "unless-stopped");
      assert.strictEqual(containers(resources).filter((c) => String(c.inputs.name).endsWith("-audit-rotate")).length, 1);
    });

    it("uploads the recorder's configuration and starts the replica with the flag", () => {
      const am = container(resources, "alerting-alertmanager-0");
      assert.ok(am.command.includes("--enable-feature=auto-gomemlimit,event-recorder"));
      const uploaded = (unwrap(am.uploads) as any[]).find((u) => u.file === "/etc/alertmanager/config/alertmanager.yml");
      assert.deepStrictEqual(yamlOf(uploaded.content).event_recorder, { file_outputs: [{ path: "/alertmanager/audit-events.jsonl" }] });
    });
  });
});
