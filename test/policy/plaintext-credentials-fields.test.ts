/**
 * no-plaintext-credentials: every inline credential field of Alertmanager 0.33 (each `Secret` and
 * `SecretURL` of its config at v0.33.1, with prometheus/common v0.67.5 and prometheus/sigv4 v0.4.1)
 * is flagged in a ConfigMap, its *_file form is not. The lists are written out here, not read from
 * the policy, so a field the policy drops fails a case.
 */
import * as assert from "assert";
import { AM_INLINE, amConfig, cm, inline, messages, PLAINTEXT_POLICY as POLICY, receiverWith } from "./support";

/** The message for an inline field whose remedy is not `<field>_file`. */
const inlineUsing = (field: string, instead: string) => `an inline "${field}" (${instead})`;
const flaggedIn = async (text: string) => messages([amConfig(text)], POLICY);

describe("every inline credential field of Alertmanager 0.33", () => {
  const globals = [
    "smtp_auth_password",
    "smtp_auth_secret",
    "slack_api_url",
    "slack_app_token",
    "victorops_api_key",
    "opsgenie_api_key",
    "wechat_api_secret",
    "telegram_bot_token",
    "rocketchat_token",
    "rocketchat_token_id",
    "mattermost_webhook_url",
  ];
  for (const field of globals) {
    it(`global.${field} (and not global.${field}_file)`, async () => {
      assert.deepStrictEqual(await flaggedIn(`global:\n  ${field}: abc123def456\n${AM_INLINE("")}`), [cm(inline(field))]);
      assert.deepStrictEqual(await flaggedIn(`global:\n  ${field}_file: /etc/alertmanager/secrets/x\n${AM_INLINE("")}`), []);
    });
  }

  it("global.smtp_tls_config.key (and not key_file)", async () => {
    assert.deepStrictEqual(await flaggedIn(`global:\n  smtp_tls_config:\n    key: abc123def456\n${AM_INLINE("")}`), [cm(inline("key"))]);
    assert.deepStrictEqual(await flaggedIn(`global:\n  smtp_tls_config:\n    key_file: /etc/alertmanager/secrets/smtp.key\n${AM_INLINE("")}`), []);
  });

  it("global.http_config.authorization.credentials (and not credentials_file)", async () => {
    const global = (auth: string) => `global:\n  http_config:\n    authorization:\n      ${auth}\n${AM_INLINE("")}`;
    assert.deepStrictEqual(await flaggedIn(global("credentials: abc123def456")), [cm(inline("credentials"))]);
    assert.deepStrictEqual(await flaggedIn(global("credentials_file: /etc/alertmanager/secrets/x")), []);
  });

  const receivers: [section: string, field: string][] = [
    ["email_configs", "auth_password"],
    ["email_configs", "auth_secret"],
    ["pagerduty_configs", "routing_key"],
    ["pagerduty_configs", "service_key"],
    ["slack_configs", "api_url"],
    ["slack_configs", "app_token"],
    ["opsgenie_configs", "api_key"],
    ["victorops_configs", "api_key"],
    ["wechat_configs", "api_secret"],
    ["pushover_configs", "user_key"],
    ["pushover_configs", "token"],
    ["rocketchat_configs", "token"],
    ["rocketchat_configs", "token_id"],
    ["telegram_configs", "bot_token"],
    ["discord_configs", "webhook_url"],
    ["msteams_configs", "webhook_url"],
    ["msteamsv2_configs", "webhook_url"],
    ["mattermost_configs", "webhook_url"],
    ["incidentio_configs", "alert_source_token"],
  ];
  for (const [section, field] of receivers) {
    it(`${section}.${field} (and not ${field}_file)`, async () => {
      assert.deepStrictEqual(await messages([receiverWith(section, `${field}: abc123def456`)], POLICY), [cm(inline(field))]);
      assert.deepStrictEqual(await messages([receiverWith(section, `${field}_file: /etc/alertmanager/secrets/x`)], POLICY), []);
    });
  }

  it("email_configs.tls_config.key (and not key_file)", async () => {
    const email = (key: string) => receiverWith("email_configs", `to: ops@example.com\n        tls_config:\n          ${key}`);
    assert.deepStrictEqual(await messages([email("key: abc123def456")], POLICY), [cm(inline("key"))]);
    assert.deepStrictEqual(await messages([email("key_file: /etc/alertmanager/secrets/smtp.key")], POLICY), []);
  });

  it("sns_configs.sigv4.secret_key (and not a profile or a role)", async () => {
    const sns = (sigv4: string) =>
      receiverWith("sns_configs", `topic_arn: arn:aws:sns:eu-west-1:123456789012:alerts\n        sigv4:\n          region: eu-west-1\n${sigv4}`);
    assert.deepStrictEqual(await messages([sns("          access_key: ops\n          secret_key: abc123def456")], POLICY), [
      cm(inlineUsing("secret_key", 'sigv4 has no "secret_key_file": use "profile" or "role_arn"')),
    ]);
    assert.deepStrictEqual(await messages([sns("          profile: alerting\n          role_arn: arn:aws:iam::123456789012:role/alerting")], POLICY), []);
  });

  // Each under a webex receiver's http_config (the receiver that needs one), and its file form.
  const httpConfig: [title: string, block: string, field: string, instead?: string][] = [
    ["basic_auth.password", "basic_auth:\n            username: u\n            password", "password"],
    ["authorization.credentials", "authorization:\n            type: Bearer\n            credentials", "credentials"],
    [
      "oauth2.client_secret",
      "oauth2:\n            client_id: id\n            token_url: https://auth.example.com/token\n            client_secret",
      "client_secret",
    ],
    [
      "oauth2.client_certificate_key",
      "oauth2:\n            client_id: id\n            token_url: https://auth.example.com/token\n            grant_type: urn:ietf:params:oauth:client-assertion-type:jwt-bearer\n            client_certificate_key",
      "client_certificate_key",
    ],
    ["bearer_token", "bearer_token", "bearer_token"],
    ["tls_config.key", "tls_config:\n            cert_file: /etc/alertmanager/tls/client.crt\n            key", "key"],
    [
      "oauth2.tls_config.key",
      "oauth2:\n            client_id: id\n            token_url: https://auth.example.com/token\n            tls_config:\n              key",
      "key",
    ],
  ];
  for (const [title, block, field] of httpConfig) {
    it(`http_config.${title} (and not ${field}_file)`, async () => {
      const withValue = (value: string) => receiverWith("webex_configs", `room_id: r1\n        http_config:\n          ${block}${value}`);
      assert.deepStrictEqual(await messages([withValue(": abc123def456")], POLICY), [cm(inline(field))]);
      assert.deepStrictEqual(await messages([withValue("_file: /etc/alertmanager/secrets/x")], POLICY), []);
    });
  }

  it("http_config.http_headers.<name>.secrets holding text (and not values, files or no text)", async () => {
    const header = (entry: string) =>
      receiverWith("webex_configs", `room_id: r1\n        http_config:\n          http_headers:\n            X-Api-Key:\n              ${entry}`);
    assert.deepStrictEqual(await messages([header("secrets: [abc123def456]")], POLICY), [cm(inlineUsing("secrets", 'use "files"'))]);
    assert.deepStrictEqual(await messages([header("files: [/etc/alertmanager/secrets/api-key]")], POLICY), []);
    assert.deepStrictEqual(await messages([header("values: [team-ops]")], POLICY), []);
    assert.deepStrictEqual(await messages([header("secrets: ['', abc123def456]")], POLICY), [cm(inlineUsing("secrets", 'use "files"'))]);
    assert.deepStrictEqual(await messages([header("secrets: ['', '  ']")], POLICY), []);
    assert.deepStrictEqual(await messages([header("secrets: [{ nested: x }]")], POLICY), []);
  });

  for (const [title, prefix] of [
    ["http_config", ""],
    [
      "http_config.oauth2",
      "oauth2:\n            client_id: id\n            client_secret_file: /s/c\n            token_url: https://auth.example.com/token\n            ",
    ],
  ]) {
    it(`${title}.proxy_connect_header.<name> (it has no file form; a proxy without one is fine)`, async () => {
      const proxy = (header: string) =>
        receiverWith("webex_configs", `room_id: r1\n        http_config:\n          ${prefix}proxy_url: http://proxy.example.com:3128\n${header}`);
      const indent = " ".repeat(prefix ? 12 : 10);
      assert.deepStrictEqual(await messages([proxy(`${indent}proxy_connect_header:\n${indent}  Proxy-Authorization: [abc123def456]`)], POLICY), [
        cm(inlineUsing("Proxy-Authorization", "proxy_connect_header has no file form")),
      ]);
      assert.deepStrictEqual(await messages([proxy("")], POLICY), []);
    });
  }

  const kinds = [
    "discord_configs",
    "email_configs",
    "incidentio_configs",
    "jira_configs",
    "mattermost_configs",
    "msteams_configs",
    "msteamsv2_configs",
    "opsgenie_configs",
    "pagerduty_configs",
    "pushover_configs",
    "rocketchat_configs",
    "slack_configs",
    "sns_configs",
    "telegram_configs",
    "victorops_configs",
    "webex_configs",
    "webhook_configs",
    "wechat_configs",
  ];
  for (const kind of kinds) {
    it(`${kind}.http_config.authorization.credentials (and not credentials_file)`, async () => {
      const auth = (line: string) => receiverWith(kind, `send_resolved: true\n        http_config:\n          authorization:\n            ${line}`);
      assert.deepStrictEqual(await messages([auth("credentials: abc123def456")], POLICY), [cm(inline("credentials"))]);
      assert.deepStrictEqual(await messages([auth("credentials_file: /etc/alertmanager/secrets/x")], POLICY), []);
    });
  }

  it("a webhook url carrying credentials (and not url_file)", async () => {
    const url = 'a webhook "url" carrying credentials (use "url_file")';
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url: https://hooks.example.com/v1/Zk3qL9xPw2mN8vB4tY7rA1sD")], POLICY), [cm(url)]);
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url: https://u:p@hooks.example.com/x")], POLICY), [
      cm("basic-auth credentials in a URL"),
      cm(url),
    ]);
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url_file: /etc/alertmanager/secrets/hook")], POLICY), []);
  });

  it("an event recorder webhook output url carrying credentials (it has no url_file)", async () => {
    const recorder = (url: string) => amConfig(`${AM_INLINE("")}event_recorder:\n  webhook_outputs:\n    - url: ${url}\n`);
    assert.deepStrictEqual(await messages([recorder("https://events.example.com/ingest/Zk3qL9xPw2mN8vB4tY7rA1sD")], POLICY), [
      cm('a webhook "url" carrying credentials (event_recorder has no "url_file")'),
    ]);
    assert.deepStrictEqual(await messages([recorder("http://events.example.com/ingest")], POLICY), []);
  });

  it("an incident.io url is judged by its value: a token in its query, not the alert source id in its path", async () => {
    const source = "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66";
    const incidentio = (url: string) => receiverWith("incidentio_configs", `url: ${url}\n        alert_source_token_file: /s/inc`);
    assert.deepStrictEqual(await messages([incidentio(`${source}?token=x1y2z3`)], POLICY), [cm("an incident.io token in a URL")]);
    assert.deepStrictEqual(await messages([incidentio(source)], POLICY), []);
  });

  const fine: [title: string, text: string][] = [
    [
      "endpoints under global",
      "global:\n  pagerduty_url: https://events.pagerduty.com/v2/enqueue\n  opsgenie_api_url: https://api.opsgenie.com/\n  victorops_api_url: https://alert.victorops.com/integrations/generic/20131114/alert/\n  wechat_api_url: https://qyapi.weixin.qq.com/\n  wechat_api_corp_id: corp\n  telegram_api_url: https://api.telegram.org\n  webex_api_url: https://webexapis.com/v1/messages\n  jira_api_url: https://jira.example.com/\n  rocketchat_api_url: https://open.rocket.chat\n  slack_app_url: https://slack.com/api/chat.postMessage\n  smtp_auth_username: alerts\n  smtp_auth_identity: alerts\n" +
        AM_INLINE(""),
    ],
    [
      "api_url of receivers other than Slack",
      AM_INLINE(
        "    opsgenie_configs:\n      - api_key_file: /s/og\n        api_url: https://api.eu.opsgenie.com/\n    telegram_configs:\n      - bot_token_file: /s/tg\n        chat_id: -1001234567890\n        api_url: https://api.telegram.org\n    jira_configs:\n      - project: OPS\n        api_url: https://jira.example.com/\n    sns_configs:\n      - api_url: https://sns.eu-west-1.amazonaws.com\n        topic_arn: arn:aws:sns:eu-west-1:123456789012:alerts\n",
      ),
    ],
    ["a VictorOps routing_key (a route name)", AM_INLINE("    victorops_configs:\n      - api_key_file: /s/vo\n        routing_key: ops-team\n")],
    ["a url_file with a long file name", AM_INLINE("    webhook_configs:\n      - url_file: /etc/alertmanager/secrets/incident-webhook-url-production\n")],
    [
      "webhook urls without credentials",
      AM_INLINE(
        "    webhook_configs:\n      - url: http://alerting-capture:9099/webhook/3\n      - url: https://example.com/alertmanager_webhook_receiver.php\n",
      ),
    ],
    [
      "a long url outside webhook receivers and event recorder outputs",
      AM_INLINE("    msteamsv2_configs:\n      - webhook_url_file: /s/teams\n        url: https://example.com/Zk3qL9xPw2mN8vB4tY7rA1sD\n"),
    ],
    [
      "inline fields that are empty",
      "global:\n  smtp_auth_password: ''\n" + AM_INLINE("    pushover_configs:\n      - user_key: ''\n        token_file: /s/t\n"),
    ],
    [
      "a tls_config's certificate, CA and server name (no secrets)",
      AM_INLINE(
        "    webhook_configs:\n      - url: http://alerting-capture:9099/webhook\n        http_config:\n          tls_config:\n            ca: ca-pem\n            cert: cert-pem\n            key_file: /s/key\n            server_name: am\n",
      ),
    ],
    [
      "a key outside any tls_config (a PagerDuty detail, a Jira field)",
      AM_INLINE(
        "    pagerduty_configs:\n      - routing_key_file: /s/pd\n        details:\n          key: value\n    jira_configs:\n      - project: OPS\n        fields:\n          key: OPS-1\n",
      ),
    ],
    [
      "a secret_key outside sigv4",
      AM_INLINE("    webhook_configs:\n      - url: http://alerting-capture:9099/webhook\n        payload:\n          secret_key: shown-in-the-body\n"),
    ],
    [
      "a header map outside proxy_connect_header",
      AM_INLINE("    webhook_configs:\n      - url: http://alerting-capture:9099/webhook\n        payload:\n          X-Team: [ops]\n"),
    ],
  ];
  for (const [title, text] of fine) {
    it(`fine: ${title}`, async () => assert.deepStrictEqual(await flaggedIn(text), []));
  }
});
