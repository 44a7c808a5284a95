/**
 * Maintenance windows as code on a real 3-replica Alertmanager 0.33.1 cluster, basic auth over
 * HTTPS as deployed: the real reconciler (reconcile/silences.js, run as the deployed stacks run it:
 * a node process with its environment) applies the stack's rendered silences file. Declared
 * silences are created, reach every replica by gossip and mute; a changed one is replaced, a
 * removed one expired; a silence made by hand is never touched; re-applying changes nothing.
 */
import * as assert from "assert";
import { spawn } from "child_process";
import { writeFileSync } from "fs";
import * as path from "path";
import { createSilence, request, TestAlert } from "../../harness/alertmanager-api";
import { binaries } from "../../harness/binaries";
import { deliveries, mentions, settle, waitForNotifications } from "../../harness/notifications";
import { Pipeline, startPipeline } from "../../harness/pipeline";
import { waitFor } from "../../harness/processes";
import { ApiMatcher, apiMatcher, renderSilences } from "../../components/render/silences";
import { buildSilences, DEFAULT_SILENCE_MAX_DURATION, SilenceConfig, SilenceSpec } from "../../config/silences";
import { ROOT } from "../../offline/program";
import type { GettableSilence } from "../../reconcile/silences";
import { tempDir } from "../support/files";
import { makeTestTls } from "../support/tls";

const PASSWORD = "e2e-silences-password-3b9e";
const RECONCILER = path.join(ROOT, "reconcile", "silences.js");
/** The reconciler's own bound on waiting for Alertmanager is longer; a run against a ready cluster takes a second or two. */
const RUN_TIMEOUT_MS = 60_000;
/** Gossip carries a silence to the peers at once; a push-pull interval (5s) more covers a lost broadcast. */
const GOSSIP_TIMEOUT_MS = 20_000;

const RUN = Date.now().toString(36);
const tenant = (scenario: string) => `silences-${scenario}-${RUN}`;
const START = Date.now();
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString();

const declared = (name: string, overrides: Partial<SilenceConfig> = {}): SilenceConfig => ({
  name,
  matchers: [`tenant_id="${tenant(name)}"`],
  // In the past: Alertmanager starts it at its creation instead, and a re-apply must not see a change.
  startsAt: at(-5),
  endsAt: at(60),
  comment: `maintenance of ${name}`,
  author: "ana@example.com",
  ...overrides,
});

const FIRST = [
  declared("db"),
  declared("canary", { matchers: [`tenant_id="${tenant("canary")}"`, 'severity=~"high|warning"'], author: "bo@example.com" }),
  declared("later", { startsAt: at(30), endsAt: at(90) }),
];
/** canary's end moved: a changed silence. */
const CHANGED = FIRST.map((s) => (s.name === "canary" ? { ...s, endsAt: at(120) } : s));
/** db gone: a removed silence. */
const REMOVED = CHANGED.filter((s) => s.name !== "db");

