/** The checks that span keys (config/checks.ts): references and routes; and the spec buildSpec produces (config/spec.ts). */
import * as assert from "assert";
import { DEFAULT_RESOURCES } from "../../config/defaults";
import { ConfigError } from "../../config/errors";
import { CONFIG_KEYS } from "../../config/schema";
import { buildSpec, credentialKeys, parseConfig } from "../../config/spec";
import { ACCEPTED_KEYS, interval, issues, local, minimal, receivers, route } from "../support/config-values";

describe("config/checks: problems that span keys, each with its key, value and remedy", () => {
  it("a minimal configuration is valid", () => assert.deepStrictEqual(issues(minimal()), []));

  it("CONFIG_KEYS are the schema's top-level keys", () => assert.strictEqual(CONFIG_KEYS.join(", "), ACCEPTED_KEYS));

  describe("references", () => {
    it("duplicate receiver, time interval and route names: each later one", () => {
      const found = issues(
        minimal({
          receivers: receivers("a", "b", "a", "a"),
          timeIntervals: [interval("t"), interval("u"), interval("t")],
          routes: [route({ name: "r" }), route({ name: "s" }), route({ name: "r" }), route(), route()],
        }),
      );
      assert.deepStrictEqual(found, [
        { path: ["receivers", 2, "name"], value: "a", message: "is defined twice; receiver names must be unique" },
        { path: ["receivers", 3, "name"], value: "a", message: "is defined twice; receiver names must be unique" },
        { path: ["timeIntervals", 2, "name"], value: "t", message: "is defined twice; time interval names must be unique" },
        { path: ["routes", 2, "name"], value: "r", message: "is defined twice; route names must be unique" },
      ]);
    });

    it("receivers named by the root route and by routes must exist", () => {
      assert.deepStrictEqual(issues(minimal({ route: { receiver: "z" }, routes: [route(), route({ receiver: "y" })] })), [
        { path: ["route", "receiver"], value: "z", message: "is not a defined receiver; use one of a, b" },
        { path: ["routes", 1, "receiver"], value: "y", message: "is not a defined receiver; use one of a, b" },
      ]);
    });

    it("time intervals named by routes must exist, mute and active alike", () => {
      assert.deepStrictEqual(issues(minimal({ routes: [route({ muteTimeIntervals: ["m"], activeTimeIntervals: ["x", "y"] })] })), [
        {
          path: ["routes", 0, "muteTimeIntervals", 0],
          value: "m",
          message: "is not a defined time interval; use one of (none: define timeIntervals)",
        },
        {
          path: ["routes", 0, "activeTimeIntervals", 0],
          value: "x",
          message: "is not a defined time interval; use one of (none: define timeIntervals)",
        },
        {
          path: ["routes", 0, "activeTimeIntervals", 1],
          value: "y",
          message: "is not a defined time interval; use one of (none: define timeIntervals)",
        },
      ]);
      assert.deepStrictEqual(
        issues(minimal({ timeIntervals: [interval("t"), interval("u")], routes: [route({ muteTimeIntervals: ["t", "v"], activeTimeIntervals: ["u"] })] })),
        [{ path: ["routes", 0, "muteTimeIntervals", 1], value: "v", message: "is not a defined time interval; use one of t, u" }],
      );
    });

    it("one credential key serves one integration kind only", () => {
      const found = issues(
        minimal({
          receivers: [
            { name: "a", slack: { channel: "#a", credential: "k" }, webhook: { credential: "k" } },
            { name: "b", slack: { channel: "#b", credential: "k" }, msteams: { credential: "k" }, pagerduty: { credential: "p" } },
          ],
        }),
      );
      assert.deepStrictEqual(found, [
        {
          path: ["receivers", 0, "webhook", "credential"],
          value: "k",
          message: "is already used by a slack integration; give each kind of integration its own credential key",
        },
        {
          path: ["receivers", 1, "msteams", "credential"],
          value: "k",
          message: "is already used by a slack integration; give each kind of integration its own credential key",
        },
      ]);
    });

    it("e-mail needs alerting:smtp", () => {
      const mail = { email: { to: ["a@example.com"] } };
      assert.deepStrictEqual(issues(minimal({ receivers: [{ name: "a" }, { name: "b", ...mail }] })), [
        { path: ["receivers", 1, "email"], message: "needs alerting:smtp (smarthost, from) to be set" },
      ]);
      assert.deepStrictEqual(
        issues(minimal({ receivers: [{ name: "a" }, { name: "b", ...mail }], smtp: { smarthost: "smtp.example.com:25", from: "am@example.com" } })),
        [],
      );
    });
  });

  describe("routes", () => {
    it("group_by: a label listed twice, and ... mixed with labels", () => {
      assert.deepStrictEqual(
        issues(
          minimal({
            route: { receiver: "a", groupBy: ["x", "y", "x"] },
            routes: [route({ groupBy: ["...", "x"] }), route({ groupBy: ["..."] }), route({ groupBy: ["a", "a"] })],
          }),
        ),
        [
          { path: ["route", "groupBy", 2], value: "x", message: "is listed twice" },
          {
            path: ["routes", 0, "groupBy"],
            value: ["...", "x"],
            message: 'mixes "..." with label names; use ["..."] alone (group by all labels) or label names only',
          },
          { path: ["routes", 2, "groupBy", 1], value: "a", message: "is listed twice" },
        ],
      );
    });

    it('group_by: ["..."] alone at the root is fine', () => assert.deepStrictEqual(issues(minimal({ route: { receiver: "a", groupBy: ["..."] } })), []));

    it("group_interval and repeat_interval must be positive; group_wait may be zero", () => {
      assert.deepStrictEqual(
        issues(
          minimal({
            route: { receiver: "a", groupWait: "0s", groupInterval: "0s", repeatInterval: "0m" },
            routes: [route({ groupWait: "0s", groupInterval: "1ms", repeatInterval: "0h" })],
          }),
        ),
        [
          { path: ["route", "groupInterval"], value: "0s", message: "is zero; Alertmanager needs a positive duration, e.g. 5m" },
          { path: ["route", "repeatInterval"], value: "0m", message: "is zero; Alertmanager needs a positive duration, e.g. 5m" },
          { path: ["routes", 0, "repeatInterval"], value: "0h", message: "is zero; Alertmanager needs a positive duration, e.g. 5m" },
        ],
      );
    });

    it("a time range must end after it starts", () => {
      const times = (start: string, end: string) => ({ start, end });
      const ti = { name: "t", intervals: [{ weekdays: ["monday"] }, { times: [times("09:00", "17:00"), times("10:00", "10:00"), times("18:00", "08:00")] }] };
      assert.deepStrictEqual(issues(minimal({ timeIntervals: [ti] })), [
        {
          path: ["timeIntervals", 0, "intervals", 1, "times", 1],
          value: times("10:00", "10:00"),
          message: "ends before it starts; use start < end, e.g. 09:00 to 17:00",
        },
        {
          path: ["timeIntervals", 0, "intervals", 1, "times", 2],
          value: times("18:00", "08:00"),
          message: "ends before it starts; use start < end, e.g. 09:00 to 17:00",
        },
      ]);
    });
  });
});

