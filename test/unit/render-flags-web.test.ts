/** Command lines, web config, capture URLs and paths: exact outputs of the pure renderers. */
import * as assert from "assert";
import { parse } from "yaml";
import { captureCredentialValue, captureUrl } from "../../components/render/capture";
import { alertmanagerFlags, GOMEMLIMIT_RATIO, prometheusFlags, RECONNECT_TIMEOUT } from "../../components/render/flags";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS, credentialFile, TEMPLATE_FILE, WEB_FILES } from "../../components/render/paths";
import { basicAuthorization, probeCommand, renderWebConfig, webDirectoryFiles, webScheme } from "../../components/render/web";
import { toYaml } from "../../components/render/yaml";
import type { CredentialHolds } from "../../config/integrations";
import { AlertingSpec, buildSpec, CredentialKind, WebSpec } from "../../config/spec";
import { AM_PATHS, PROM_PATHS } from "../support/render-fixtures";

/** A local spec (no credentials needed) with the given replicas and web access control. */
function spec(replicas: number, auth: boolean, extra: Record<string, unknown> = {}): AlertingSpec {
  return buildSpec({
    values: { target: "local", alertmanager: { replicas, ...(extra.alertmanager as object) }, web: { auth }, prometheus: extra.prometheus ?? {} },
    secretKeys: new Set(),
  });
}

const AM_OPTIONS = {
  paths: AM_PATHS,
  webListenAddress: ":9093",
  externalUrl: "https://am.example.com",
  clusterListenAddress: "0.0.0.0:9094",
  peers: ["am-0:9094", "am-1:9094", "am-2:9094"],
};

describe("render/flags: the exact command lines", () => {
  const common = [
    "--config.file=/c/am.yml",
    "--storage.path=/data",
    "--data.retention=120h",
    "--web.listen-address=:9093",
    "--web.external-url=https://am.example.com",
    "--web.route-prefix=/",
    "--log.level=info",
    "--dispatch.start-delay=120s",
    "--enable-feature=auto-gomemlimit",
    "--auto-gomemlimit.ratio=0.9",
  ];
  const cluster = [
    "--cluster.listen-address=0.0.0.0:9094",
    "--cluster.peer=am-0:9094",
    "--cluster.peer=am-1:9094",
    "--cluster.peer=am-2:9094",
    "--cluster.label=alerting",
    "--cluster.peer-timeout=15s",
    "--cluster.pushpull-interval=5s",
    "--cluster.reconnect-timeout=5m",
  ];
  const table: { replicas: number; auth: boolean; expected: string[] }[] = [
    { replicas: 1, auth: false, expected: [...common, "--cluster.listen-address="] },
    { replicas: 1, auth: true, expected: [...common, "--web.config.file=/c/web/web.yml", "--cluster.listen-address="] },
    { replicas: 3, auth: false, expected: [...common, ...cluster] },
    { replicas: 3, auth: true, expected: [...common, "--web.config.file=/c/web/web.yml", ...cluster] },
  ];
  for (const { replicas, auth, expected } of table) {
    it(`alertmanagerFlags: ${replicas} replica(s), web auth ${auth ? "on" : "off"}`, () => {
      assert.deepStrictEqual(alertmanagerFlags(spec(replicas, auth), AM_OPTIONS), expected);
    });
  }

  it("alertmanagerFlags: 2 replicas are a cluster too; the settings come from the spec", () => {
    const s = spec(2, false, { alertmanager: { retention: "48h", clusterLabel: "eu", peerTimeout: "30s", pushPullInterval: "1m", logLevel: "debug" } });
    assert.deepStrictEqual(alertmanagerFlags(s, { ...AM_OPTIONS, peers: ["a:1", "b:2"], clusterListenAddress: "1.2.3.4:9094" }), [
      "--config.file=/c/am.yml",
      "--storage.path=/data",
      "--data.retention=48h",
      "--web.listen-address=:9093",
      "--web.external-url=https://am.example.com",
      "--web.route-prefix=/",
      "--log.level=debug",
      "--dispatch.start-delay=120s",
      "--enable-feature=auto-gomemlimit",
      `--auto-gomemlimit.ratio=${GOMEMLIMIT_RATIO}`,
      "--cluster.listen-address=1.2.3.4:9094",
      "--cluster.peer=a:1",
      "--cluster.peer=b:2",
      "--cluster.label=eu",
      "--cluster.peer-timeout=30s",
      "--cluster.pushpull-interval=1m",
      `--cluster.reconnect-timeout=${RECONNECT_TIMEOUT}`,
    ]);
    assert.strictEqual(RECONNECT_TIMEOUT, "5m");
    assert.strictEqual(GOMEMLIMIT_RATIO, 0.9);
  });

  it("prometheusFlags: without and with web auth, the external URL served at /", () => {
    const o = { paths: PROM_PATHS, webListenAddress: ":9090", externalUrl: "https://prom.example.com/p" };
    const expected = [
      "--config.file=/p/prom.yml",
      "--storage.tsdb.path=/pdata",
      "--storage.tsdb.retention.time=15d",
      "--rules.alert.resend-delay=1m",
      "--web.listen-address=:9090",
      "--web.external-url=https://prom.example.com/p",
      "--web.route-prefix=/",
    ];
    assert.deepStrictEqual(prometheusFlags(spec(1, false), o), expected);
    assert.deepStrictEqual(prometheusFlags(spec(3, true), o), [...expected, "--web.config.file=/p/web/web.yml"]);
    assert.deepStrictEqual(prometheusFlags(spec(1, false, { prometheus: { retention: "30d" } }), { ...o, webListenAddress: "127.0.0.1:1" }), [
      "--config.file=/p/prom.yml",
      "--storage.tsdb.path=/pdata",
      "--storage.tsdb.retention.time=30d",
      "--rules.alert.resend-delay=1m",
      "--web.listen-address=127.0.0.1:1",
      "--web.external-url=https://prom.example.com/p",
      "--web.route-prefix=/",
    ]);
  });
});

