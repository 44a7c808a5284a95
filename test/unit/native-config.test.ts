/** config/native-config.ts: receivers and global in Alertmanager's own schema, every secret field only ever a credential reference rendered as its file. */
import * as assert from "assert";
import { stringify } from "yaml";
import { GLOBAL_FIELDS, NATIVE_KINDS, RECEIVER_KINDS, secretFields, Section } from "../../config/alertmanager-fields";
import { nativeGlobalCredentials, nativeGlobalSchema, nativeReceiverCredentials, renderNativeGlobal, walkNative } from "../../config/native-config";
import { credentialsInConfigText } from "../../policy/credentials";
import { describeField, documentWith, HEADER, placed, secretValue } from "../support/native-secrets";

const FILE = (key: string) => `/etc/alertmanager/secrets/${key}`;
const INLINE = "fake-inline-secret-value-0001";
const defOf = (where: string): Section => (where === "global" ? GLOBAL_FIELDS : RECEIVER_KINDS[where as keyof typeof RECEIVER_KINDS]);

/** What sits at a path of a rendered block (`[]` reads the first entry). */
function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k === "[]" ? 0 : k === "<header>" ? HEADER : k], value);
}

describe("native receivers: every secret field", () => {
  const fields = secretFields();

  it("the definition names every secret family the issue lists, in global and on receivers", () => {
    const names = new Set(fields.map(describeField));
    for (const expected of [
      "global.smtp_auth_password",
      "global.http_config.basic_auth.password",
      "global.http_config.authorization.credentials",
      "global.http_config.oauth2.client_secret",
      "global.http_config.tls_config.key",
      "global.telegram_bot_token",
      "global.wechat_api_secret",
      "global.victorops_api_key",
      "global.rocketchat_token",
      "global.rocketchat_token_id",
      "global.mattermost_webhook_url",
      "email_configs.auth_password",
      "email_configs.tls_config.key",
      "pagerduty_configs.service_key",
      "pagerduty_configs.routing_key",
      "webhook_configs.url",
      "webhook_configs.http_config.basic_auth.password",
      "slack_configs.api_url",
      "sns_configs.sigv4.secret_key",
    ])
      assert.ok(names.has(expected), expected);
    assert.ok(fields.length > 200, `${fields.length} places`);
  });

  for (const field of fields) {
    const name = describeField(field);
    const path = field.path;
    it(`${name}: a credential reference renders as ${field.file ?? "nothing (refused)"}; inline is refused`, () => {
      const def = defOf(field.in);
      const ref = placed(field.path, secretValue(field, { credential: "someKey" }));
      const walked = walkNative(def, ref, [], FILE);
      if (!field.file) {
        assert.strictEqual(walked.issues.length, 1, JSON.stringify(walked.issues));
        assert.match(walked.issues[0].message, /^is refused: Alertmanager 0\.33 has no file form for it/);
      } else {
        assert.deepStrictEqual(walked.issues, []);
        assert.deepStrictEqual(
          walked.credentials.map((c) => c.key),
          ["someKey"],
        );
        const parent = path.slice(0, -1);
        const rendered = at(walked.rendered, [...parent, field.file]);
        assert.deepStrictEqual(rendered, field.secret === "headerSecrets" ? [FILE("someKey")] : FILE("someKey"));
        assert.strictEqual(field.secret === "headerSecrets" ? undefined : at(walked.rendered, path), undefined, "the inline field is not rendered");
      }
      const inline = walkNative(def, placed(field.path, secretValue(field, INLINE)), ["x"], FILE);
      assert.strictEqual(inline.issues.length, 1, JSON.stringify(inline.issues));
      assert.ok(!JSON.stringify(inline.issues).includes(INLINE), "the error never repeats the secret");
      assert.deepStrictEqual(inline.credentials, []);
    });

    it(`${name}: the policy pack flags it inline`, () => {
      const value = field.in === "webhook_configs" && field.path.join(".") === "url" ? `https://hooks.example.org/a?token=${INLINE}` : INLINE;
      const found = credentialsInConfigText(stringify(documentWith(field, value)));
      assert.ok(found.length > 0, `${name} inline not flagged`);
    });
  }

  it("a stray *_file names the credential form instead, with the cat of its path", () => {
    const walked = walkNative(RECEIVER_KINDS.pagerduty_configs, { service_key_file: "/etc/am/pd" }, ["receivers", 0, "pagerduty_configs", 0]);
    assert.deepStrictEqual(walked.issues, [
      {
        path: ["receivers", 0, "pagerduty_configs", 0, "service_key_file"],
        value: "/etc/am/pd",
        message:
          'names a file on the Alertmanager host, which the program does not deploy to; name a secret config key instead, service_key: { credential: <key> }, set with pulumi config set --secret <key> "$(cat /etc/am/pd)"',
      },
    ]);
  });
});

