/**
 * The real Prometheus writes to a receiver the test starts on loopback, with the remote_write the
 * stack renders: credentials read from files (basic auth, OAuth2 client credentials), a tenant
 * header, write relabelling, external labels. An endpoint with the wrong token is refused, and
 * Prometheus counts its samples as failed.
 */
import * as assert from "assert";
import { request } from "../../harness/alertmanager-api";
import { binaries } from "../../harness/binaries";
import { Pipeline, startPipeline } from "../../harness/pipeline";
import { waitFor } from "../../harness/processes";
import { basic, RemoteWriteReceiver, startRemoteWriteReceiver } from "../support/remote-write-receiver";

const PASSWORD = "rw-right-password";
const OAUTH2 = { clientId: "prometheus", clientSecret: "rw-client-secret", token: "rw-oauth-token" };
/** Short batches and retries, so the first samples and the first refusal come within seconds. */
const QUEUE = { batchSendDeadline: "1s", minBackoff: "100ms", maxBackoff: "1s" };

describe("end to end: remote write from the real Prometheus to a loopback receiver", function () {
  this.timeout(40_000);
  let receiver: RemoteWriteReceiver;
  let pipeline: Pipeline;

  before(async function () {
    this.timeout(60_000);
    receiver = await startRemoteWriteReceiver(
      { "/mimir": basic("prom", PASSWORD), "/cortex": `Bearer ${OAUTH2.token}`, "/thanos": "Bearer rw-real-token" },
      OAUTH2,
    );
    pipeline = await startPipeline({
      stack: "dev",
      binaries: binaries(),
      replicas: 1,
      prometheus: true,
      config: {
        prometheus: {
          scrapeInterval: "1s",
          evaluationInterval: "1s",
          externalLabels: { cluster: "e2e" },
          remoteWrite: [
            {
              name: "mimir",
              url: `${receiver.baseUrl}/mimir`,
              headers: { "X-Scope-OrgID": "team-a" },
              basicAuth: { username: "prom", passwordCredential: "rwMimirPassword" },
              queue: QUEUE,
              writeRelabelConfigs: [{ source_labels: ["__name__"], regex: "up", action: "keep" }],
            },
            {
              name: "cortex",
              url: `${receiver.baseUrl}/cortex`,
              oauth2: { clientId: OAUTH2.clientId, clientSecretCredential: "rwCortexSecret", tokenUrl: `${receiver.baseUrl}/token` },
              queue: QUEUE,
            },
            { name: "thanos", url: `${receiver.baseUrl}/thanos`, bearerTokenCredential: "rwThanosToken", queue: QUEUE },
          ],
        },
        rwMimirPassword: PASSWORD,
        rwCortexSecret: OAUTH2.clientSecret,
        rwThanosToken: "rw-wrong-token",
      },
    });
  });

  after(async () => {
    await pipeline?.stop();
    await receiver?.close();
  });

  it("basic auth from a file: the receiver counts samples, relabelled to `up`, with the external labels and the tenant header", async () => {
    const mimir = receiver.records["/mimir"];
    await waitFor("samples at /mimir", () => (mimir.samples > 0 ? true : undefined), 20_000);
    assert.deepStrictEqual(Object.keys(mimir.statuses), ["204"]);
    assert.ok(mimir.series.length > 0);
    for (const series of mimir.series) {
      assert.strictEqual(series.__name__, "up", JSON.stringify(series));
      assert.strictEqual(series.cluster, "e2e", JSON.stringify(series));
    }
    assert.ok(mimir.series.some((s) => s.job === "prometheus"));
    for (const headers of mimir.headers) {
      assert.strictEqual(headers["x-scope-orgid"], "team-a");
      assert.strictEqual(headers["content-encoding"], "snappy");
    }
  });

  it("OAuth2 with the client secret from a file: a token is issued, and the writes it authorizes are accepted", async () => {
    const cortex = receiver.records["/cortex"];
    await waitFor("samples at /cortex", () => (cortex.samples > 0 ? true : undefined), 20_000);
    assert.ok(receiver.tokens.issued >= 1);
    assert.strictEqual(receiver.tokens.refused, 0);
    assert.deepStrictEqual(Object.keys(cortex.statuses), ["204"]);
  });

  it("the wrong bearer token is refused (401), nothing is accepted, and Prometheus counts the samples as failed", async () => {
    const url = `${pipeline.prometheus!.url}/metrics`;
    const failed = await waitFor(
      "prometheus_remote_storage_samples_failed_total for thanos",
      async () => {
        const { body } = await request(url, pipeline.access);
        const line = body.split("\n").find((l) => l.startsWith("prometheus_remote_storage_samples_failed_total{") && l.includes('remote_name="thanos"'));
        const value = Number(line?.split(" ").at(-1) ?? 0);
        return value > 0 ? value : undefined;
      },
      20_000,
    );
    assert.ok(failed > 0);
    const thanos = receiver.records["/thanos"];
    assert.ok((thanos.statuses[401] ?? 0) >= 1, JSON.stringify(thanos.statuses));
    assert.strictEqual(thanos.statuses[204], undefined);
    assert.strictEqual(thanos.samples, 0);
  });
});
