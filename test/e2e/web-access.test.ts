/**
 * Web access control with the real binaries: everything answers 401 without credentials and works
 * with them, Prometheus still delivers through the protected endpoint, amtool works with
 * --http.config.file, a new web password takes effect without a restart, and the same holds
 * over HTTPS with a CA the test generates.
 */
import * as assert from "assert";
import * as bcrypt from "bcryptjs";
import { writeFileSync } from "fs";
import * as path from "path";
import { request, RequestOptions, silenceBody } from "../../harness/alertmanager-api";
import { waitForNotifications } from "../../harness/notifications";
import { Pipeline, startPipeline } from "../../harness/pipeline";
import { freePort } from "../../harness/ports";
import { renderWebConfig } from "../../components/render/web";
import { binaries } from "../../harness/binaries";
import { run } from "../support/exec";
import { tempDir } from "../support/files";
import { makeTestTls } from "../support/tls";

const PASSWORD = "e2e-web-password-7c1d";

for (const variant of ["basic auth over HTTP", "basic auth over HTTPS"] as const) {
  describe(`end to end: web access control (${variant})`, function () {
    this.timeout(120_000);
    const tmp = tempDir("web-access");
    let pipeline: Pipeline;
    let anonymous: RequestOptions;
    const downWorker = { port: 0 };

    before(async function () {
      this.timeout(180_000);
      const tls = variant === "basic auth over HTTPS" ? makeTestTls(tmp.dir) : undefined;
      downWorker.port = await freePort();
      pipeline = await startPipeline({
        stack: "prod",
        binaries: binaries(),
        replicas: 1,
        prometheus: true,
        web: { password: PASSWORD, ...(tls && { tls }) },
        config: {
          prometheus: { scrapeInterval: "1s", evaluationInterval: "1s", scrapeJobs: [{ name: "worker", targets: [`127.0.0.1:${downWorker.port}`] }] },
          rules: { for: { WorkerDown: "0s" } },
        },
      });
      anonymous = tls ? { ca: tls.ca } : {};
    });
    after(async () => {
      await pipeline?.stop();
      tmp.remove();
    });

    it(`serves ${variant === "basic auth over HTTPS" ? "https" : "http"} only`, () => {
      for (const url of [...pipeline.urls, pipeline.prometheus!.url]) assert.match(url, variant === "basic auth over HTTPS" ? /^https:/ : /^http:/);
    });

    it("401 without credentials: API, silence creation, UI and health, on Alertmanager and Prometheus", async () => {
      const am = pipeline.urls[0];
      assert.strictEqual((await request(`${am}/api/v2/status`, anonymous)).status, 401);
      assert.strictEqual(
        (await request(`${am}/api/v2/silences`, { ...anonymous, method: "POST", body: silenceBody([{ name: "tenant_id", value: "x" }], 5) })).status,
        401,
      );
      assert.strictEqual((await request(`${am}/`, anonymous)).status, 401);
      assert.strictEqual((await request(`${am}/-/healthy`, anonymous)).status, 401);
      assert.strictEqual((await request(`${pipeline.prometheus!.url}/api/v1/status/config`, anonymous)).status, 401);
      const wrong = { ...anonymous, headers: { authorization: `Basic ${Buffer.from("alerting:wrong").toString("base64")}` } };
      assert.strictEqual((await request(`${am}/api/v2/status`, wrong)).status, 401);
    });

    it("the same requests succeed with the credentials", async () => {
      const am = pipeline.urls[0];
      assert.strictEqual((await request(`${am}/api/v2/status`, pipeline.access)).status, 200);
      const silence = await request(`${am}/api/v2/silences`, {
        ...pipeline.access,
        method: "POST",
        body: silenceBody([{ name: "tenant_id", value: "web-access" }], 5),
      });
      assert.strictEqual(silence.status, 200, silence.body);
      assert.strictEqual((await request(`${am}/`, pipeline.access)).status, 200);
      assert.strictEqual((await request(`${am}/-/healthy`, pipeline.access)).status, 200);
      assert.strictEqual((await request(`${pipeline.prometheus!.url}/api/v1/status/config`, pipeline.access)).status, 200);
    });

    it("Prometheus delivers a firing rule through the protected endpoint (password_file)", async () => {
      const [n] = await waitForNotifications(
        pipeline,
        "WorkerDown via authenticated Prometheus",
        (x) => x.kind === "webhook" && x.text.includes(`127.0.0.1:${downWorker.port}`),
        1,
        60_000,
      );
      assert.ok(n.body.alerts.some((a: any) => a.labels.alertname === "WorkerDown"));
    });

    it("amtool works with --http.config.file and is refused without it", () => {
      const httpConfig = path.join(tmp.dir, "amtool-http.yml");
      const passwordFile = path.join(tmp.dir, "amtool-password");
      writeFileSync(passwordFile, PASSWORD);
      writeFileSync(
        httpConfig,
        `basic_auth:\n  username: alerting\n  password_file: ${passwordFile}\n${anonymous.ca ? `tls_config:\n  ca_file: ${path.join(tmp.dir, "ca.crt")}\n` : ""}`,
      );
      const amtool = binaries().amtool;
      const withAuth = run(amtool, ["silence", "query", `--alertmanager.url=${pipeline.urls[0]}`, `--http.config.file=${httpConfig}`]);
      assert.strictEqual(withAuth.status, 0, withAuth.output);
      // Without credentials (over HTTPS it still trusts the CA, so the refusal is the 401, not TLS).
      const caOnly = path.join(tmp.dir, "ca-only.yml");
      writeFileSync(caOnly, anonymous.ca ? `tls_config:\n  ca_file: ${path.join(tmp.dir, "ca.crt")}\n` : "{}\n");
      const without = run(amtool, ["silence", "query", `--alertmanager.url=${pipeline.urls[0]}`, `--http.config.file=${caOnly}`]);
      assert.notStrictEqual(without.status, 0, without.output);
      assert.match(without.output, /401|[Uu]nauthorized/);
    });

    it("a new web password takes effect with no restart (the web config is read per request)", async () => {
      const pids = pipeline.replicas.map((r) => r.process!.child.pid);
      const next = "rotated-web-password-91b2";
      const webDir = path.join(pipeline.workDir, "alertmanager-web");
      writeFileSync(path.join(webDir, "web.yml"), renderWebConfig(pipeline.spec.web, bcrypt.hashSync(next, 10), webDir));
      const as = (password: string): RequestOptions => ({
        ...anonymous,
        headers: { authorization: `Basic ${Buffer.from(`alerting:${password}`).toString("base64")}` },
      });
      assert.strictEqual((await request(`${pipeline.urls[0]}/api/v2/status`, as(next))).status, 200);
      assert.strictEqual((await request(`${pipeline.urls[0]}/api/v2/status`, as(PASSWORD))).status, 401);
      assert.deepStrictEqual(
        pipeline.replicas.map((r) => r.process!.child.pid),
        pids,
      );
    });
  });
}
