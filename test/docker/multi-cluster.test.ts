/**
 * Both roles of the local target on a real Docker daemon (docs/multi-cluster.md, "Both roles on one
 * laptop"): a local central whose Alertmanager replicas serve HTTPS with one basic auth user per
 * satellite and answer to `am-<i>.<host>` on the central's network, and a local satellite stack
 * running only Prometheus, joined to that network, sending to every replica with the password and
 * CA the central exported. Both stacks come from the real program, as `pulumi up` would apply them.
 */
import * as assert from "assert";
import { PORTS } from "../../config/ports";
import { CENTRAL_OUTPUTS, replicaHost, SatelliteAccess } from "../../config/satellites";
import { basicAuthorization } from "../../components/render/web";
import { request } from "../../harness/alertmanager-api";
import { DockerDaemon, startDockerDaemon } from "../../harness/docker/daemon";
import { DockerDevStack } from "../../harness/docker/dev-stack";
import { sleep } from "../../harness/processes";
import { makeTls, TlsMaterial } from "../../harness/tls";
import { requireDocker } from "../support/docker";
import { tempDir } from "../support/files";

const HOST = "alerts.docker-e2e.test";
const REPLICAS = 2;
/** The central keeps the default `local.namePrefix`: its network is the one the satellite names. */
const CENTRAL_NETWORK = "alerting";
const SATELLITE_PREFIX = "satellite-a";
const CLIENT = "a";
const RULE_ALERT = "DockerE2eSatelliteFires";
/**
 * A rule that fires at once, evaluated often. Its `for` lets the satellite's Prometheus find the
 * central's replicas first: an alert firing before that is dropped and sent again only after
 * Prometheus' resend delay (a minute).
 */
const RULES = {
  groups: [
    {
      name: "docker-e2e-satellite",
      interval: "5s",
      rules: [{ alert: RULE_ALERT, expr: "vector(1)", for: "10s", labels: { severity: "critical", service: "docker-e2e-satellite" } }],
    },
  ],
};
/**
 * Past the critical route's 10 s group wait, the second replica's turn (its position times
 * Alertmanager's 15 s peer timeout) and the satellite's next send: a duplicate would have arrived.
 */
const DUPLICATE_WINDOW_MS = 25_000;

/** The names a replica is reached by: `am-<i>.<host>` by satellites, its container name by the central's Prometheus, 127.0.0.1 by the test. */
function certificateNames(): string[] {
  const replicas = Array.from({ length: REPLICAS }, (_, i) => i);
  return [
    `DNS:*.${HOST}`,
    ...replicas.map((i) => `DNS:${replicaHost(HOST, i)}`),
    ...replicas.map((i) => `DNS:${CENTRAL_NETWORK}-alertmanager-${i}`),
    `DNS:${CENTRAL_NETWORK}-prometheus`,
    "DNS:localhost",
    "IP:127.0.0.1",
  ];
}

