/**
 * Prometheus as the prod stack runs it: a pair evaluating the same rules against the same target,
 * both sending to all 3 Alertmanagers. Alertmanager sees one alert (the replica label is dropped
 * from alerts) and notifies once. A replica killed loses nothing; a rule change rolled out one
 * replica at a time, as the StatefulSet's rolling update does, leaves no evaluation gap; a member
 * or the whole pair restarted sends its firing alerts again and resolves nothing.
 */
import * as assert from "assert";
import { readdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { request } from "../../harness/alertmanager-api";
import { prometheusMemberRestart, prometheusRestart, ScrapeTarget, workerDown, workerResolved } from "../../harness/chaos-prometheus";
import { deliveries, settle, waitForNotifications } from "../../harness/notifications";
import type { Pipeline } from "../../harness/pipeline";
import { freePort } from "../../harness/ports";
import { sleep } from "../../harness/processes";
import { held } from "../support/chaos";
import { startEvaluatingPipeline } from "../../harness/evaluating-pipeline";

/** How often the rollout checks that some replica is up and the alert still active: the resolution of the measured gap. */
const POLL_MS = 200;

describe("end to end: the Prometheus HA pair (2 Prometheus 3.5, 3 Alertmanagers, real binaries)", function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  const ports = { down: 0, flapping: 0 };
  let flapping: ScrapeTarget | undefined;
  const instance = (port: number) => `127.0.0.1:${port}`;
  const receiversOf = (instance: string) => deliveries(pipeline, workerDown(instance));

  before(async function () {
    this.timeout(180_000);
    [ports.down, ports.flapping] = [await freePort(), await freePort()];
    flapping = await new ScrapeTarget().start(ports.flapping);
    pipeline = await startEvaluatingPipeline(
      { scrapeJobs: [{ name: "worker", targets: [instance(ports.down), instance(ports.flapping)] }] },
      { for: { WorkerDown: "0s" } },
    );
  });

  after(async () => {
    await pipeline?.stop();
    await flapping?.close();
  });

  it("the prod stack runs two replicas, each naming itself in the replica label and sending to all 3 Alertmanagers", async () => {
    assert.strictEqual(pipeline.prometheuses.replicas.length, 2);
    for (const [i, replica] of pipeline.prometheuses.replicas.entries()) {
      const config = JSON.parse((await request(`${replica.url}/api/v1/status/config`, pipeline.access)).body).data.yaml as string;
      assert.match(config, new RegExp(`prometheus_replica: prometheus-${i}\\n`));
    }
  });

  it("both evaluate the rule and send the alert; each receiver is notified exactly once", async () => {
    await waitForNotifications(pipeline, "WorkerDown", workerDown(instance(ports.down)), 1, 60_000);
    for (const replica of pipeline.prometheuses.replicas) {
      const alerts = JSON.parse((await request(`${replica.url}/api/v1/alerts`, pipeline.access)).body).data.alerts;
      assert.ok(
        alerts.some((a: any) => a.labels.alertname === "WorkerDown" && a.labels.instance === instance(ports.down) && a.state === "firing"),
        `prometheus-${replica.url} fires WorkerDown`,
      );
    }
    await settle(pipeline);
    const got = receiversOf(instance(ports.down));
    assert.ok(got.length > 0);
    for (const n of pipeline.notifications().filter(workerDown(instance(ports.down)))) {
      const alerts = n.body.alerts.filter((a: any) => a.labels.instance === instance(ports.down));
      assert.strictEqual(alerts.length, 1, "one alert, not one per replica");
      assert.strictEqual(alerts[0].labels.prometheus_replica, undefined, "the replica label is dropped from alerts");
    }
    assert.deepStrictEqual(got, [...new Set(got)], "no receiver notified twice");
  });

  it("a rule change rolled out one replica at a time: no evaluation gap, the alert never resolves, no duplicate", async function () {
    this.timeout(150_000);
    // The baseline is the alert notified and settled, whether or not the test before ran (--grep).
    await waitForNotifications(pipeline, "WorkerDown", workerDown(instance(ports.down)), 1, 60_000);
    await settle(pipeline);
    const rulesDir = path.join(pipeline.workDir, "prometheus", "rules");
    const file = path.join(
      rulesDir,
      readdirSync(rulesDir).find((f) => readFileSync(path.join(rulesDir, f), "utf8").includes("WorkerDown"))!,
    );
    writeFileSync(file, readFileSync(file, "utf8").replace("summary: Worker is down", "summary: Worker is down (rolled out)"));
    const before = receiversOf(instance(ports.down));
    let polls = 0;
    let longestGapMs = 0;
    let gapStart: number | undefined;
    let inactive = 0;
    let rolling = true;
    const watch = (async () => {
      while (rolling) {
        polls++;
        const up = await Promise.all(
          pipeline.prometheuses.replicas.map((r) =>
            request(`${r.url}/-/ready`, pipeline.access).then(
              (res) => res.status === 200,
              () => false,
            ),
          ),
        );
        const now = Date.now();
        if (!up.includes(true)) gapStart ??= now;
        else if (gapStart !== undefined) [longestGapMs, gapStart] = [Math.max(longestGapMs, now - gapStart), undefined];
        const active = JSON.parse((await request(`${pipeline.urls[0]}/api/v2/alerts?filter=alertname%3D%22WorkerDown%22`, pipeline.access)).body);
        if (!active.some((a: any) => a.labels.instance === instance(ports.down) && a.status.state === "active")) inactive++;
        await sleep(POLL_MS);
      }
    })();
    for (const i of [0, 1]) await pipeline.prometheuses.restart(i);
    rolling = false;
    await watch;
    console.log(
      `      rollout: ${polls} polls every ${POLL_MS} ms, longest time with no replica ready ${longestGapMs} ms, alert inactive in ${inactive} polls`,
    );
    assert.strictEqual(longestGapMs, 0, "some replica was always ready");
    assert.strictEqual(inactive, 0, "the alert stayed active in Alertmanager");
    for (const replica of pipeline.prometheuses.replicas) {
      const rules = (await request(`${replica.url}/api/v1/rules`, pipeline.access)).body;
      assert.ok(rules.includes("Worker is down (rolled out)"), `${replica.url} runs the new rule`);
    }
    await settle(pipeline);
    assert.deepStrictEqual(receiversOf(instance(ports.down)), before, "no new notification: nothing resolved, nothing duplicated");
    assert.deepStrictEqual(deliveries(pipeline, workerResolved(instance(ports.down))), [], "never resolved");
  });

  it("one replica killed: a new alert still arrives, and later resolves", async function () {
    this.timeout(150_000);
    await pipeline.prometheuses.kill(0);
    await flapping!.close();
    const fired = await waitForNotifications(pipeline, "WorkerDown from the surviving replica", workerDown(instance(ports.flapping)), 1, 60_000);
    assert.ok(fired.length >= 1);
    flapping = await new ScrapeTarget().start(ports.flapping);
    await waitForNotifications(pipeline, "WorkerDown resolved", workerResolved(instance(ports.flapping)), 1, 60_000);
  });

  describe("chaos: restarted while an alert fires (short form of npm run chaos)", () => {
    it("the member killed above started again: nothing resolves, nothing is repeated", async function () {
      this.timeout(150_000);
      held(await prometheusMemberRestart(pipeline, instance(ports.down), { member: 0, faultMs: 0 }));
    });

    it("every replica restarted: each sends the firing alert again, which never resolves; one begun meanwhile arrives", async function () {
      this.timeout(150_000);
      held(await prometheusRestart(pipeline, { steady: instance(ports.down), late: flapping! }));
    });
  });
});
