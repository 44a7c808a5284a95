/**
 * The Alertmanager cluster's HA promises under faults, short form (`npm run chaos` runs the long
 * one and writes the figures; the Prometheus restarts are in prometheus-ha.test.ts). Every
 * scenario fails if an alert is lost or a promise breaks; duplicates are allowed (Alertmanager HA
 * is fail-open) and printed.
 */
import { LOOPBACK } from "../../harness/alertmanager-hosts";
import { binaries } from "../../harness/binaries";
import { failover, partition, restartWithState, rollingUpdate } from "../../harness/chaos";
import { NamespaceNetwork, namespacesUnavailable } from "../../harness/netns";
import { Pipeline, startPipeline, WORKDIR_PREFIX } from "../../harness/pipeline";
import { held } from "../support/chaos";
import { rootOnly } from "../support/root-only";

const unavailable = namespacesUnavailable();

describe("chaos: the Alertmanager cluster under faults (3 replicas, each in its own network namespace)", function () {
  this.timeout(180_000);
  let pipeline: Pipeline;
  let network: NamespaceNetwork | undefined;

  before(async function () {
    network = unavailable ? undefined : new NamespaceNetwork(WORKDIR_PREFIX);
    pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 3, network: network ?? LOOPBACK });
  });

  after(async () => {
    await pipeline?.stop();
    network?.remove();
  });

  it("partition: the last replica loses the mesh while alerts flow; nothing is lost, the cluster heals, a silence crosses", async function () {
    rootOnly(this, unavailable);
    held(await partition(pipeline, network!, { ratePerSecond: 10, faultMs: 8_000 }));
  });

  it("rolling update: each replica restarted in turn under 50 alerts/s; nothing is lost, silences are kept", async () => {
    held(await rollingUpdate(pipeline, { ratePerSecond: 50 }));
  });

  it("restart with state: every replica restarted on its data keeps silences and the notification log", async () => {
    held(await restartWithState(pipeline));
  });

  it("failover: the first-position replica killed right after an alert arrives; the next one sends it", async () => {
    held(await failover(pipeline, { trials: 1 }));
  });
});
