/** policy/satellites.ts: a Prometheus sending alerts out of its cluster uses TLS and reads its credentials from files. */
import * as assert from "assert";
import { stringify } from "yaml";
import { configMap, dockerContainer, messages } from "./support";

const POLICY = "alertmanager-connections-secure";

/** A prometheus.yml whose only alertmanagers entry is `entry`. */
const prometheusYml = (entry: Record<string, unknown>) =>
  stringify({ global: { scrape_interval: "30s" }, alerting: { alertmanagers: [{ api_version: "v2", ...entry }] }, scrape_configs: [] });
const targets = (...t: string[]) => ({ static_configs: [{ targets: t }] });
const secure = {
  scheme: "https",
  basic_auth: { username: "a", password_file: "/etc/prometheus/secrets/centralPassword" },
  tls_config: { ca_file: "/etc/prometheus/secrets/centralCa" },
  ...targets("am-0.alerts.example.com:443", "am-1.alerts.example.com:443"),
};
const inConfigMap = (entry: Record<string, unknown>) => messages([configMap({ "prometheus.yml": prometheusYml(entry) })], POLICY);

describe("alertmanager-connections-secure", () => {
  it("a satellite sending over https with files: clean", async () => assert.deepStrictEqual(await inConfigMap(secure), []));

  it("in-cluster, loopback and docker-network Alertmanagers may be plain http", async () => {
    const local = targets(
      "alertmanager-0.alertmanager-cluster.monitoring.svc:9093",
      "am.monitoring.svc.cluster.local:9093",
      "127.0.0.1:9093",
      "localhost:9094",
      "alerting-alertmanager-0:9093",
    );
    assert.deepStrictEqual(await inConfigMap({ scheme: "http", ...local }), []);
  });

  it("a remote Alertmanager without TLS", async () => {
    assert.deepStrictEqual(await inConfigMap({ ...secure, scheme: "http" }), [
      'ConfigMap key "prometheus.yml": alertmanagers[0] sends to am-0.alerts.example.com:443, am-1.alerts.example.com:443 without TLS; use scheme: https.',
    ]);
    assert.deepStrictEqual(await inConfigMap({ ...secure, scheme: undefined, ...targets("10.1.2.3:9093") }), [
      'ConfigMap key "prometheus.yml": alertmanagers[0] sends to 10.1.2.3:9093 without TLS; use scheme: https.',
    ]);
  });

  it("a remote Alertmanager whose certificate is not checked", async () => {
    assert.deepStrictEqual(await inConfigMap({ ...secure, tls_config: { insecure_skip_verify: true } }), [
      'ConfigMap key "prometheus.yml": alertmanagers[0] sends to am-0.alerts.example.com:443, am-1.alerts.example.com:443 without checking its certificate; drop insecure_skip_verify and set tls_config.ca_file.',
    ]);
  });

  it("an inline password, bearer token or client key, wherever the Alertmanager is", async () => {
    assert.deepStrictEqual(await inConfigMap({ ...secure, basic_auth: { username: "a", password: "hunter2" } }), [
      'ConfigMap key "prometheus.yml": alertmanagers[0] has an inline basic_auth.password; use basic_auth.password_file.',
    ]);
    assert.deepStrictEqual(await inConfigMap({ ...targets("localhost:9093"), authorization: { credentials: "token" }, tls_config: { key: "PEM" } }), [
      'ConfigMap key "prometheus.yml": alertmanagers[0] has an inline authorization.credentials; use authorization.credentials_file.',
      'ConfigMap key "prometheus.yml": alertmanagers[0] has an inline tls_config.key; use tls_config.key_file.',
    ]);
  });

  it("a docker upload of prometheus.yml is read too; other files and text are not Prometheus configs", async () => {
    const container = dockerContainer({
      uploads: [
        { file: "/etc/prometheus/prometheus.yml", content: prometheusYml({ ...secure, scheme: "http" }) },
        { file: "/etc/notes.txt", content: "alerting: [not: a: config" },
      ],
    });
    assert.deepStrictEqual(await messages([container], POLICY), [
      "file /etc/prometheus/prometheus.yml: alertmanagers[0] sends to am-0.alerts.example.com:443, am-1.alerts.example.com:443 without TLS; use scheme: https.",
    ]);
  });
});
