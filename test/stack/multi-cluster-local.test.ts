/**
 * Both roles on the local target under Pulumi's mocks: a local central publishes every replica on
 * its docker network as `am-<i>.<host>` with TLS and one user per satellite, and exports what its
 * satellites need; a local satellite runs only Prometheus, joined to the central's network, sending
 * to every replica with its credentials as files, from config or from a StackReference.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CENTRAL_OUTPUTS } from "../../config/satellites";
import { alertingValues, isSecret, ProgramError, ProgramRun, ROOT, runProgram, stackConfig } from "../../offline/program";
import { runPolicies } from "../../offline/policy-runner";
import { policies } from "../../policy/policies";
import { container, containers, unwrap, yamlOf } from "../support/resources";

const HOST = "alerts.laptop.test";
const CENTRAL = {
  cluster: "central",
  web: { auth: true },
  alertmanager: { replicas: 3 },
  satellites: {
    host: HOST,
    tlsSecretName: "unused-on-local",
    caCredential: "satellitesCa",
    clients: [{ name: "a" }, { name: "b", passwordCredential: "satelliteBPassword" }],
  },
};
const CENTRAL_SECRETS = { webTlsCert: "fake-cert-pem", webTlsKey: "fake-key-pem", satellitesCa: "fake-ca-pem", satelliteBPassword: "b-password-given" };
const REPLICA_URLS = [0, 1, 2].map((i) => `https://am-${i}.${HOST}:9093`);
const SATELLITE_LOCAL = { namePrefix: "satellite-a", centralNetwork: "alerting", prometheusPort: 9190 };

const uploaded = (inputs: any): Record<string, string> => Object.fromEntries((unwrap(inputs.uploads) as any[]).map((u) => [u.file, unwrap(u.content)]));
/** Uploads whose content the engine gets as a secret. */
const secretUploads = (inputs: any): string[] =>
  (unwrap(inputs.uploads) as any[]).filter((u) => isSecret(u.content) || isSecret(inputs.uploads)).map((u) => u.file);

describe("stack (local target as a central)", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runProgram({ stack: "dev", config: CENTRAL, secrets: CENTRAL_SECRETS });
  });

  it("gives each replica its satellite name am-<i>.<host> on the stack's network, beside its container name", () => {
    for (const i of [0, 1, 2]) {
      assert.deepStrictEqual(container(run.resources, `alerting-alertmanager-${i}`).networksAdvanced, [
        { name: "alerting", aliases: [`alerting-alertmanager-${i}`, `am-${i}.${HOST}`] },
      ]);
    }
  });

  it("serves TLS and one basic auth user per satellite beside the web user, on Alertmanager only", () => {
    const web = yamlOf(uploaded(container(run.resources, "alerting-alertmanager-0"))["/etc/alertmanager/web/web.yml"]);
    assert.ok(web.tls_server_config, "no TLS in Alertmanager's web config");
    assert.deepStrictEqual(Object.keys(web.basic_auth_users).sort(), ["a", "alerting", "b"]);
    for (const hash of Object.values(web.basic_auth_users)) assert.match(String(hash), /^\$2[aby]\$10\$/);
    const promWeb = yamlOf(uploaded(container(run.resources, "alerting-prometheus"))["/etc/prometheus/web/web.yml"]);
    assert.deepStrictEqual(Object.keys(promWeb.basic_auth_users), ["alerting"]);
    assert.ok(secretUploads(container(run.resources, "alerting-alertmanager-0")).includes("/etc/alertmanager/web/web.yml"), "web config not a secret");
  });

  it("exports every replica's URL on the shared network, and the satellites' passwords as a secret", () => {
    assert.deepStrictEqual(run.outputs[CENTRAL_OUTPUTS.alertmanagers], REPLICA_URLS);
    assert.ok(run.secretOutputs.includes(CENTRAL_OUTPUTS.access), `secret outputs: ${run.secretOutputs}`);
    const access = run.outputs[CENTRAL_OUTPUTS.access] as { ca?: string; passwords: Record<string, string> };
    assert.strictEqual(access.ca, "fake-ca-pem");
    assert.deepStrictEqual(Object.keys(access.passwords).sort(), ["a", "b"]);
    assert.strictEqual(access.passwords.b, "b-password-given");
    assert.ok(access.passwords.a.length >= 32, "a's password is not the generated one");
  });

  it("is policy-clean, mandatory and advisory", async () => {
    assert.deepStrictEqual((await runPolicies(run.resources, policies)).violations, []);
  });

  it("removing a client removes its user and nothing else changes on Prometheus", async () => {
    const revoked = await runProgram({
      stack: "dev",
      config: { ...CENTRAL, satellites: { ...CENTRAL.satellites, clients: [CENTRAL.satellites.clients[1]] } },
      secrets: CENTRAL_SECRETS,
    });
    const web = yamlOf(uploaded(container(revoked.resources, "alerting-alertmanager-0"))["/etc/alertmanager/web/web.yml"]);
    assert.deepStrictEqual(Object.keys(web.basic_auth_users).sort(), ["alerting", "b"]);
    assert.deepStrictEqual(container(revoked.resources, "alerting-prometheus"), container(run.resources, "alerting-prometheus"));
  });
});