describe("local central and local satellite on a real Docker daemon", function () {
  this.timeout(300_000);
  let daemon: DockerDaemon | undefined;
  let work: ReturnType<typeof tempDir> | undefined;
  let tls: TlsMaterial;
  let central: DockerDevStack;
  let satellite: DockerDevStack;
  let access: SatelliteAccess;

  before(async () => {
    requireDocker();
    work = tempDir("docker-multi-cluster");
    tls = makeTls(work.dir, certificateNames());
    daemon = await startDockerDaemon();
    // This object replaces Pulumi.dev.yaml's alerting:alertmanager, so it repeats its start delay.
    central = await DockerDevStack.start(
      daemon,
      {
        cluster: "central",
        web: { auth: true },
        alertmanager: { replicas: REPLICAS, dispatchStartDelay: "0s" },
        satellites: { host: HOST, tlsSecretName: "unused-on-local", caCredential: "satellitesCa", clients: [{ name: CLIENT }] },
      },
      { secrets: { webTlsCert: tls.cert, webTlsKey: tls.key, webTlsCa: tls.ca, satellitesCa: tls.ca } },
    );
    access = central.run.outputs[CENTRAL_OUTPUTS.access] as SatelliteAccess;
    // The satellite's stack file as the docs write it without a StackReference: the URLs, the password and the CA as config.
    satellite = await DockerDevStack.start(
      daemon,
      {},
      {
        values: {
          target: "local",
          cluster: CLIENT,
          local: { namePrefix: SATELLITE_PREFIX, centralNetwork: CENTRAL_NETWORK },
          central: { alertmanagers: central.run.outputs[CENTRAL_OUTPUTS.alertmanagers], caCredential: "centralCa" },
          rules: RULES,
        },
        secrets: { centralPassword: access.passwords[CLIENT], centralCa: tls.ca },
      },
    );
  });

  after(async () => {
    await daemon?.stop();
    work?.remove();
  });

  it("runs the satellite's Prometheus alone, on its own network and the central's, where each replica answers as am-<i>.<host>", async () => {
    assert.deepStrictEqual(
      satellite.run.resources.filter((r) => r.type === "docker:index/container:Container").map((r) => r.inputs.name),
      [`${SATELLITE_PREFIX}-prometheus`],
    );
    const { NetworkSettings, State } = await satellite.stack.container("alerting-prometheus").inspect();
    assert.strictEqual(State.Health?.Status, "healthy");
    assert.deepStrictEqual(Object.keys(NetworkSettings.Networks).sort(), [CENTRAL_NETWORK, SATELLITE_PREFIX].sort());
    const { data } = JSON.parse((await request(`${satellite.urls.prometheus}/api/v1/alertmanagers`)).body) as {
      data: { activeAlertmanagers: { url: string }[] };
    };
    assert.deepStrictEqual(
      data.activeAlertmanagers.map((a) => a.url),
      Array.from({ length: REPLICAS }, (_, i) => `https://${replicaHost(HOST, i)}:${PORTS.alertmanagerWeb}/api/v2/alerts`),
    );
    for (let i = 0; i < REPLICAS; i++) {
      const { NetworkSettings: replica } = await central.stack.container(`alerting-alertmanager-${i}`).inspect();
      assert.ok(replica.Networks[CENTRAL_NETWORK].Aliases?.includes(replicaHost(HOST, i)), JSON.stringify(replica.Networks[CENTRAL_NETWORK].Aliases));
    }
  });

  it("delivers the satellite's rule alert to the central's capture container once per receiver, carrying cluster a", async () => {
    await central.waitForDelivery(RULE_ALERT);
    await sleep(DUPLICATE_WINDOW_MS);
    const delivered = await central.deliveredMentioning(RULE_ALERT);
    const kinds = delivered.map((c) => c.kind);
    assert.ok(delivered.length > 0);
    assert.strictEqual(new Set(kinds).size, kinds.length, `one notification per receiver: ${JSON.stringify(kinds)}`);
    for (const capture of delivered) assert.match(JSON.stringify(capture.body), /cluster\W+a\b/, `${capture.kind} does not name cluster a`);
    // Every replica got the alert from the satellite (Prometheus sends to each), with its cluster label.
    for (const url of central.urls.alertmanagers) {
      const response = await request(`${url}/api/v2/alerts?filter=alertname%3D%22${RULE_ALERT}%22`, { ...central.access(), ca: tls.ca });
      assert.strictEqual(response.status, 200, response.body);
      const alerts = JSON.parse(response.body) as { labels: Record<string, string> }[];
      assert.deepStrictEqual(
        alerts.map((a) => a.labels.cluster),
        [CLIENT],
        url,
      );
    }
  });

  it("answers 401 to a satellite's user with a wrong password at every replica, 200 with the right one", async () => {
    for (const url of central.urls.alertmanagers) {
      const as = (password: string) => ({ headers: { authorization: basicAuthorization(CLIENT, password) }, ca: tls.ca });
      assert.strictEqual((await request(`${url}/api/v2/status`, as(`${access.passwords[CLIENT]}-wrong`))).status, 401, url);
      assert.strictEqual((await request(`${url}/api/v2/status`, as(access.passwords[CLIENT]))).status, 200, url);
    }
  });
});
