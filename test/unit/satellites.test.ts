/** config/satellites.ts and the renders it drives: roles, validation messages, a satellite's prometheus.yml, a central's web users. */
import * as assert from "assert";
import { parse } from "yaml";
import { buildSpec } from "../../config/spec";
import { formatIssue } from "../../config/errors";
import { withCentralResolved } from "../../config/satellites";
import { renderPrometheusConfig } from "../../components/render/prometheus";
import { renderRuleFiles } from "../../components/render/rules";
import { renderWebConfig } from "../../components/render/web";
import { CONTAINER_PROMETHEUS_PATHS } from "../../components/render/paths";
import { issues, Values, warnings } from "../support/config-values";

const CENTRAL_URLS = ["https://am-0.alerts.example.com", "https://am-1.alerts.example.com", "https://am-2.alerts.example.com"];
const satellite = (central: Values = {}, extra: Values = {}): Values => ({
  target: "kubernetes",
  cluster: "a",
  central: { alertmanagers: CENTRAL_URLS, ...central },
  centralPassword: "s3cret",
  ...extra,
});
const SECRET = ["centralPassword"];
const messages = (values: Values, secretKeys = SECRET) => issues(values, secretKeys).map(formatIssue);
const spec = (values: Values, secretKeys = SECRET, stack?: string) => buildSpec({ values, secretKeys: new Set(secretKeys), stack });
const rendered = (values: Values, secretKeys = SECRET) =>
  parse(renderPrometheusConfig(spec(values, secretKeys), { paths: CONTAINER_PROMETHEUS_PATHS, alertmanagers: [], prometheuses: ["localhost:9090"] }));

describe("satellites: roles and the cluster label", () => {
  it("the cluster label defaults to the stack name, and alerting:cluster overrides it", () => {
    assert.strictEqual(spec({ target: "local" }, [], "staging").cluster, "staging");
    assert.strictEqual(spec({ target: "local", cluster: "eu-1" }, [], "staging").cluster, "eu-1");
  });

  it("every stack's prometheus.yml carries the cluster label as an external label", () => {
    const config = parse(
      renderPrometheusConfig(spec({ target: "local" }, [], "dev"), {
        paths: CONTAINER_PROMETHEUS_PATHS,
        alertmanagers: ["alertmanager-0:9093"],
        prometheuses: ["localhost:9090"],
      }),
    );
    assert.deepStrictEqual(config.global.external_labels, { cluster: "dev" });
  });

  it("a stack is standalone, a central (satellites) or a satellite (central)", () => {
    assert.strictEqual(spec({ target: "local" }, []).role, "standalone");
    assert.strictEqual(spec(satellite()).role, "satellite");
    const central = spec(
      {
        target: "kubernetes",
        receivers: [{ name: "x" }],
        route: { receiver: "x" },
        routes: [],
        inhibitRules: [],
        satellites: { host: "alerts.example.com", tlsSecretName: "tls", clients: [{ name: "a" }] },
      },
      [],
      "prod",
    );
    assert.strictEqual(central.role, "central");
    assert.deepStrictEqual(central.satellites?.alertmanagers, CENTRAL_URLS);
    assert.deepStrictEqual(central.satellites?.clients, [{ name: "a", password: { from: "generated" } }]);
    assert.strictEqual(central.satellites?.controllerNamespace, "ingress-nginx");
  });

  it("a satellite reads no receiver credential: its receivers are the central's", () => {
    assert.deepStrictEqual(spec(satellite()).credentials, []);
    assert.deepStrictEqual(
      spec(satellite()).scrapeCredentials.map((c) => c.key),
      ["centralPassword"],
    );
  });
});