describe("stack (local target as a satellite)", () => {
  const SATELLITE = {
    cluster: "a",
    local: SATELLITE_LOCAL,
    central: { alertmanagers: REPLICA_URLS, caCredential: "centralCa" },
  };
  let run: ProgramRun;
  before(async () => {
    run = await runProgram({ stack: "dev", config: SATELLITE, secrets: { centralPassword: "a-password", centralCa: "fake-ca-pem" } });
  });

  it("runs only Prometheus (no Alertmanager, no capture), on its own network and the central's", () => {
    assert.deepStrictEqual(
      containers(run.resources).map((c) => c.inputs.name),
      ["satellite-a-prometheus"],
    );
    assert.deepStrictEqual(
      container(run.resources, "satellite-a-prometheus").networksAdvanced.map((n: any) => n.name),
      ["satellite-a", "alerting"],
    );
    assert.deepStrictEqual(
      run.resources.filter((r) => r.type === "docker:index/network:Network").map((r) => r.inputs.name),
      ["satellite-a"],
    );
    assert.deepStrictEqual(run.outputs.alertmanagerUrls, REPLICA_URLS);
  });

  it("sends to every central replica over https as its cluster's user, with the password and CA as files", () => {
    const files = uploaded(container(run.resources, "satellite-a-prometheus"));
    const config = yamlOf(files["/etc/prometheus/config/prometheus.yml"]);
    const [am] = config.alerting.alertmanagers;
    assert.strictEqual(config.alerting.alertmanagers.length, 1);
    assert.strictEqual(am.scheme, "https");
    assert.deepStrictEqual(
      am.static_configs[0].targets,
      [0, 1, 2].map((i) => `am-${i}.${HOST}:9093`),
    );
    assert.strictEqual(am.basic_auth.username, "a");
    assert.strictEqual(files[am.basic_auth.password_file], "a-password");
    assert.strictEqual(files[am.tls_config.ca_file], "fake-ca-pem");
    assert.strictEqual(config.global.external_labels.cluster, "a");
    assert.ok(!config.scrape_configs.some((j: any) => j.job_name === "alertmanager"), "scrapes an Alertmanager it does not run");
    const secret = secretUploads(container(run.resources, "satellite-a-prometheus"));
    for (const f of [am.basic_auth.password_file, am.tls_config.ca_file]) assert.ok(secret.includes(f), `${f} is not a secret upload`);
  });

  it("is policy-clean, mandatory and advisory", async () => {
    assert.deepStrictEqual((await runPolicies(run.resources, policies)).violations, []);
  });

  it("takes the central's URLs, CA and its own password from a StackReference to the central", async () => {
    const ref = "acme/alerting/laptop-central";
    const viaStack = await runProgram({
      stack: "dev",
      config: { cluster: "a", local: SATELLITE_LOCAL, central: { stack: ref } },
      stackOutputs: {
        [ref]: {
          [CENTRAL_OUTPUTS.alertmanagers]: REPLICA_URLS,
          [CENTRAL_OUTPUTS.access]: { ca: "exported-ca-pem", passwords: { a: "exported-a-password", b: "not-a's" } },
        },
      },
    });
    assert.ok(
      viaStack.resources.some((r) => r.type === "pulumi:pulumi:StackReference" && r.inputs.name === ref),
      "no StackReference to the central",
    );
    const files = uploaded(container(viaStack.resources, "satellite-a-prometheus"));
    const [am] = yamlOf(files["/etc/prometheus/config/prometheus.yml"]).alerting.alertmanagers;
    assert.deepStrictEqual(
      am.static_configs[0].targets,
      [0, 1, 2].map((i) => `am-${i}.${HOST}:9093`),
    );
    assert.strictEqual(files[am.basic_auth.password_file], "exported-a-password");
    assert.strictEqual(files[am.tls_config.ca_file], "exported-ca-pem");
    assert.ok(!JSON.stringify(viaStack.outputs).includes("exported-a-password"), "the central's password reached an output");
  });
});