describe("native receivers: fields and values", () => {
  it("an unknown key names every key Alertmanager reads there", () => {
    const walked = walkNative(RECEIVER_KINDS.pushover_configs, { retries: "1m" }, []);
    assert.strictEqual(walked.issues.length, 1);
    assert.deepStrictEqual(walked.issues[0].path, ["retries"]);
    assert.match(
      walked.issues[0].message,
      /^is not a field Alertmanager 0\.33 reads here; accepted keys: send_resolved, http_config, user_key, token, .*retry, expire/,
    );
  });

  it("types: bool, whole number, duration, list, map and section are each checked", () => {
    const walked = walkNative(
      RECEIVER_KINDS.slack_configs,
      { link_names: "yes", short_fields: true, timeout: "5 minutes", mrkdwn_in: "text", fields: [{ short: 1 }], http_config: "none" },
      [],
    );
    assert.deepStrictEqual(
      walked.issues.map((i) => [i.path.join("."), i.message]),
      [
        ["link_names", "is not true or false; use true or false"],
        ["timeout", "is not a duration such as 30s, 5m, 4h; use a duration such as 30s, 5m, 4h"],
        ["mrkdwn_in", "is not a list of strings; use a list of strings"],
        ["fields.0.short", "is not true or false; use true or false"],
        ["http_config", "is not an object; use a YAML map"],
      ],
    );
    assert.deepStrictEqual(walkNative(RECEIVER_KINDS.telegram_configs, { chat_id: 1.5 }, []).issues[0].message, "is not a whole number; use a whole number");
  });

  it("a Go template with an unclosed action is refused at its field", () => {
    const walked = walkNative(RECEIVER_KINDS.slack_configs, { title: "{{ .CommonLabels.alertname" }, []);
    assert.deepStrictEqual(walked.issues[0].path, ["title"]);
    assert.match(walked.issues[0].message, /^is not a valid template: it /);
  });

  it("a plain field with a file twin takes a value or a credential (a CA, a chat id)", () => {
    const walked = walkNative(
      RECEIVER_KINDS.telegram_configs,
      { chat_id: { credential: "chatId" }, http_config: { tls_config: { ca: "-----BEGIN CERTIFICATE-----" } } },
      [],
      FILE,
    );
    assert.deepStrictEqual(walked.issues, []);
    assert.deepStrictEqual(walked.rendered, { chat_id_file: FILE("chatId"), http_config: { tls_config: { ca: "-----BEGIN CERTIFICATE-----" } } });
  });

  it("every kind of Alertmanager 0.33 has its list", () => {
    assert.strictEqual(NATIVE_KINDS.length, 18);
    assert.ok(NATIVE_KINDS.includes("email_configs") && NATIVE_KINDS.includes("msteamsv2_configs") && NATIVE_KINDS.includes("incidentio_configs"));
  });

  it("a receiver's credentials and global's, with the kind each is for", () => {
    assert.deepStrictEqual(
      nativeReceiverCredentials({
        pagerduty_configs: [{ service_key: { credential: "pdKey" } }],
        webhook_configs: [{ url: { credential: "hookUrl" }, http_config: { basic_auth: { username: "u", password: { credential: "hookPassword" } } } }],
      }),
      [
        { key: "pdKey", kind: "pagerduty", holds: "key" },
        { key: "hookUrl", kind: "webhook", holds: "url" },
        { key: "hookPassword", kind: "webhook", holds: "key" },
      ],
    );
    assert.deepStrictEqual(nativeGlobalCredentials({ smtp_auth_password: { credential: "smtpPw" }, slack_api_url: { credential: "slackUrl" } }), [
      { key: "smtpPw", kind: "smtp", holds: "key" },
      { key: "slackUrl", kind: "slack", holds: "url" },
    ]);
  });

  it("global: resolve_timeout belongs to alerting:resolveTimeout; the rest renders with files", () => {
    const parsed = nativeGlobalSchema.safeParse({ resolve_timeout: "5m", smtp_auth_password: "inline" });
    assert.ok(!parsed.success);
    assert.deepStrictEqual(
      parsed.error.issues.map((i) => [i.path.join("."), i.message]),
      [
        ["resolve_timeout", "is set with alerting:resolveTimeout; remove it here"],
        [
          "smtp_auth_password",
          "is a secret written inline; name a secret config key instead, smtp_auth_password: { credential: <key> }, and set it with pulumi config set --secret <key> <value>",
        ],
      ],
    );
    assert.deepStrictEqual(renderNativeGlobal({ smtp_from: "a@example.org", smtp_auth_password: { credential: "smtpPw" } }, FILE), {
      smtp_from: "a@example.org",
      smtp_auth_password_file: FILE("smtpPw"),
    });
  });

  it("global: slack_api_url beside slack_app_token is Slack's Web API method, plain; without the token it is a secret", () => {
    const METHOD = "https://slack.com/api/chat.postMessage";
    const beside = walkNative(GLOBAL_FIELDS, { slack_app_token: { credential: "slackToken" }, slack_api_url: METHOD }, [], FILE);
    assert.deepStrictEqual(beside.issues, []);
    assert.deepStrictEqual(beside.rendered, { slack_app_token_file: FILE("slackToken"), slack_api_url: METHOD });
    const alone = walkNative(GLOBAL_FIELDS, { slack_api_url: METHOD }, [], FILE);
    assert.deepStrictEqual(
      alone.issues.map((i) => [i.path.join("."), i.message]),
      [
        [
          "slack_api_url",
          "is a secret written inline; name a secret config key instead, slack_api_url: { credential: <key> }, and set it with pulumi config set --secret <key> <value>",
        ],
      ],
    );
  });
});
