/** reconcile/silences.js: what the reconciler creates, expires and leaves, and how it reads its environment. */
import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { GettableSilence, optionsFromEnv, planSilences, PostableSilence, SilencesFile } from "../../reconcile/silences";
import { tempDir } from "../support/files";

const NOW = new Date("2099-03-01T23:00:00.000Z");

const declared = (overrides: Partial<PostableSilence> = {}): PostableSilence => ({
  matchers: [
    { name: "service", value: "orders-db", isRegex: false, isEqual: true },
    { name: "env", value: "dev|test", isRegex: true, isEqual: false },
  ],
  startsAt: "2099-03-01T22:00:00.000Z",
  endsAt: "2099-03-02T02:00:00.000Z",
  createdBy: "pulumi:prod/db-migration (ana@example.com)",
  comment: "CHG-1042",
  ...overrides,
});

const held = (id: string, silence: PostableSilence, state: GettableSilence["status"]["state"] = "active"): GettableSilence => ({
  ...silence,
  id,
  status: { state },
});

const file = (...silences: PostableSilence[]): SilencesFile => ({ stack: "prod", silences });

/** The plan as ids: created silences by createdBy, the others by id. */
function plan(want: SilencesFile, have: GettableSilence[], now = NOW) {
  const p = planSilences(want, have, now);
  return { create: p.create.map((s) => s.createdBy), expire: p.expire.map((s) => s.id), unchanged: p.unchanged.map((s) => s.id) };
}

describe("silences reconciler: planSilences", () => {
  it("creates a declared silence Alertmanager does not hold", () => {
    assert.deepStrictEqual(plan(file(declared()), []), { create: ["pulumi:prod/db-migration (ana@example.com)"], expire: [], unchanged: [] });
  });

  it("leaves one it holds as declared, matchers in any order", () => {
    const same = declared({ matchers: [...declared().matchers].reverse() });
    assert.deepStrictEqual(plan(file(declared()), [held("a1", same)]), { create: [], expire: [], unchanged: ["a1"] });
  });

  it("leaves an active one whose start Alertmanager moved to its creation (a start in the past is set to now)", () => {
    const created = held("a1", declared({ startsAt: "2099-03-01T22:41:07.512Z" }));
    assert.deepStrictEqual(plan(file(declared()), [created]), { create: [], expire: [], unchanged: ["a1"] });
  });

  it("replaces a pending one whose start changed (new first, then the old expired)", () => {
    const pending = held("p1", declared({ startsAt: "2099-03-02T00:00:00.000Z" }), "pending");
    assert.deepStrictEqual(plan(file(declared()), [pending]), { create: ["pulumi:prod/db-migration (ana@example.com)"], expire: ["p1"], unchanged: [] });
  });

  const changes: [string, Partial<PostableSilence>][] = [
    ["the end", { endsAt: "2099-03-02T03:00:00.000Z" }],
    ["the comment", { comment: "CHG-1043" }],
    ["the author (createdBy)", { createdBy: "pulumi:prod/db-migration (bo@example.com)" }],
    ["a matcher's value", { matchers: [{ name: "service", value: "orders-api", isRegex: false, isEqual: true }, declared().matchers[1]] }],
    ["a matcher's operator", { matchers: [declared().matchers[0], { ...declared().matchers[1], isEqual: true }] }],
    ["the matchers (one fewer)", { matchers: [declared().matchers[0]] }],
    ["the start (later than the one held)", { startsAt: "2099-03-01T22:50:00.000Z" }],
  ];
  for (const [what, change] of changes) {
    it(`replaces one whose declaration changed: ${what}`, () => {
      const want = declared(change);
      assert.deepStrictEqual(plan(file(want), [held("a1", declared())]), { create: [want.createdBy], expire: ["a1"], unchanged: [] });
    });
  }

  it("expires one of ours that is no longer declared", () => {
    assert.deepStrictEqual(plan(file(), [held("a1", declared())]), { create: [], expire: ["a1"], unchanged: [] });
  });

  it("never touches a silence made by hand, or another stack's (pulumi:prod-eu/ is not pulumi:prod/)", () => {
    const byHand = held("h1", declared({ createdBy: "ana@example.com" }));
    const otherStack = held("o1", declared({ createdBy: "pulumi:prod-eu/db-migration (ana@example.com)" }));
    const mentionsUs = held("m1", declared({ createdBy: "ana, copying pulumi:prod/db-migration" }));
    assert.deepStrictEqual(plan(file(), [byHand, otherStack, mentionsUs]), { create: [], expire: [], unchanged: [] });
    assert.deepStrictEqual(plan(file(declared()), [byHand, otherStack, mentionsUs]), {
      create: ["pulumi:prod/db-migration (ana@example.com)"],
      expire: [],
      unchanged: [],
    });
  });

  it("ignores expired silences: an expired copy of a declared one is not reused, nor expired again", () => {
    assert.deepStrictEqual(plan(file(declared()), [held("x1", declared(), "expired")]), {
      create: ["pulumi:prod/db-migration (ana@example.com)"],
      expire: [],
      unchanged: [],
    });
  });

  it("creates nothing for a declared silence that has ended by now (Alertmanager refuses it)", () => {
    assert.deepStrictEqual(plan(file(declared()), [], new Date("2099-03-02T02:00:00.000Z")), { create: [], expire: [], unchanged: [] });
  });

  it("keeps one of two identical held copies and expires the other", () => {
    assert.deepStrictEqual(plan(file(declared()), [held("a1", declared()), held("a2", declared())]), { create: [], expire: ["a2"], unchanged: ["a1"] });
  });
});

describe("silences reconciler: its environment", () => {
  const tmp = tempDir("silences-env");
  after(() => tmp.remove());
  const silencesFile = path.join(tmp.dir, "silences.json");
  const passwordFile = path.join(tmp.dir, "password");
  before(() => {
    writeFileSync(silencesFile, JSON.stringify(file(declared())));
    writeFileSync(passwordFile, "s3cret\n");
  });

  it("reads the URL, the file, and basic auth from the password file without its final newline", () => {
    const options = optionsFromEnv({
      ALERTMANAGER_URL: "http://am:9093",
      SILENCES_FILE: silencesFile,
      WEB_USERNAME: "alerting",
      WEB_PASSWORD_FILE: passwordFile,
    });
    assert.deepStrictEqual(options, {
      url: "http://am:9093",
      declared: file(declared()),
      authorization: `Basic ${Buffer.from("alerting:s3cret").toString("base64")}`,
    });
  });

  const refusals: [string, Record<string, string>, string][] = [
    ["no ALERTMANAGER_URL", { SILENCES_FILE: silencesFile }, "ALERTMANAGER_URL is not set"],
    ["no SILENCES_FILE", { ALERTMANAGER_URL: "http://am:9093" }, "SILENCES_FILE is not set"],
    [
      "a user without a password file",
      { ALERTMANAGER_URL: "http://am:9093", SILENCES_FILE: silencesFile, WEB_USERNAME: "alerting" },
      "WEB_USERNAME and WEB_PASSWORD_FILE go together; set both or neither",
    ],
  ];
  for (const [title, env, message] of refusals) {
    it(`refuses ${title}`, () => assert.throws(() => optionsFromEnv(env), { message }));
  }
});
