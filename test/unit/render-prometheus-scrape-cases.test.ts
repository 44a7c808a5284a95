/** components/render/prometheus.ts, a user's scrape job: each optional field set and unset, the rendered job exactly. */
import * as assert from "assert";
import { parse } from "yaml";
import { renderPrometheusConfig, scrapeCredentialFile } from "../../components/render/prometheus";
import { localSpec, PROM_PATHS } from "../support/render-fixtures";

const options = { paths: PROM_PATHS, alertmanagers: ["am-0:9093"], prometheuses: ["localhost:9090"] };
const SECRETS = { apiPassword: "pw", apiToken: "tok", apiCa: "ca", apiCert: "cert", apiKey: "key" };

/** The rendered prometheus.yml of one user job (the happy path below, with `extra`), the credentials it names set (and no others: an unused one is refused). */
function rendered(extra: Record<string, unknown> = {}): string {
  const named = Object.fromEntries(Object.entries(SECRETS).filter(([key]) => JSON.stringify(extra).includes(`"${key}"`)));
  return renderPrometheusConfig(localSpec({ prometheus: { scrapeJobs: [{ name: "api", targets: ["api:8080"], ...extra }] } }, named), options);
}
/** The user job, parsed: the third scrape config, after prometheus and alertmanager. */
const job = (extra: Record<string, unknown> = {}) => parse(rendered(extra)).scrape_configs[2];

const BASE = {
  job_name: "api",
  metrics_path: "/metrics",
  scheme: "http",
  fallback_scrape_protocol: "PrometheusText0.0.4",
  static_configs: [{ targets: ["api:8080"] }],
};

describe("render/prometheus: a scrape job's optional fields", () => {
  it("a job with only a name and targets renders no interval, no credentials, no tls_config and no relabel_configs", () => {
    assert.deepStrictEqual(job(), BASE);
    assert.deepStrictEqual(Object.keys(job()), ["job_name", "metrics_path", "scheme", "fallback_scrape_protocol", "static_configs"]);
  });

  it("scrapeInterval: the job's own scrape_interval, after job_name", () => {
    const rendered = job({ scrapeInterval: "15s" });
    assert.deepStrictEqual(rendered, { ...BASE, scrape_interval: "15s" });
    assert.deepStrictEqual(Object.keys(rendered).slice(0, 2), ["job_name", "scrape_interval"]);
  });

  it("basicAuth: the user name and the password credential's file", () => {
    assert.deepStrictEqual(job({ basicAuth: { username: "scraper", passwordCredential: "apiPassword" } }), {
      ...BASE,
      basic_auth: { username: "scraper", password_file: "/p/secrets/apiPassword" },
    });
  });

  it("bearerTokenCredential: a Bearer authorization read from the credential's file", () => {
    assert.deepStrictEqual(job({ bearerTokenCredential: "apiToken" }), {
      ...BASE,
      authorization: { type: "Bearer", credentials_file: "/p/secrets/apiToken" },
    });
    assert.strictEqual(scrapeCredentialFile(PROM_PATHS, "apiToken"), "/p/secrets/apiToken");
  });

  it("tls with nothing set: only insecure_skip_verify, false", () => {
    assert.deepStrictEqual(job({ tls: {} }), { ...BASE, tls_config: { insecure_skip_verify: false } });
  });

  it("tls.caCredential: ca_file alone", () => {
    assert.deepStrictEqual(job({ tls: { caCredential: "apiCa" } }), {
      ...BASE,
      tls_config: { ca_file: "/p/secrets/apiCa", insecure_skip_verify: false },
    });
  });

  it("tls.certCredential and keyCredential: cert_file and key_file, no ca_file", () => {
    assert.deepStrictEqual(job({ tls: { certCredential: "apiCert", keyCredential: "apiKey" } }), {
      ...BASE,
      tls_config: { cert_file: "/p/secrets/apiCert", key_file: "/p/secrets/apiKey", insecure_skip_verify: false },
    });
  });

  it("tls.serverName: server_name alone, as given", () => {
    assert.deepStrictEqual(job({ tls: { serverName: "api.internal" } }), {
      ...BASE,
      tls_config: { server_name: "api.internal", insecure_skip_verify: false },
    });
  });

  it("tls.insecureSkipVerify: true is rendered true", () => {
    assert.deepStrictEqual(job({ tls: { insecureSkipVerify: true } }), { ...BASE, tls_config: { insecure_skip_verify: true } });
  });

  it("relabelConfigs: pasted as they are, the default action filled in", () => {
    assert.deepStrictEqual(job({ relabelConfigs: [{ source_labels: ["__address__"], target_label: "instance" }] }), {
      ...BASE,
      relabel_configs: [{ source_labels: ["__address__"], target_label: "instance", action: "replace" }],
    });
  });

  it("every field set: the exact YAML of the job, in order", () => {
    const text = rendered({
      metricsPath: "/m",
      scheme: "https",
      scrapeInterval: "1m",
      bearerTokenCredential: "apiToken",
      tls: { caCredential: "apiCa", certCredential: "apiCert", keyCredential: "apiKey", serverName: "api.internal", insecureSkipVerify: true },
      relabelConfigs: [{ action: "labeldrop", regex: "tmp_.*" }],
    });
    const start = text.indexOf("  - job_name: api\n");
    assert.ok(start > 0, text);
    assert.strictEqual(
      text.slice(start),
      [
        "  - job_name: api",
        "    scrape_interval: 1m",
        "    metrics_path: /m",
        "    scheme: https",
        "    fallback_scrape_protocol: PrometheusText0.0.4",
        "    authorization:",
        "      type: Bearer",
        "      credentials_file: /p/secrets/apiToken",
        "    tls_config:",
        "      ca_file: /p/secrets/apiCa",
        "      cert_file: /p/secrets/apiCert",
        "      key_file: /p/secrets/apiKey",
        "      server_name: api.internal",
        "      insecure_skip_verify: true",
        "    relabel_configs:",
        "      - regex: tmp_.*",
        "        action: labeldrop",
        "    static_configs:",
        "      - targets:",
        "          - api:8080",
        "",
      ].join("\n"),
    );
  });
});
