/** components/render/remote-write.ts: prometheus.yml's remote_write, credentials as files only, loaded by the real promtool. */
import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROMETHEUS_CONFIG_FILE, renderAll } from "../../components/render";
import { binaries } from "../../harness/binaries";
import { writeTree } from "../../harness/files";
import { run } from "../support/exec";
import { prometheusPathsIn } from "../../harness/work-paths";
import { tempDir } from "../support/files";
import { localSpec, PROM_PATHS, TOPOLOGY } from "../support/render-fixtures";

const SECRETS = { rwPassword: "pw-canary", rwToken: "token-canary", rwClientSecret: "client-secret-canary" };
const ENDPOINTS = [
  {
    name: "mimir",
    url: "https://mimir.example.com/api/v1/push",
    headers: { "X-Scope-OrgID": "team-a" },
    basicAuth: { username: "prom", passwordCredential: "rwPassword" },
    queue: { capacity: 30000, maxShards: 20, minShards: 2, maxSamplesPerSend: 5000, batchSendDeadline: "10s", minBackoff: "100ms", maxBackoff: "10s" },
    writeRelabelConfigs: [{ source_labels: ["__name__"], regex: "go_.*", action: "drop" }],
  },
  { name: "thanos", url: "http://thanos-receive:19291/api/v1/receive", bearerTokenCredential: "rwToken" },
  {
    name: "cortex",
    url: "https://cortex.example.com/api/v1/push",
    oauth2: { clientId: "prometheus", clientSecretCredential: "rwClientSecret", tokenUrl: "https://auth.example.com/oauth2/token", scopes: ["metrics:write"] },
  },
];

const rendered = (paths = PROM_PATHS) =>
  renderAll(localSpec({ prometheus: { remoteWrite: ENDPOINTS } }, SECRETS), { ...TOPOLOGY, prometheusPaths: paths }).prometheus;

describe("render/remote-write: prometheus.yml remote_write", () => {
  it("Prometheus 3.5's field names, every credential as a *_file path, nothing unset", () => {
    const text = rendered()[PROMETHEUS_CONFIG_FILE];
    assert.deepStrictEqual(parse(text).remote_write, [
      {
        name: "mimir",
        url: "https://mimir.example.com/api/v1/push",
        headers: { "X-Scope-OrgID": "team-a" },
        basic_auth: { username: "prom", password_file: "/p/secrets/rwPassword" },
        queue_config: {
          capacity: 30000,
          max_shards: 20,
          min_shards: 2,
          max_samples_per_send: 5000,
          batch_send_deadline: "10s",
          min_backoff: "100ms",
          max_backoff: "10s",
        },
        write_relabel_configs: [{ source_labels: ["__name__"], regex: "go_.*", action: "drop" }],
      },
      { name: "thanos", url: "http://thanos-receive:19291/api/v1/receive", authorization: { type: "Bearer", credentials_file: "/p/secrets/rwToken" } },
      {
        name: "cortex",
        url: "https://cortex.example.com/api/v1/push",
        oauth2: {
          client_id: "prometheus",
          client_secret_file: "/p/secrets/rwClientSecret",
          token_url: "https://auth.example.com/oauth2/token",
          scopes: ["metrics:write"],
        },
      },
    ]);
    for (const value of Object.values(SECRETS)) assert.ok(!text.includes(value), value);
  });

  it("no remote_write key when no endpoint is configured", () => {
    assert.ok(!("remote_write" in parse(renderAll(localSpec(), TOPOLOGY).prometheus[PROMETHEUS_CONFIG_FILE])));
  });

  it("promtool check config (Prometheus 3.5) accepts it with the credential files in place", () => {
    const tmp = tempDir("render-remote-write");
    try {
      const paths = prometheusPathsIn(tmp.dir);
      writeTree(path.dirname(paths.configFile), rendered(paths));
      writeTree(paths.secretsDir, SECRETS);
      const result = run(binaries().promtool, ["check", "config", paths.configFile]);
      assert.strictEqual(result.status, 0, result.output);
      assert.match(result.output, /SUCCESS/);
      // The check can fail: a header Prometheus refuses, written past the schema, is reported.
      writeFileSync(paths.configFile, rendered(paths)[PROMETHEUS_CONFIG_FILE].replace("X-Scope-OrgID", "Authorization"));
      const refused = run(binaries().promtool, ["check", "config", paths.configFile]);
      assert.notStrictEqual(refused.status, 0, refused.output);
      assert.match(refused.output, /authorization header must be changed via the basic_auth/);
    } finally {
      tmp.remove();
    }
  });
});