describe("satellites: validation", () => {
  it("central and satellites both set", () => {
    const values = satellite({}, { satellites: { host: "alerts.example.com", tlsSecretName: "tls", clients: [{ name: "b" }] } });
    assert.ok(
      messages(values).includes(
        "alerting:central: is set together with alerting:satellites; a stack is either a satellite (central) or a central (satellites), not both",
      ),
      messages(values).join("\n"),
    );
  });

  it("central with neither stack nor alertmanagers", () => {
    assert.deepStrictEqual(messages({ target: "kubernetes", central: {}, centralPassword: "x" }), [
      'alerting:central: {"passwordCredential":"centralPassword"} names neither stack nor alertmanagers; set central.stack (a StackReference to the central stack) or central.alertmanagers (one https URL per central replica)',
    ]);
  });

  it("an http URL to the central", () => {
    assert.deepStrictEqual(messages(satellite({ alertmanagers: ["https://am-0.alerts.example.com", "http://am-1.alerts.example.com"] })), [
      'alerting:central.alertmanagers[1]: "http://am-1.alerts.example.com" is not an https URL; a satellite sends to its central over TLS only, e.g. https://am-0.alerts.example.com',
    ]);
  });

  it("a stack name that is not <organization>/<project>/<stack>", () => {
    assert.deepStrictEqual(messages(satellite({ alertmanagers: undefined, stack: "prod" })), [
      'alerting:central.stack: "prod" is not a fully qualified stack name; use <organization>/<project>/<stack>, e.g. acme/alerting/prod',
    ]);
  });

  it("without a StackReference, the satellite's password is required", () => {
    assert.deepStrictEqual(messages({ target: "kubernetes", central: { alertmanagers: CENTRAL_URLS } }, []), [
      "alerting:centralPassword: is required by alerting:central (this satellite's password; without central.stack nothing else supplies it); set it with: pulumi config set --secret centralPassword <value>",
    ]);
  });

  it("with a StackReference, the password may come from the central's output", () => {
    const s = spec({ target: "kubernetes", central: { stack: "acme/alerting/prod" } }, [], "a");
    assert.deepStrictEqual(s.central?.password, { file: "centralPassword", from: "stack" });
    assert.deepStrictEqual(s.central?.ca, { file: "centralCa", from: "stack" });
    assert.deepStrictEqual(s.scrapeCredentials, []);
  });

  it("the satellite's password in plain text is refused", () => {
    assert.deepStrictEqual(messages(satellite(), []), [
      "alerting:centralPassword: is a credential set in plain text; remove it and set it with: pulumi config set --secret centralPassword <value>",
    ]);
  });

  it("a client certificate without its key", () => {
    assert.deepStrictEqual(messages(satellite({ clientCertCredential: "centralCert" }, { centralCert: "pem" }), [...SECRET, "centralCert"]), [
      "alerting:central.clientKeyCredential: is required with the other one; a client certificate needs both the certificate and its key",
    ]);
  });

  it("a satellite with receivers and routes set: a warning each, they are unused", () => {
    assert.deepStrictEqual(
      warnings({
        target: "kubernetes",
        cluster: "a",
        central: { stack: "acme/alerting/prod" },
        receivers: [{ name: "x" }],
        route: { receiver: "x" },
        routes: [],
        silences: [],
      }),
      [
        'alerting:route is set but unused: a satellite (alerting:central) runs no Alertmanager; the central stack\'s routing, silences and audit apply to its alerts (match them on cluster="a")',
        'alerting:receivers is set but unused: a satellite (alerting:central) runs no Alertmanager; the central stack\'s routing, silences and audit apply to its alerts (match them on cluster="a")',
        'alerting:routes is set but unused: a satellite (alerting:central) runs no Alertmanager; the central stack\'s routing, silences and audit apply to its alerts (match them on cluster="a")',
        'alerting:silences is set but unused: a satellite (alerting:central) runs no Alertmanager; the central stack\'s routing, silences and audit apply to its alerts (match them on cluster="a")',
      ],
    );
  });

  it("local.centralNetwork on a stack that is not a satellite: a warning, it is unused", () => {
    assert.deepStrictEqual(
      warnings({ target: "local", local: { centralNetwork: "alerting" } }).filter((w) => w.includes("centralNetwork")),
      ["alerting:local.centralNetwork is set but unused: only a satellite (alerting:central) joins a central's network; this stack is standalone"],
    );
  });

  it("a central without web access control, and a client named like the web user or twice", () => {
    const central = { host: "alerts.example.com", tlsSecretName: "tls", clients: [{ name: "alerting" }, { name: "a" }, { name: "a" }] };
    assert.deepStrictEqual(
      messages({ target: "kubernetes", web: { auth: false }, satellites: central }, []).filter((m) => /web\.auth|satellites/.test(m)),
      [
        "alerting:web.auth: false is off while alerting:satellites is set; a central checks every satellite's credentials, so web access control must be on",
        'alerting:satellites.clients[0].name: "alerting" is the web user (alerting:web.username); give each satellite a user of its own',
        'alerting:satellites.clients[2].name: "a" is defined twice; each satellite is one client',
      ],
    );
  });

  it("the cluster label as an external label: its value is the cluster's, unless alerting:cluster says otherwise", () => {
    assert.strictEqual(spec({ target: "local", prometheus: { externalLabels: { cluster: "x" } } }, [], "dev").cluster, "x");
    assert.deepStrictEqual(messages({ target: "local", cluster: "x", prometheus: { externalLabels: { cluster: "x" } } }, []), []);
    assert.deepStrictEqual(messages({ target: "local", cluster: "y", prometheus: { externalLabels: { cluster: "x" } } }, []), [
      'alerting:prometheus.externalLabels.cluster: "x" differs from alerting:cluster ("y"), which sets the same label; keep one of them',
    ]);
  });
});

