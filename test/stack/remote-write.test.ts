/** Remote write credentials reach Prometheus the way scrape credentials do: the prometheus-credentials Secret, or uploads on local. */
import * as assert from "assert";
import { runProgram } from "../../offline/program";
import { container, one, unwrap, yamlOf } from "../support/resources";

const remoteWrite = [
  { name: "mimir", url: "https://mimir.example.com/api/v1/push", basicAuth: { username: "prom", passwordCredential: "rwPassword" } },
  { name: "thanos", url: "https://thanos.example.com/api/v1/receive", bearerTokenCredential: "rwToken" },
];
const secrets = { rwPassword: "pw-canary", rwToken: "token-canary" };

describe("stack: remote write credentials as files, never inline", () => {
  it("Kubernetes: in the prometheus-credentials Secret beside the scrape credentials, mounted where remote_write points", async () => {
    const scrapeJobs = [{ name: "db", targets: ["db:9187"], bearerTokenCredential: "dbToken" }];
    const { resources } = await runProgram({
      stack: "prod",
      fakeSecrets: true,
      config: { prometheus: { scrapeJobs, remoteWrite } },
      secrets: { ...secrets, dbToken: "db-canary" },
    });
    assert.deepStrictEqual(unwrap(one(resources, "Secret", "prometheus-credentials").stringData), { dbToken: "db-canary", ...secrets });
    const pod = one(resources, "StatefulSet", "prometheus").spec.template.spec;
    assert.deepStrictEqual(
      pod.containers[0].volumeMounts.find((m: any) => m.name === "credentials"),
      { name: "credentials", mountPath: "/etc/prometheus/secrets", readOnly: true },
    );
    const config = one(resources, "ConfigMap", "prometheus-config").data["prometheus.yml"];
    assert.deepStrictEqual(
      yamlOf(config).remote_write.map((e: any) => [e.name, e.basic_auth ?? e.authorization]),
      [
        ["mimir", { username: "prom", password_file: "/etc/prometheus/secrets/rwPassword" }],
        ["thanos", { type: "Bearer", credentials_file: "/etc/prometheus/secrets/rwToken" }],
      ],
    );
    assert.ok(!unwrap(one(resources, "Secret", "alertmanager-credentials").stringData).rwToken, "Alertmanager does not get Prometheus' credentials");
  });

  it("local: uploaded into the Prometheus container only", async () => {
    const { resources } = await runProgram({ stack: "dev", config: { prometheus: { remoteWrite } }, secrets });
    const uploads = (name: string) =>
      unwrap(container(resources, name).uploads)
        .filter((u: any) => u.file.includes("/secrets/"))
        .map((u: any) => [u.file, unwrap(u.content)]);
    assert.deepStrictEqual(
      uploads("alerting-prometheus"),
      Object.entries(secrets).map(([k, v]) => [`/etc/prometheus/secrets/${k}`, v]),
    );
    assert.ok(!JSON.stringify(uploads("alerting-alertmanager-0")).includes("canary"));
  });

  it("a missing remote write credential stops the program, naming the key, the endpoint and its use", async () => {
    await assert.rejects(
      runProgram({ stack: "dev", config: { prometheus: { remoteWrite } }, secrets: { rwPassword: "p" } }),
      /alerting:rwToken: is required by remote write thanos \(bearer token\); set it with: pulumi config set --secret rwToken <value>/,
    );
  });
});