const alert = (scenario: string): TestAlert => ({
  labels: { alertname: "HighLatency", severity: "high", tenant_id: tenant(scenario) },
  annotations: { summary: "HighLatency test" },
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("end to end: maintenance silences as code (3 Alertmanagers, the real reconciler, basic auth over HTTPS)", function () {
  this.timeout(120_000);
  const tmp = tempDir("silences-e2e");
  const files = {
    silences: path.join(tmp.dir, "silences.json"),
    password: path.join(tmp.dir, "web-password"),
    wrongPassword: path.join(tmp.dir, "wrong-password"),
    ca: path.join(tmp.dir, "ca.pem"),
  };
  let pipeline: Pipeline;
  let byHand: string;
  /** Silence ids by declared id, as the first apply created them. */
  const first = new Map<string, string>();

  const silencesOf = async (url: string): Promise<GettableSilence[]> => {
    const r = await request(`${url}/api/v2/silences`, pipeline.access);
    assert.strictEqual(r.status, 200, r.body);
    return JSON.parse(r.body) as GettableSilence[];
  };
  const live = (silences: GettableSilence[]) => silences.filter((s) => s.status.state !== "expired");
  const ofId = (silences: GettableSilence[], id: string) => live(silences).filter((s) => s.createdBy.startsWith(`pulumi:prod/${id} (`));

  /** The stack's silences as `pulumi up` would render them, from config entries through the same checks buildSpec runs. */
  const specOf = (entries: SilenceConfig[]): SilenceSpec[] => {
    const built = buildSilences([{ silences: entries }], DEFAULT_SILENCE_MAX_DURATION, new Date());
    assert.deepStrictEqual([built.issues, built.warnings], [[], []]);
    return built.silences;
  };

  function reconcile(silences: SilenceSpec[], passwordFile = files.password): Promise<Run> {
    writeFileSync(files.silences, renderSilences({ silences }, "prod"));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [RECONCILER], {
        env: {
          ALERTMANAGER_URL: pipeline.urls[0],
          SILENCES_FILE: files.silences,
          WEB_USERNAME: pipeline.spec.web.username,
          WEB_PASSWORD_FILE: passwordFile,
          WEB_CA_FILE: files.ca,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const out = { stdout: "", stderr: "" };
      child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, ...out });
      });
    });
  }

  before(async function () {
    this.timeout(180_000);
    const tls = makeTestTls(tmp.dir);
    writeFileSync(files.ca, tls.ca);
    // As a mounted Secret or an echo would leave it: with a final newline.
    writeFileSync(files.password, `${PASSWORD}\n`);
    writeFileSync(files.wrongPassword, "not-the-password");
    pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 3, web: { password: PASSWORD, tls }, config: { silences: FIRST } });
    byHand = await createSilence(pipeline.urls[1], [{ name: "tenant_id", value: tenant("by-hand") }], 60, pipeline.access);
    for (const url of pipeline.urls) {
      await waitFor(
        `the silence made by hand on ${url}`,
        async () => ((await silencesOf(url)).some((s) => s.id === byHand) ? true : undefined),
        GOSSIP_TIMEOUT_MS,
      );
    }
  });

  after(async () => {
    await pipeline?.stop();
    tmp.remove();
  });

  it("the stack's config gives the spec its silences (times in UTC, ids as declared)", () => {
    assert.deepStrictEqual(
      pipeline.spec.silences.map((s) => [s.id, s.startsAt, s.endsAt]),
      FIRST.map((s) => [s.name, s.startsAt, s.endsAt]),
    );
  });

  it("a wrong password: the reconciler exits 1 saying why, and changes nothing", async () => {
    const run = await reconcile(pipeline.spec.silences, files.wrongPassword);
    assert.deepStrictEqual(
      [run.code, run.stdout, run.stderr],
      [1, "", "silences: failed: GET /-/ready answered HTTP 401: check WEB_USERNAME and WEB_PASSWORD_FILE\n"],
    );
    assert.deepStrictEqual(
      live(await silencesOf(pipeline.urls[0])).map((s) => s.id),
      [byHand],
    );
  });

  it("the first apply creates every declared silence, marked pulumi:prod/<id> (<author>), exactly as declared", async () => {
    const run = await reconcile(pipeline.spec.silences);
    assert.deepStrictEqual([run.code, run.stdout, run.stderr], [0, "silences: created 3, expired 0, unchanged 0\n", ""]);
    const held = await silencesOf(pipeline.urls[0]);
    for (const s of FIRST) {
      const [one, ...more] = ofId(held, s.name);
      assert.ok(one && more.length === 0, `exactly one silence for ${s.name}`);
      first.set(s.name, one.id);
      assert.strictEqual(one.createdBy, `pulumi:prod/${s.name} (${s.author})`);
      assert.strictEqual(one.comment, s.comment);
      assert.strictEqual(Date.parse(one.endsAt), Date.parse(s.endsAt));
      const key = (m: ApiMatcher) => JSON.stringify([m.name, m.value, m.isRegex, m.isEqual]);
      assert.deepStrictEqual(
        one.matchers.map(key).sort(),
        pipeline.spec.silences
          .find((p) => p.id === s.name)!
          .matchers.map(apiMatcher)
          .map(key)
          .sort(),
      );
    }
    const started = (name: string) => Date.parse(ofId(held, name)[0].startsAt);
    assert.ok(started("db") >= START, "a start in the past is moved to the creation time by Alertmanager");
    assert.strictEqual(started("later"), Date.parse(at(30)), "a future start is kept");
    assert.deepStrictEqual(
      ["db", "canary", "later"].map((name) => ofId(held, name)[0].status.state),
      ["active", "active", "pending"],
    );
  });

  it("every declared silence reaches every replica by gossip", async () => {
    for (const url of pipeline.urls) {
      await waitFor(
        `the declared silences on ${url}`,
        async () => {
          const ids = live(await silencesOf(url)).map((s) => s.id);
          return [...first.values()].every((id) => ids.includes(id)) ? ids : undefined;
        },
        GOSSIP_TIMEOUT_MS,
      );
    }
  });

  it("a declared silence mutes a fired alert on every replica; the same alert for another tenant is delivered", async () => {
    await pipeline.fire([alert("db"), alert("open")]);
    await waitForNotifications(pipeline, "the alert no silence covers", mentions(tenant("open")));
    await settle(pipeline);
    assert.deepStrictEqual(deliveries(pipeline, mentions(tenant("db"))), [], "muted by the declared silence");
  });

  it("an unchanged re-apply creates nothing and leaves exactly the same silences (same ids, same states)", async () => {
    const snapshot = (silences: GettableSilence[]) =>
      silences.map((s) => `${s.id} ${s.status.state} ${s.startsAt} ${s.endsAt}`).sort((a, b) => a.localeCompare(b));
    const before = snapshot(await silencesOf(pipeline.urls[0]));
    const run = await reconcile(pipeline.spec.silences);
    assert.deepStrictEqual([run.code, run.stdout, run.stderr], [0, "silences: created 0, expired 0, unchanged 3\n", ""]);
    assert.deepStrictEqual(snapshot(await silencesOf(pipeline.urls[0])), before);
  });

  it("a changed silence is replaced: the new one active, then the old one expired (no gap between them)", async () => {
    const run = await reconcile(specOf(CHANGED));
    assert.deepStrictEqual([run.code, run.stdout, run.stderr], [0, "silences: created 1, expired 1, unchanged 2\n", ""]);
    const held = await silencesOf(pipeline.urls[0]);
    const old = held.find((s) => s.id === first.get("canary"))!;
    const [replacement, ...more] = ofId(held, "canary");
    assert.ok(replacement && more.length === 0);
    assert.notStrictEqual(replacement.id, old.id);
    assert.deepStrictEqual([old.status.state, replacement.status.state, Date.parse(replacement.endsAt)], ["expired", "active", Date.parse(at(120))]);
    assert.ok(Date.parse(replacement.startsAt) <= Date.parse(old.endsAt), `created (${replacement.startsAt}) before the old one ended (${old.endsAt})`);
    assert.deepStrictEqual(
      ["db", "later"].map((name) => ofId(held, name)[0].id),
      [first.get("db"), first.get("later")],
    );
  });

  it("a removed silence is expired, and the alert it muted is delivered", async () => {
    const run = await reconcile(specOf(REMOVED));
    assert.deepStrictEqual([run.code, run.stdout, run.stderr], [0, "silences: created 0, expired 1, unchanged 2\n", ""]);
    const held = await silencesOf(pipeline.urls[0]);
    assert.strictEqual(held.find((s) => s.id === first.get("db"))!.status.state, "expired");
    assert.deepStrictEqual(ofId(held, "db"), []);
    await waitForNotifications(pipeline, "the alert the removed silence muted", mentions(tenant("db")));
  });

  it("the silence made by hand is untouched by every apply, on every replica", async () => {
    for (const url of pipeline.urls) {
      const mine = (await silencesOf(url)).filter((s) => s.id === byHand);
      assert.deepStrictEqual(
        mine.map((s) => [s.createdBy, s.status.state]),
        [["proven-alerting", "active"]],
        url,
      );
    }
  });
});
