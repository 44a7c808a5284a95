/**
 * alerting:audit rendered: the `event_recorder` block and the feature flag, accepted by the real
 * amtool; and the rotation sidecar's script, run for real with the machine's sh and with busybox
 * (the Alertmanager image's shell) on a temporary directory.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderAll } from "../../components/render";
import { auditBoundCheck, auditRotateOnceScript, auditRotateScript, renderEventRecorder } from "../../components/render/audit";
import { alertmanagerFlags } from "../../components/render/flags";
import { auditEventsFile } from "../../components/render/paths";
import type { AuditConfig } from "../../config/audit";
import { AlertingSpec, buildSpec } from "../../config/spec";
import { binaries } from "../../harness/binaries";
import { waitFor } from "../../harness/processes";
import { stackConfig } from "../../offline/program";
import { run } from "../support/exec";
import { tempDir } from "../support/files";
import { AM_PATHS, PROM_PATHS } from "../support/render-fixtures";

const WEBHOOK = { url: "https://audit.example.com/alertmanager/events", credential: "auditToken" };

/** A local spec with this audit block; the collector's credential is set when the webhook names it. */
function spec(audit: Record<string, unknown>): AlertingSpec {
  const credential = (audit.webhook as { credential?: string } | undefined)?.credential;
  return buildSpec({ values: { target: "local", audit, ...(credential && { [credential]: "t" }) }, secretKeys: new Set(credential ? [credential] : []) });
}
const TOPOLOGY = { prometheusPaths: PROM_PATHS, alertmanagerAddresses: ["127.0.0.1:9093"], prometheusAddresses: ["127.0.0.1:9090"] };

const MiB = 2 ** 20;
/** A small bound for the rotation runs: 1Mi files (the smallest accepted), 3 kept. */
const SMALL: AuditConfig = { enabled: true, maxFileSize: "1Mi", maxFiles: 3 };