describe("render/web", () => {
  const web = (over: Partial<WebSpec> = {}): WebSpec => ({ auth: true, username: "alerting", password: "generated", tls: false, tlsCa: false, ...over });

  it("renderWebConfig: the one user with its bcrypt hash", () => {
    assert.strictEqual(renderWebConfig(web(), "$2b$10$hash", "/w"), "basic_auth_users:\n  alerting: $2b$10$hash\n");
    assert.deepStrictEqual(parse(renderWebConfig(web({ username: "ops" }), "H", "/w")), { basic_auth_users: { ops: "H" } });
  });

  it("renderWebConfig: TLS server files first when TLS is on", () => {
    assert.deepStrictEqual(parse(renderWebConfig(web({ tls: true }), "H", "/etc/am/web")), {
      tls_server_config: { cert_file: "/etc/am/web/tls.crt", key_file: "/etc/am/web/tls.key" },
      basic_auth_users: { alerting: "H" },
    });
    assert.ok(renderWebConfig(web({ tls: true }), "H", "/w").startsWith("tls_server_config:"));
  });

  it("basicAuthorization: the header value", () => {
    assert.strictEqual(basicAuthorization("alerting", "s3cret"), `Basic ${Buffer.from("alerting:s3cret").toString("base64")}`);
    assert.strictEqual(basicAuthorization("a", "b"), "Basic YTpi");
  });

  it("webDirectoryFiles: web.yml, password and probe header; TLS files only with TLS, the CA defaulting to the certificate", () => {
    const files = webDirectoryFiles(web(), { password: "pw", passwordHash: "H" }, "/w");
    assert.deepStrictEqual(files, { "web.yml": "basic_auth_users:\n  alerting: H\n", password: "pw", "probe-authorization": "Basic YWxlcnRpbmc6cHc=" });
    const tls = webDirectoryFiles(web({ tls: true }), { password: "pw", passwordHash: "H", tls: { cert: "C", key: "K" } }, "/w");
    assert.deepStrictEqual(Object.keys(tls), ["web.yml", "password", "probe-authorization", "tls.crt", "tls.key", "ca.crt"]);
    assert.deepStrictEqual([tls["tls.crt"], tls["tls.key"], tls["ca.crt"]], ["C", "K", "C"]);
    const ca = webDirectoryFiles(web({ tls: true }), { password: "pw", passwordHash: "H", tls: { cert: "C", key: "K", ca: "A" } }, "/w");
    assert.strictEqual(ca["ca.crt"], "A");
  });

  it("webScheme", () => {
    assert.strictEqual(webScheme(web()), "http");
    assert.strictEqual(webScheme(web({ tls: true })), "https");
  });

  it("probeCommand: busybox wget with the mounted header, https without certificate checks under TLS", () => {
    const plain = { web: web() } as AlertingSpec;
    assert.strictEqual(
      probeCommand(plain, 9093, "/w", "/-/healthy"),
      'wget -q -O /dev/null --header "Authorization: $(cat /w/probe-authorization)" http://127.0.0.1:9093/-/healthy',
    );
    const tls = { web: web({ tls: true }) } as AlertingSpec;
    assert.strictEqual(
      probeCommand(tls, 9090, "/p", "/-/ready"),
      'wget -q -O /dev/null --no-check-certificate --header "Authorization: $(cat /p/probe-authorization)" https://127.0.0.1:9090/-/ready',
    );
  });
});