describe("config/spec: buildSpec", () => {
  it("local defaults: 1 replica, no web auth, a generated password, no TLS, capture for unset credentials", () => {
    const spec = buildSpec({ values: local(), secretKeys: new Set() });
    assert.strictEqual(spec.alertmanager.replicas, 1);
    assert.deepStrictEqual(spec.web, { auth: false, username: "alerting", password: "generated", tls: false, tlsCa: false });
    assert.deepStrictEqual(spec.alertmanager.resources, DEFAULT_RESOURCES.local.alertmanager);
    assert.deepStrictEqual(spec.prometheus.resources, DEFAULT_RESOURCES.local.prometheus);
    assert.strictEqual(spec.capture, true);
    assert.deepStrictEqual(spec.credentials, [
      {
        key: "slackWebhookUrl",
        kinds: ["slack"],
        usedBy: ["slack-alerts", "slack-urgent", "oncall-critical", "low-noise", "team-artemis", "team-sophia", "team-infrastructure"],
        holds: "url",
        source: "capture",
      },
      { key: "pagerdutyRoutingKey", kinds: ["pagerduty"], usedBy: ["oncall-critical"], holds: "key", source: "capture" },
    ]);
  });

  it("kubernetes defaults: 3 replicas and web auth on", () => {
    const secrets = ["slackWebhookUrl", "pagerdutyRoutingKey"];
    const spec = buildSpec({ values: { target: "kubernetes", slackWebhookUrl: "s", pagerdutyRoutingKey: "p" }, secretKeys: new Set(secrets) });
    assert.strictEqual(spec.alertmanager.replicas, 3);
    assert.strictEqual(spec.web.auth, true);
    assert.strictEqual(spec.capture, false);
    assert.deepStrictEqual(
      spec.credentials.map((c) => c.source),
      ["secret", "secret"],
    );
    assert.deepStrictEqual(spec.prometheus.resources, DEFAULT_RESOURCES.kubernetes.prometheus);
  });

  it("replicas and web settings as given", () => {
    const values = local({
      alertmanager: { replicas: 2 },
      web: { auth: true, username: "ops" },
      webPassword: "p",
      webTlsCert: "c",
      webTlsKey: "k",
      webTlsCa: "a",
    });
    const spec = buildSpec({ values, secretKeys: new Set(["webPassword", "webTlsCert", "webTlsKey", "webTlsCa"]) });
    assert.strictEqual(spec.alertmanager.replicas, 2);
    assert.deepStrictEqual(spec.web, { auth: true, username: "ops", password: "secret", tls: true, tlsCa: true });
    const noCa = buildSpec({ values: local({ web: { auth: true }, webTlsCert: "c", webTlsKey: "k" }), secretKeys: new Set(["webTlsCert", "webTlsKey"]) });
    assert.deepStrictEqual(noCa.web, { auth: true, username: "alerting", password: "generated", tls: true, tlsCa: false });
  });

  it("a credential shared by several receivers and kinds is listed once; set ones are secret, others captured", () => {
    const values = minimal({
      receivers: [
        { name: "a", slack: { channel: "#a" }, webhook: { credential: "hook" } },
        { name: "b", slack: { channel: "#b" }, msteams: {} },
      ],
      smtp: { smarthost: "smtp.example.com:25", from: "am@example.com", username: "u" },
      hook: "h",
      smtpPassword: "p",
    });
    const spec = buildSpec({ values, secretKeys: new Set(["hook", "smtpPassword"]) });
    assert.deepStrictEqual(spec.credentials, [
      { key: "slackWebhookUrl", kinds: ["slack"], usedBy: ["a", "b"], holds: "url", source: "capture" },
      { key: "hook", kinds: ["webhook"], usedBy: ["a"], holds: "url", source: "secret" },
      { key: "msteamsWebhookUrl", kinds: ["msteams"], usedBy: ["b"], holds: "url", source: "capture" },
      { key: "smtpPassword", kinds: ["smtp"], usedBy: ["smtp"], holds: "key", source: "secret" },
    ]);
    assert.strictEqual(spec.capture, true);
  });

  it("no credential at all: no capture", () => {
    const spec = buildSpec({ values: minimal(), secretKeys: new Set() });
    assert.deepStrictEqual(spec.credentials, []);
    assert.strictEqual(spec.capture, false);
  });

  it("parseConfig ignores non-schema keys and reports schema problems as a ConfigError", () => {
    assert.strictEqual(parseConfig(local({ slackWebhookUrl: "x" })).target, "local");
    assert.throws(
      () => parseConfig({ target: "moon", alertmanager: { replicas: 10 } }),
      (err: ConfigError) => {
        assert.ok(err instanceof ConfigError);
        assert.deepStrictEqual(err.issues, [
          { path: ["target"], value: "moon", message: "is not accepted; use one of local, kubernetes" },
          { path: ["alertmanager", "replicas"], value: 10, message: "is out of range; use a whole number from 1 to 9" },
        ]);
        return true;
      },
    );
  });

  it("credentialKeys: the keys the receivers name, none for an invalid configuration", () => {
    assert.deepStrictEqual(credentialKeys(local()), ["slackWebhookUrl", "pagerdutyRoutingKey"]);
    assert.deepStrictEqual(
      credentialKeys(local({ receivers: [{ name: "a", msteams: { credential: "teams" } }], smtp: { smarthost: "h:25", from: "a@b.c", username: "u" } })),
      ["teams", "smtpPassword"],
    );
    assert.deepStrictEqual(credentialKeys({ target: "moon" }), []);
  });
});
