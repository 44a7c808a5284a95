/**
 * The dev stack with web access control on and three Alertmanager replicas, on a real Docker
 * daemon: the health checks authenticate, strangers get 401, and the local cluster forms and
 * sends one notification for an alert every replica received.
 */
import * as assert from "assert";
import { clusterStatus, postAlerts, request } from "../../harness/alertmanager-api";
import { sleep, waitFor } from "../../harness/processes";
import { useDockerDevStack } from "../support/docker";

const REPLICAS = 3;
/** Gossip joins within seconds; bounded for a loaded machine. */
const CLUSTER_TIMEOUT_MS = 60_000;
/** Past the critical route's 10 s group wait and a peer's notification-log gossip, a duplicate would have arrived. */
const DUPLICATE_WINDOW_MS = 20_000;

describe("dev stack with web auth and three Alertmanagers on a real Docker daemon", function () {
  this.timeout(300_000);
  // This object replaces Pulumi.dev.yaml's alerting:alertmanager, so it repeats its start delay.
  const running = useDockerDevStack({ web: { auth: true }, alertmanager: { replicas: REPLICAS, dispatchStartDelay: "0s" } });

  it("passes every authenticated health check (the stack came up healthy)", async () => {
    for (const resource of ["alerting-prometheus", ...Array.from({ length: REPLICAS }, (_, i) => `alerting-alertmanager-${i}`)]) {
      const { State } = await running.stack.stack.container(resource).inspect();
      assert.strictEqual(State.Health?.Status, "healthy", resource);
    }
  });

  it("answers 401 without credentials and 200 with them", async () => {
    for (const url of [running.stack.urls.prometheus, ...running.stack.urls.alertmanagers]) {
      assert.strictEqual((await request(`${url}/-/healthy`)).status, 401, url);
      assert.strictEqual((await request(`${url}/-/healthy`, running.stack.access())).status, 200, url);
    }
  });

  it("forms one cluster of three peers", async () => {
    for (const url of running.stack.urls.alertmanagers) {
      await waitFor(
        `${url} to see ${REPLICAS} peers`,
        async () => ((await clusterStatus(url, running.stack.access())).peers.length === REPLICAS ? true : undefined),
        CLUSTER_TIMEOUT_MS,
        1000,
      );
    }
  });

  it("sends one notification for an alert fired at every replica", async () => {
    const service = `docker-e2e-dedup-${Date.now()}`;
    for (const url of running.stack.urls.alertmanagers)
      await postAlerts(url, [{ labels: { alertname: "DockerE2eDedup", severity: "critical", service } }], running.stack.access());
    await running.stack.waitForDelivery(service);
    await sleep(DUPLICATE_WINDOW_MS);
    const delivered = await running.stack.deliveredMentioning(service);
    assert.deepStrictEqual(
      [...new Set(delivered.map((c) => c.kind))].length,
      delivered.length,
      `one notification per receiver: ${JSON.stringify(delivered.map((c) => c.kind))}`,
    );
  });
});
