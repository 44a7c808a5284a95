/** no-plaintext-credentials: every inline credential field of Alertmanager 0.33 is flagged in a ConfigMap, its *_file form is not. */
import * as assert from "assert";
import { AM_INLINE, amConfig, cm, inline, messages, PLAINTEXT_POLICY as POLICY, receiverWith } from "./support";

describe("every inline credential field of Alertmanager 0.33", () => {
  const globals = [
    "smtp_auth_password",
    "smtp_auth_secret",
    "slack_api_url",
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
      assert.deepStrictEqual(await messages([amConfig(`global:\n  ${field}: abc123def456\n${AM_INLINE("")}`)], POLICY), [cm(inline(field))]);
      assert.deepStrictEqual(await messages([amConfig(`global:\n  ${field}_file: /etc/alertmanager/secrets/x\n${AM_INLINE("")}`)], POLICY), []);
    });
  }

  const receivers: [section: string, field: string][] = [
    ["email_configs", "auth_password"],
    ["email_configs", "auth_secret"],
    ["pagerduty_configs", "routing_key"],
    ["pagerduty_configs", "service_key"],
    ["slack_configs", "api_url"],
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

  const httpConfig: [block: string, field: string][] = [
    ["basic_auth:\n            username: u\n            password", "password"],
    ["authorization:\n            type: Bearer\n            credentials", "credentials"],
    ["oauth2:\n            client_id: id\n            token_url: https://auth.example.com/token\n            client_secret", "client_secret"],
    ["bearer_token", "bearer_token"],
  ];
  for (const [block, field] of httpConfig) {
    it(`http_config ${field} (and not ${field}_file)`, async () => {
      const withValue = (value: string) => receiverWith("webex_configs", `room_id: r1\n        http_config:\n          ${block}${value}`);
      assert.deepStrictEqual(await messages([withValue(": abc123def456")], POLICY), [cm(inline(field))]);
      assert.deepStrictEqual(await messages([withValue("_file: /etc/alertmanager/secrets/x")], POLICY), []);
    });
  }

  it("a webhook or incident.io url carrying credentials (and not url_file)", async () => {
    const url = 'a webhook "url" carrying credentials (use "url_file")';
    assert.deepStrictEqual(
      await messages([receiverWith("incidentio_configs", "url: https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66")], POLICY),
      [cm(url)],
    );
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url: https://hooks.example.com/v1/Zk3qL9xPw2mN8vB4tY7rA1sD")], POLICY), [cm(url)]);
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url: https://u:p@hooks.example.com/x")], POLICY), [
      cm("basic-auth credentials in a URL"),
      cm(url),
    ]);
    assert.deepStrictEqual(await messages([receiverWith("webhook_configs", "url_file: /etc/alertmanager/secrets/hook")], POLICY), []);
  });

  const fine: [title: string, text: string][] = [
    [
      "endpoints under global",
      "global:\n  pagerduty_url: https://events.pagerduty.com/v2/enqueue\n  opsgenie_api_url: https://api.opsgenie.com/\n  victorops_api_url: https://alert.victorops.com/\n  wechat_api_url: https://qyapi.weixin.qq.com/\n  wechat_api_corp_id: corp\n  telegram_api_url: https://api.telegram.org\n  webex_api_url: https://webexapis.com/v1/messages\n  jira_api_url: https://jira.example.com/\n  rocketchat_api_url: https://open.rocket.chat\n  smtp_auth_username: alerts\n  smtp_auth_identity: alerts\n" +
        AM_INLINE(""),
    ],
    [
      "api_url of receivers other than Slack",
      AM_INLINE(
        "    opsgenie_configs:\n      - api_key_file: /s/og\n        api_url: https://api.eu.opsgenie.com/\n    telegram_configs:\n      - bot_token_file: /s/tg\n        chat_id: 42\n        api_url: https://api.telegram.org\n    jira_configs:\n      - project: OPS\n        api_url: https://jira.example.com/\n",
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
      "a long url outside webhook and incident.io receivers",
      AM_INLINE("    msteamsv2_configs:\n      - webhook_url_file: /s/teams\n        url: https://example.com/Zk3qL9xPw2mN8vB4tY7rA1sD\n"),
    ],
    [
      "inline fields that are empty",
      "global:\n  smtp_auth_password: ''\n" + AM_INLINE("    pushover_configs:\n      - user_key: ''\n        token_file: /s/t\n"),
    ],
  ];
  for (const [title, text] of fine) {
    it(`fine: ${title}`, async () => assert.deepStrictEqual(await messages([amConfig(text)], POLICY), []));
  }
});