describe("render/audit: event_recorder, the feature flag, the rotation sidecar's script", () => {
  it("renders nothing and no feature when audit is off", () => {
    const off = spec({ enabled: false });
    assert.strictEqual(renderEventRecorder(off, AM_PATHS), undefined);
    assert.ok(!("event_recorder" in parse(renderAll(off, { alertmanagerPaths: AM_PATHS, ...TOPOLOGY }).alertmanager["alertmanager.yml"])));
  });

  it("writes to the data volume and sends the bearer credential as a file", () => {
    assert.deepStrictEqual(renderEventRecorder(spec({ enabled: true, webhook: WEBHOOK }), AM_PATHS), {
      file_outputs: [{ path: "/data/audit-events.jsonl" }],
      webhook_outputs: [{ url: WEBHOOK.url, http_config: { authorization: { type: "Bearer", credentials_file: "/c/s/auditToken" } } }],
    });
    assert.strictEqual(auditEventsFile(AM_PATHS), "/data/audit-events.jsonl");
  });

  it("sends a basic-auth password as a file, and no http_config without a credential", () => {
    assert.deepStrictEqual(
      renderEventRecorder(spec({ enabled: true, webhook: { ...WEBHOOK, authorization: "basic", username: "am" } }), AM_PATHS)!.webhook_outputs,
      [{ url: WEBHOOK.url, http_config: { basic_auth: { username: "am", password_file: "/c/s/auditToken" } } }],
    );
    assert.deepStrictEqual(renderEventRecorder(spec({ enabled: true, webhook: { url: WEBHOOK.url } }), AM_PATHS)!.webhook_outputs, [{ url: WEBHOOK.url }]);
  });

  it("adds event-recorder to the one --enable-feature flag (Alertmanager reads it once, comma-separated)", () => {
    const flags = (on: boolean) =>
      alertmanagerFlags(spec({ enabled: on }), {
        paths: AM_PATHS,
        webListenAddress: ":9093",
        externalUrl: "http://x",
        clusterListenAddress: "",
        peers: [],
      }).filter((f) => f.startsWith("--enable-feature"));
    assert.deepStrictEqual(flags(true), ["--enable-feature=auto-gomemlimit,event-recorder"]);
    assert.deepStrictEqual(flags(false), ["--enable-feature=auto-gomemlimit"]);
  });

  it("is accepted by the real amtool check-config, on the prod stack with a collector", () => {
    const values = { ...stackConfig("prod"), audit: { enabled: true, webhook: WEBHOOK } };
    const prod = buildSpec({
      values: {
        ...values,
        ...Object.fromEntries(
          ["auditToken", "slackWebhookUrl", "pagerdutyRoutingKey", "smtpPassword", "webhookUrl", "msteamsWebhookUrl", "heartbeatUrl"].map((k) => [k, "x"]),
        ),
      },
      secretKeys: new Set(["auditToken", "slackWebhookUrl", "pagerdutyRoutingKey", "smtpPassword", "webhookUrl", "msteamsWebhookUrl", "heartbeatUrl"]),
    });
    const tmp = tempDir("audit-render-");
    try {
      const paths = {
        configFile: path.join(tmp.dir, "am.yml"),
        templatesDir: path.join(tmp.dir, "t"),
        secretsDir: path.join(tmp.dir, "s"),
        storageDir: path.join(tmp.dir, "d"),
        webDir: path.join(tmp.dir, "w"),
      };
      const rendered = renderAll(prod, { alertmanagerPaths: paths, ...TOPOLOGY });
      mkdirSync(paths.templatesDir);
      for (const [name, text] of Object.entries(rendered.alertmanager))
        writeFileSync(path.join(tmp.dir, name === "alertmanager.yml" ? "am.yml" : path.join("t", path.basename(name))), text);
      const doc = parse(rendered.alertmanager["alertmanager.yml"]);
      assert.deepStrictEqual(doc.event_recorder.file_outputs, [{ path: path.join(tmp.dir, "d", "audit-events.jsonl") }]);
      const check = run(binaries().amtool, ["check-config", paths.configFile]);
      assert.strictEqual(check.status, 0, check.output);
      // amtool reads the block: a broken one fails (the recorder's own validation).
      writeFileSync(paths.configFile, `${rendered.alertmanager["alertmanager.yml"]}`.replace(WEBHOOK.url, "not-a-url"));
      assert.notStrictEqual(run(binaries().amtool, ["check-config", paths.configFile]).status, 0);
    } finally {
      tmp.remove();
    }
  });

  for (const shell of [
    ["sh", []],
    ["busybox", ["sh"]],
  ] as [string, string[]][]) {
    const name = [shell[0], ...shell[1]].join(" ");
    describe(`the rotation, run with ${name}`, () => {
      const once = (file: string) => {
        const r = spawnSync(shell[0], [...shell[1], "-c", auditRotateOnceScript(SMALL, file)], { encoding: "utf8", timeout: 10_000 });
        assert.strictEqual(r.status, 0, `${name}: ${r.stderr}`);
      };
      const healthy = (file: string) => spawnSync(shell[0], [...shell[1], "-c", auditBoundCheck(SMALL, file)], { timeout: 10_000 }).status === 0;

      it("leaves a file below maxFileSize (and a missing one) alone", () => {
        const tmp = tempDir("audit-rotate-");
        try {
          const file = path.join(tmp.dir, "audit-events.jsonl");
          once(file);
          assert.deepStrictEqual(readdirSync(tmp.dir), []);
          writeFileSync(file, Buffer.alloc(MiB - 1, "a"));
          once(file);
          assert.deepStrictEqual(readdirSync(tmp.dir), ["audit-events.jsonl"]);
          assert.ok(healthy(file));
        } finally {
          tmp.remove();
        }
      });

      it("keeps at most maxFiles, each within the bound, the newest events in the newest files", () => {
        const tmp = tempDir("audit-rotate-");
        try {
          const file = path.join(tmp.dir, "audit-events.jsonl");
          // Ten rounds of writing past the bound and one check each, as Alertmanager and the sidecar would.
          for (let round = 0; round < 10; round++) {
            appendFileSync(file, Buffer.alloc(MiB + 100, String(round)));
            once(file);
            const files = readdirSync(tmp.dir).sort();
            assert.ok(files.length <= SMALL.maxFiles, `${files.length} files after round ${round}: ${files}`);
            for (const f of files) assert.ok(statSync(path.join(tmp.dir, f)).size <= 2 * MiB);
          }
          // Rotated away: the current file is gone until Alertmanager opens a new one; .1 holds round 9, .2 round 8.
          assert.deepStrictEqual(readdirSync(tmp.dir).sort(), ["audit-events.jsonl.1", "audit-events.jsonl.2"]);
          assert.strictEqual(spawnSync("head", ["-c", "1", `${file}.1`], { encoding: "utf8" }).stdout, "9");
          assert.strictEqual(spawnSync("head", ["-c", "1", `${file}.2`], { encoding: "utf8" }).stdout, "8");
          // Alertmanager's next write recreates the file, and the next rotation keeps the count.
          writeFileSync(file, Buffer.alloc(MiB, "x"));
          once(file);
          assert.deepStrictEqual(readdirSync(tmp.dir).sort(), ["audit-events.jsonl.1", "audit-events.jsonl.2"]);
          assert.strictEqual(spawnSync("head", ["-c", "1", `${file}.2`], { encoding: "utf8" }).stdout, "9");
        } finally {
          tmp.remove();
        }
      });

      it("reports a file past twice maxFileSize as unhealthy (the sidecar's probe)", () => {
        const tmp = tempDir("audit-rotate-");
        try {
          const file = path.join(tmp.dir, "audit-events.jsonl");
          writeFileSync(file, Buffer.alloc(2 * MiB, "a"));
          assert.ok(!healthy(file));
        } finally {
          tmp.remove();
        }
      });

      it("rotates in its loop and ends at once on SIGTERM", async () => {
        const tmp = tempDir("audit-rotate-");
        const file = path.join(tmp.dir, "audit-events.jsonl");
        writeFileSync(file, Buffer.alloc(MiB, "a"));
        const child = spawn(shell[0], [...shell[1], "-c", auditRotateScript(SMALL, file, 1)], { stdio: "ignore" });
        try {
          await waitFor("the loop's first rotation", async () => (existsSync(`${file}.1`) ? true : undefined), 10_000);
          const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
          child.kill("SIGTERM");
          assert.strictEqual(await exited, 0);
        } finally {
          if (child.exitCode === null) child.kill("SIGKILL");
          tmp.remove();
        }
      });
    });
  }
});
