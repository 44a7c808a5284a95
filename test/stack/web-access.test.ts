/** Web access control as the program deploys it: Secrets, mounts, flags, and what each rotation touches. */
import * as assert from "assert";
import { parse } from "yaml";
import { runProgram } from "../../offline/program";
import { byKind, changedResources, container, one, unwrap } from "../support/resources";

const TLS = (n: string) => ({ webTlsCert: `-----BEGIN CERTIFICATE-----\ncert-${n}\n-----END CERTIFICATE-----\n`, webTlsKey: `key-${n}` });

describe("stack: web access control", () => {
  describe("prod (on by default)", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
      run = await runProgram({ stack: "prod", fakeSecrets: true });
    });

    it("generates a password with @pulumi/random and exports it as a secret output", () => {
      assert.ok(run.resources.some((r) => r.type === "random:index/randomPassword:RandomPassword" && r.parent === "alerting-web"));
      assert.ok(run.secretOutputs.includes("webPassword"));
      assert.strictEqual(typeof run.outputs.webPassword, "string");
    });

    it("gives each server a web Secret with a bcrypt-hashed user, mounted where --web.config.file points", () => {
      for (const [component, webDir, flags] of [
        ["alertmanager", "/etc/alertmanager/web", (c: any) => c.args],
        ["prometheus", "/etc/prometheus/web", (c: any) => c.args],
      ] as const) {
        const secret = one(run.resources, "Secret", `${component}-web`);
        const files = unwrap(secret.stringData);
        assert.deepStrictEqual(Object.keys(files).sort(), ["password", "probe-authorization", "web.yml"]);
        const web = parse(files["web.yml"]);
        assert.match(web.basic_auth_users.alerting, /^\$2[aby]\$10\$.{53}$/);
        assert.strictEqual(files.password, run.outputs.webPassword);
        const c = one(run.resources, "StatefulSet", component).spec.template.spec.containers[0];
        assert.ok(flags(c).includes(`--web.config.file=${webDir}/web.yml`));
        const mount = c.volumeMounts.find((m: any) => m.mountPath === webDir);
        const volume = one(run.resources, "StatefulSet", component).spec.template.spec.volumes.find((v: any) => v.name === mount.name);
        assert.strictEqual(volume.secret.secretName, `${component}-web`);
      }
    });

    it("Prometheus authenticates to every Alertmanager and to its own scrape with password_file", () => {
      const prom = parse(one(run.resources, "ConfigMap", "prometheus-config").data["prometheus.yml"]);
      const auth = { username: "alerting", password_file: "/etc/prometheus/web/password" };
      assert.deepStrictEqual(prom.alerting.alertmanagers[0].basic_auth, auth);
      const own = prom.scrape_configs.filter((job: { job_name: string }) => ["prometheus", "alertmanager"].includes(job.job_name));
      assert.strictEqual(own.length, 2);
      for (const job of own) assert.deepStrictEqual(job.basic_auth, auth, job.job_name);
    });

    it("uses a given webPassword instead of generating one", async () => {
      const given = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "correct horse battery staple" }, unset: ["satellites"] });
      assert.ok(!given.resources.some((r) => r.type === "random:index/randomPassword:RandomPassword"));
      assert.strictEqual(unwrap(one(given.resources, "Secret", "alertmanager-web").stringData).password, "correct horse battery staple");
    });

    it("TLS: cert and key in both web Secrets, https to every replica, the CA trusted by Prometheus", async () => {
      const tls = await runProgram({ stack: "prod", fakeSecrets: true, secrets: TLS("a") });
      const files = unwrap(one(tls.resources, "Secret", "alertmanager-web").stringData);
      assert.deepStrictEqual(Object.keys(files).sort(), ["ca.crt", "password", "probe-authorization", "tls.crt", "tls.key", "web.yml"]);
      assert.deepStrictEqual(parse(files["web.yml"]).tls_server_config, {
        cert_file: "/etc/alertmanager/web/tls.crt",
        key_file: "/etc/alertmanager/web/tls.key",
      });
      const prom = parse(one(tls.resources, "ConfigMap", "prometheus-config").data["prometheus.yml"]);
      assert.strictEqual(prom.alerting.alertmanagers[0].scheme, "https");
      assert.deepStrictEqual(prom.alerting.alertmanagers[0].tls_config, { ca_file: "/etc/prometheus/web/ca.crt" });
      assert.deepStrictEqual(
        tls.outputs.alertmanagerUrls,
        [0, 1, 2].map((i) => `https://alertmanager-${i}.alertmanager-cluster.monitoring.svc:9093`),
      );
      const probe = one(tls.resources, "StatefulSet", "alertmanager").spec.template.spec.containers[0].livenessProbe.exec.command[2];
      assert.match(probe, /--no-check-certificate .* https:\/\/127\.0\.0\.1:9093\/-\/healthy$/);
    });
  });

  describe("what each rotation touches (README, Security)", () => {
    it("a receiver credential: only the credentials Secret", async () => {
      const a = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { pagerdutyRoutingKey: "a" } });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { pagerdutyRoutingKey: "b" } });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), ["alerting-alertmanager-credentials"]);
    });

    it("the web password: only the two web Secrets (no pod template changes, so no restart)", async () => {
      const a = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "first-password" } });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "second-password" } });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), ["alerting-alertmanager-web", "alerting-prometheus-web"]);
    });

    it("the same web password twice: nothing changes (the bcrypt salt is kept in state)", async () => {
      const a = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "same" } });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "same" } });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), []);
    });

    it("TLS certificate and key: only the two web Secrets", async () => {
      const a = await runProgram({ stack: "prod", fakeSecrets: true, secrets: TLS("a") });
      const b = await runProgram({ stack: "prod", fakeSecrets: true, secrets: TLS("b") });
      assert.deepStrictEqual(changedResources(a.resources, b.resources), ["alerting-alertmanager-web", "alerting-prometheus-web"]);
    });
  });

  describe("dev (off by default, configurable)", () => {
    it("off: no web files, plain health checks, no password output", async () => {
      const run = await runProgram({ stack: "dev" });
      assert.ok(!run.resources.some((r) => r.type.startsWith("random:")));
      assert.strictEqual(run.outputs.webPassword, undefined);
      assert.strictEqual(container(run.resources, "alerting-alertmanager-0").healthcheck.tests[0], "CMD");
    });

    it("on: both containers get the web files as secret uploads and authenticate their health checks", async () => {
      const run = await runProgram({ stack: "dev", config: { web: { auth: true } } });
      for (const [name, webDir] of [
        ["alerting-alertmanager-0", "/etc/alertmanager/web"],
        ["alerting-prometheus", "/etc/prometheus/web"],
      ]) {
        const c = container(run.resources, name);
        const files = (unwrap(c.uploads) as any[]).map((u) => u.file);
        for (const f of ["web.yml", "password", "probe-authorization"]) assert.ok(files.includes(`${webDir}/${f}`), `${name} ${f}`);
        assert.ok(c.command.includes(`--web.config.file=${webDir}/web.yml`), name);
        assert.deepStrictEqual(c.healthcheck.tests.slice(0, 1), ["CMD-SHELL"]);
        assert.match(c.healthcheck.tests[1], new RegExp(`cat ${webDir}/probe-authorization`));
      }
      assert.ok(run.secretOutputs.includes("webPassword"));
    });

    it("refuses web credentials while access control is off, and half a TLS pair", async () => {
      await assert.rejects(runProgram({ stack: "dev", secrets: { webPassword: "x" } }), /alerting:web\.auth: false is off while webPassword is set/);
      await assert.rejects(runProgram({ stack: "prod", fakeSecrets: true, secrets: { webTlsCert: "c" } }), /alerting:webTlsKey: is required with webTlsCert/);
      await assert.rejects(
        runProgram({ stack: "prod", fakeSecrets: true, config: { webPassword: "plain" } }),
        /alerting:webPassword: is a credential set in plain text/,
      );
    });
  });

  it("the Kubernetes secrets stay out of every ConfigMap", async () => {
    const run = await runProgram({ stack: "prod", fakeSecrets: true, secrets: { webPassword: "canary-web-password-42" } });
    for (const cm of byKind(run.resources, "ConfigMap")) assert.ok(!JSON.stringify(cm.inputs).includes("canary-web-password-42"));
  });
});
