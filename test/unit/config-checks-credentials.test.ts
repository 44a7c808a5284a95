/** The checks that span keys (config/checks.ts): resources against their limits, credentials and web credentials. */
import * as assert from "assert";
import { checkCredentials, checkWebCredentials, resolveResources, webAuth } from "../../config/checks";
import { DEFAULT_RESOURCES } from "../../config/defaults";
import { parseConfig } from "../../config/spec";
import { ACCEPTED_KEYS, issues, local, minimal, Values } from "../support/config-values";

describe("config/checks: resources and credentials, each with its key, value and remedy", () => {
  describe("resolveResources", () => {
    const defaults = DEFAULT_RESOURCES.local.alertmanager;
    it("no override: the defaults", () => assert.deepStrictEqual(resolveResources(["x"], undefined, defaults), { resources: defaults, issues: [] }));

    it("does not modify the defaults it merges over", () => {
      const before = JSON.stringify(DEFAULT_RESOURCES);
      resolveResources(["x"], { limits: { cpu: "10m", memory: "1Mi" } }, defaults);
      assert.strictEqual(JSON.stringify(DEFAULT_RESOURCES), before);
    });

    it("a request equal to its limit is fine", () => {
      assert.deepStrictEqual(resolveResources(["x"], { requests: { cpu: "100m", memory: "128Mi" } }, defaults), {
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
        issues: [],
      });
    });

    it("compares quantities, not strings (0.1 cores = 100m)", () => {
      assert.deepStrictEqual(resolveResources(["x"], { requests: { cpu: "0.1", memory: "0.125Gi" } }, defaults).issues, []);
    });

    it("a limit lowered below the default request lowers that request, with no issue", () => {
      assert.deepStrictEqual(resolveResources(["x"], { limits: { cpu: "20m", memory: "32Mi" } }, defaults), {
        resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "20m", memory: "32Mi" } },
        issues: [],
      });
    });

    it("buildSpec names the component whose request is above its limit", () => {
      const over = { requests: { cpu: "3" } };
      assert.deepStrictEqual(issues(minimal({ alertmanager: { resources: over }, prometheus: { resources: over } })), [
        {
          path: ["alertmanager", "resources", "requests", "cpu"],
          value: "3",
          message: "exceeds the limit 100m (the default); a request must not be above its limit",
        },
        {
          path: ["prometheus", "resources", "requests", "cpu"],
          value: "3",
          message: "exceeds the limit 500m (the default); a request must not be above its limit",
        },
      ]);
    });

    it("a request above the limit given with it", () => {
      assert.deepStrictEqual(resolveResources(["am", "resources"], { requests: { cpu: "200m" }, limits: { cpu: "150m" } }, defaults).issues, [
        { path: ["am", "resources", "requests", "cpu"], value: "200m", message: "exceeds the limit 150m; a request must not be above its limit" },
      ]);
    });

    it("a request above the default limit says so", () => {
      assert.deepStrictEqual(resolveResources(["am", "resources"], { requests: { memory: "129Mi" } }, defaults).issues, [
        {
          path: ["am", "resources", "requests", "memory"],
          value: "129Mi",
          message: "exceeds the limit 128Mi (the default); a request must not be above its limit",
        },
      ]);
    });
  });

  describe("credentials", () => {
    const kubernetes = (extra: Values = {}) =>
      minimal({
        target: "kubernetes",
        receivers: [
          { name: "a", slack: { channel: "#a" } },
          { name: "b", webhook: {} },
        ],
        ...extra,
      });

    it("on Kubernetes every credential a receiver names is required", () => {
      assert.deepStrictEqual(issues(kubernetes()), [
        { path: ["slackWebhookUrl"], message: "is required by a (slack); set it with: pulumi config set --secret slackWebhookUrl <value>" },
        { path: ["webhookUrl"], message: "is required by b (webhook); set it with: pulumi config set --secret webhookUrl <value>" },
      ]);
      assert.deepStrictEqual(issues(kubernetes({ slackWebhookUrl: "s", webhookUrl: "w" }), ["slackWebhookUrl", "webhookUrl"]), []);
    });

    it("a receiver is named once per credential, even when it clashes across kinds", () => {
      const found = issues(
        minimal({ target: "kubernetes", receivers: [{ name: "a", slack: { channel: "#a", credential: "k" }, webhook: { credential: "k" } }, { name: "b" }] }),
      );
      assert.deepStrictEqual(
        found.map((i) => i.message),
        [
          "is already used by a slack integration; give each kind of integration its own credential key",
          "is required by a (slack, webhook); set it with: pulumi config set --secret k <value>",
        ],
      );
    });

    it("a credential set in plain text, and an unknown extra key", () => {
      assert.deepStrictEqual(
        issues(minimal({ receivers: [{ name: "a", slack: { channel: "#a" } }, { name: "b" }], slackWebhookUrl: "s", slackWebhookURL: "t" })),
        [
          {
            path: ["slackWebhookUrl"],
            message: "is a credential set in plain text; remove it and set it with: pulumi config set --secret slackWebhookUrl <value>",
          },
          {
            path: ["slackWebhookURL"],
            message: `is not a known key; accepted keys: ${ACCEPTED_KEYS}, webPassword, webTlsCert, webTlsKey, webTlsCa, slackWebhookUrl (credential keys are the ones receivers, scrape jobs and remote write endpoints name)`,
          },
        ],
      );
    });

    it("checkCredentials lists who uses a credential and of which kinds", () => {
      const creds = [{ key: "k", kinds: ["slack" as const, "smtp" as const], usedBy: ["a", "b"], holds: "url" as const }];
      assert.deepStrictEqual(checkCredentials("kubernetes", creds, { values: {}, secretKeys: new Set() }, []), [
        { path: ["k"], message: "is required by a, b (slack, smtp); set it with: pulumi config set --secret k <value>" },
      ]);
      assert.deepStrictEqual(checkCredentials("local", creds, { values: {}, secretKeys: new Set() }, []), []);
      assert.deepStrictEqual(checkCredentials("kubernetes", creds, { values: { k: "v" }, secretKeys: new Set(["k"]) }, ["k"]), []);
    });

    it("the SMTP password is required only with a user name", () => {
      const smtp = { smarthost: "smtp.example.com:25", from: "am@example.com" };
      assert.deepStrictEqual(issues(minimal({ target: "kubernetes", smtp })), []);
      assert.deepStrictEqual(issues(minimal({ target: "kubernetes", smtp: { ...smtp, username: "u", passwordCredential: "mailPw" } })), [
        { path: ["mailPw"], message: "is required by smtp (smtp); set it with: pulumi config set --secret mailPw <value>" },
      ]);
    });
  });

  describe("web credentials", () => {
    const source = (values: Values, secret: string[] = Object.keys(values)) => ({ values, secretKeys: new Set(secret) });
    // Parsed inside each test, never at load: Stryker then knows which tests cover each mutant.
    let on: ReturnType<typeof parseConfig>;
    let off: ReturnType<typeof parseConfig>;
    beforeEach(() => {
      on = parseConfig(local({ web: { auth: true } }));
      off = parseConfig(local());
    });

    it("web.auth defaults to on for kubernetes, off for local, and follows what is set", () => {
      assert.strictEqual(webAuth(parseConfig({ target: "kubernetes" })), true);
      assert.strictEqual(webAuth(off), false);
      assert.strictEqual(webAuth(on), true);
      assert.strictEqual(webAuth(parseConfig({ target: "kubernetes", web: { auth: false } })), false);
    });

    it("all four set as secrets with auth on: fine", () => {
      assert.deepStrictEqual(checkWebCredentials(on, source({ webPassword: "p", webTlsCert: "c", webTlsKey: "k", webTlsCa: "a" })), []);
    });

    it("a web credential in plain text", () => {
      assert.deepStrictEqual(checkWebCredentials(on, source({ webPassword: "p", webTlsCert: "c", webTlsKey: "k" }, ["webTlsCert", "webTlsKey"])), [
        { path: ["webPassword"], message: "is a credential set in plain text; remove it and set it with: pulumi config set --secret webPassword <value>" },
      ]);
    });

    it("web credentials while auth is off: one and several", () => {
      assert.deepStrictEqual(checkWebCredentials(off, source({ webPassword: "p" })), [
        { path: ["web", "auth"], value: false, message: "is off while webPassword is set; set alerting:web.auth to true or remove them" },
      ]);
      assert.deepStrictEqual(checkWebCredentials(off, source({ webPassword: "p", webTlsCert: "c", webTlsKey: "k" })), [
        {
          path: ["web", "auth"],
          value: false,
          message: "is off while webPassword, webTlsCert, webTlsKey are set; set alerting:web.auth to true or remove them",
        },
      ]);
    });

    it("half a TLS pair, either half", () => {
      assert.deepStrictEqual(checkWebCredentials(on, source({ webTlsCert: "c" })), [
        { path: ["webTlsKey"], message: 'is required with webTlsCert; TLS needs both (pulumi config set --secret webTlsKey "$(cat FILE)")' },
      ]);
      assert.deepStrictEqual(checkWebCredentials(on, source({ webTlsKey: "k" })), [
        { path: ["webTlsCert"], message: 'is required with webTlsKey; TLS needs both (pulumi config set --secret webTlsCert "$(cat FILE)")' },
      ]);
    });

    it("a CA without the server certificate", () => {
      assert.deepStrictEqual(checkWebCredentials(on, source({ webTlsCa: "a" })), [
        { path: ["webTlsCa"], message: "is set without webTlsCert and webTlsKey; TLS needs the server certificate and key" },
      ]);
    });

    it("buildSpec reports them too, web keys are not taken for receiver credentials", () => {
      assert.deepStrictEqual(issues(minimal({ webPassword: "p" }), ["webPassword"]), [
        { path: ["web", "auth"], value: false, message: "is off while webPassword is set; set alerting:web.auth to true or remove them" },
      ]);
    });
  });
});