describe("render/paths, capture and yaml", () => {
  it("container paths and web file names", () => {
    assert.deepStrictEqual(CONTAINER_ALERTMANAGER_PATHS, {
      configFile: "/etc/alertmanager/config/alertmanager.yml",
      templatesDir: "/etc/alertmanager/templates",
      secretsDir: "/etc/alertmanager/secrets",
      storageDir: "/alertmanager",
      webDir: "/etc/alertmanager/web",
    });
    assert.deepStrictEqual(CONTAINER_PROMETHEUS_PATHS, {
      configFile: "/etc/prometheus/config/prometheus.yml",
      rulesDir: "/etc/prometheus/rules",
      secretsDir: "/etc/prometheus/secrets",
      storageDir: "/prometheus",
      webDir: "/etc/prometheus/web",
    });
    assert.deepStrictEqual(WEB_FILES, {
      config: "web.yml",
      password: "password",
      probeAuthorization: "probe-authorization",
      cert: "tls.crt",
      key: "tls.key",
      ca: "ca.crt",
    });
    assert.strictEqual(TEMPLATE_FILE, "notifications.tmpl");
    assert.strictEqual(credentialFile(AM_PATHS, "slackWebhookUrl"), "/c/s/slackWebhookUrl");
  });

  it("captureUrl: one path per kind and key, whatever the trailing slash", () => {
    assert.strictEqual(captureUrl("http://capture:9099", "slack", "slackWebhookUrl"), "http://capture:9099/slack/slackWebhookUrl");
    assert.strictEqual(captureUrl("http://capture:9099/", "pagerduty", "k"), "http://capture:9099/pagerduty/k");
    assert.strictEqual(captureUrl("http://capture:9099/x/", "webhook", "k"), "http://capture:9099/x/webhook/k");
    assert.strictEqual(captureUrl("http://c//", "webhook", "k"), "http://c//webhook/k");
  });

  it("captureCredentialValue: a URL for URL-holding kinds, the key's own name for a key, stand-in AWS keys for a shared-credentials file", () => {
    const base = "http://capture:9099";
    const value = (key: string, kind: CredentialKind, holds: CredentialHolds) =>
      captureCredentialValue(base, { key, kinds: [kind], usedBy: ["a"], holds, source: "capture" });
    assert.strictEqual(value("slackWebhookUrl", "slack", "url"), "http://capture:9099/slack/slackWebhookUrl");
    assert.strictEqual(value("pd", "pagerduty", "key"), "pd");
    assert.strictEqual(value("hook", "webhook", "url"), "http://capture:9099/webhook/hook");
    assert.strictEqual(value("smtpPassword", "smtp", "key"), "smtpPassword");
    assert.strictEqual(value("aws", "sns", "awsSharedCredentials"), "[default]\naws_access_key_id = aws\naws_secret_access_key = capture-only\n");
  });

  it("toYaml: no line folding, no aliases", () => {
    const long = "x ".repeat(100).trim();
    assert.strictEqual(toYaml({ a: long }), `a: ${long}\n`);
    const shared = { k: "v" };
    assert.strictEqual(toYaml({ a: shared, b: shared }), "a:\n  k: v\nb:\n  k: v\n");
  });
});