describe("stack (local multi-cluster: invalid configurations)", () => {
  const rejects = (title: string, config: Record<string, unknown>, secrets: Record<string, string>, expect: string[]) =>
    it(title, async () => {
      await assert.rejects(runProgram({ stack: "dev", config, secrets }), (err: ProgramError) => {
        for (const text of expect) assert.ok(err.message.includes(text), `expected ${JSON.stringify(text)} in:\n${err.message}`);
        assert.deepStrictEqual(
          err.resources.map((r) => r.name),
          [],
        );
        return true;
      });
    });
  const satellite = { cluster: "a", central: { alertmanagers: REPLICA_URLS } };
  rejects("a local satellite without the central's network", satellite, { centralPassword: "p" }, [
    "alerting:local.centralNetwork",
    "is required for a local satellite",
  ]);
  rejects("a local satellite whose central network is its own", { ...satellite, local: { centralNetwork: "alerting" } }, { centralPassword: "p" }, [
    'alerting:local.centralNetwork: "alerting" is this satellite\'s own network',
  ]);
  rejects("a local central without a TLS certificate", CENTRAL, { satelliteBPassword: "p", satellitesCa: "ca" }, [
    "alerting:webTlsCert",
    "alerting:webTlsKey",
    "over HTTPS",
  ]);
});

describe('docs/multi-cluster.md, "Both roles on one laptop": its two stack files as written', () => {
  const SECTION = "## Both roles on one laptop";
  const CENTRAL_REF = "organization/alerting/laptop-central";
  let central: ProgramRun;
  let satellite: ProgramRun;
  before(async () => {
    const doc = readFileSync(path.join(ROOT, "docs", "multi-cluster.md"), "utf8");
    const start = doc.indexOf(SECTION);
    assert.ok(start >= 0, `docs/multi-cluster.md has no section "${SECTION}"`);
    const end = doc.indexOf("\n## ", start + SECTION.length);
    const section = doc.slice(start, end < 0 ? undefined : end);
    const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => alertingValues(parse(m[1].replace(/^ {3}/gm, "")), "docs/multi-cluster.md"));
    assert.strictEqual(blocks.length, 2, "expected the central's and the satellite's stack file");
    const [centralValues, satelliteValues] = blocks;
    // The stack file as written: the dev stack's own keys left out.
    const fromDoc = (values: Record<string, unknown>) => ({
      stack: "dev",
      config: values,
      unset: Object.keys(stackConfig("dev")).filter((k) => !(k in values)),
    });
    central = await runProgram({
      ...fromDoc(centralValues),
      secrets: { webTlsCert: "fake-cert-pem", webTlsKey: "fake-key-pem", webTlsCa: "fake-ca-pem", satellitesCa: "fake-ca-pem" },
    });
    // The satellite's StackReference reads what the central exported.
    satellite = await runProgram({ ...fromDoc(satelliteValues), stackOutputs: { [CENTRAL_REF]: central.outputs } });
  });

  it("the satellite sends to every replica of the central on the central's network, as client a with the exported password and CA", () => {
    const prometheus = containers(satellite.resources).map((r) => r.inputs);
    assert.deepStrictEqual(
      prometheus.map((c) => c.name),
      ["satellite-a-prometheus"],
    );
    assert.ok(prometheus[0].networksAdvanced.some((n: any) => n.name === "alerting"));
    const files = uploaded(prometheus[0]);
    const [am] = yamlOf(files["/etc/prometheus/config/prometheus.yml"]).alerting.alertmanagers;
    assert.deepStrictEqual(
      am.static_configs[0].targets,
      [0, 1, 2].map((i) => `am-${i}.alerts.laptop.test:9093`),
    );
    assert.strictEqual(am.basic_auth.username, "a");
    const access = central.outputs[CENTRAL_OUTPUTS.access] as { ca: string; passwords: Record<string, string> };
    assert.strictEqual(files[am.basic_auth.password_file], access.passwords.a);
    assert.strictEqual(files[am.tls_config.ca_file], "fake-ca-pem");
  });

  it("both stacks are policy-clean", async () => {
    for (const run of [central, satellite]) assert.deepStrictEqual((await runPolicies(run.resources, policies)).violations, []);
  });
});