describe("satellites: a satellite's prometheus.yml", () => {
  it("sends to every central replica over https with basic auth from a file, drops the replica label, scrapes no Alertmanager", () => {
    const config = rendered(satellite({}, { prometheus: { replicas: 2 } }));
    assert.deepStrictEqual(config.alerting, {
      alert_relabel_configs: [{ action: "labeldrop", regex: "prometheus_replica" }],
      alertmanagers: [
        {
          api_version: "v2",
          scheme: "https",
          basic_auth: { username: "a", password_file: "/etc/prometheus/secrets/centralPassword" },
          static_configs: [{ targets: ["am-0.alerts.example.com:443", "am-1.alerts.example.com:443", "am-2.alerts.example.com:443"] }],
        },
      ],
    });
    assert.deepStrictEqual(config.global.external_labels, { cluster: "a", prometheus_replica: "${PROMETHEUS_REPLICA}" });
    assert.deepStrictEqual(
      config.scrape_configs.map((j: { job_name: string }) => j.job_name),
      ["prometheus"],
    );
  });

  it("a path becomes path_prefix; the CA and client certificate are files; the user name may be set", () => {
    const values = satellite(
      {
        alertmanagers: ["https://central.example.com:8443/am-0", "https://central.example.com:8443/am-1"],
        username: "cluster-a",
        caCredential: "centralCa",
        clientCertCredential: "centralCert",
        clientKeyCredential: "centralKey",
      },
      { centralCa: "ca", centralCert: "cert", centralKey: "key" },
    );
    const config = rendered(values, [...SECRET, "centralCa", "centralCert", "centralKey"]);
    const tls = {
      ca_file: "/etc/prometheus/secrets/centralCa",
      cert_file: "/etc/prometheus/secrets/centralCert",
      key_file: "/etc/prometheus/secrets/centralKey",
    };
    assert.deepStrictEqual(
      config.alerting.alertmanagers.map((a: Record<string, unknown>) => [a.path_prefix, a.basic_auth, a.tls_config, a.static_configs]),
      ["/am-0", "/am-1"].map((prefix) => [
        prefix,
        { username: "cluster-a", password_file: "/etc/prometheus/secrets/centralPassword" },
        tls,
        [{ targets: ["central.example.com:8443"] }],
      ]),
    );
  });

  it("with a StackReference, the URLs and the CA are filled in once the central's outputs are known", () => {
    const s = spec({ target: "kubernetes", central: { stack: "acme/alerting/prod" } }, [], "a");
    assert.throws(
      () => renderPrometheusConfig(s, { paths: CONTAINER_PROMETHEUS_PATHS, alertmanagers: [], prometheuses: [] }),
      /needs the central's Alertmanager URLs/,
    );
    const withCa = parse(
      renderPrometheusConfig(withCentralResolved(s, CENTRAL_URLS.slice(0, 2), true), {
        paths: CONTAINER_PROMETHEUS_PATHS,
        alertmanagers: [],
        prometheuses: [],
      }),
    );
    assert.deepStrictEqual(withCa.alerting.alertmanagers[0].tls_config, { ca_file: "/etc/prometheus/secrets/centralCa" });
    assert.deepStrictEqual(withCa.alerting.alertmanagers[0].static_configs, [{ targets: ["am-0.alerts.example.com:443", "am-1.alerts.example.com:443"] }]);
    const withoutCa = parse(
      renderPrometheusConfig(withCentralResolved(s, CENTRAL_URLS, false), { paths: CONTAINER_PROMETHEUS_PATHS, alertmanagers: [], prometheuses: [] }),
    );
    assert.strictEqual(withoutCa.alerting.alertmanagers[0].tls_config, undefined);
  });

  it("keeps the Prometheus-side meta rules and leaves the Alertmanager ones to the central", () => {
    const alerts = (s: ReturnType<typeof spec>) => parse(renderRuleFiles(s)["meta.yml"]).groups[0].rules.map((r: { alert: string }) => r.alert);
    const kept = alerts(withCentralResolved(spec(satellite({}, { prometheus: { replicas: 2 } })), CENTRAL_URLS, false));
    assert.deepStrictEqual(kept, [
      "Watchdog",
      "PrometheusNotConnectedToAlertmanagers",
      "PrometheusErrorSendingAlertsToAnyAlertmanager",
      "PrometheusRuleFailures",
      "PrometheusReplicaDown",
    ]);
    assert.ok(alerts(spec({ target: "local" }, [])).includes("AlertmanagerDown"));
  });
});

describe("satellites: a central's web config", () => {
  const web = { auth: true, username: "alerting", password: "generated" as const, tls: false, tlsCa: false };
  it("holds one bcrypt user per satellite beside the web user; a removed client is gone", () => {
    const both = parse(renderWebConfig(web, "$2b$10$web", "/etc/alertmanager/web", { a: "$2b$10$a", b: "$2b$10$b" }));
    assert.deepStrictEqual(both.basic_auth_users, { a: "$2b$10$a", b: "$2b$10$b", alerting: "$2b$10$web" });
    const revoked = parse(renderWebConfig(web, "$2b$10$web", "/etc/alertmanager/web", { a: "$2b$10$a" }));
    assert.deepStrictEqual(Object.keys(revoked.basic_auth_users), ["a", "alerting"]);
  });
});
