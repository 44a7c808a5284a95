/** policy/credentials.ts: what a credential looks like, by value, by name and in a config file. */
import * as assert from "assert";
import { credentialInNamedValue, credentialInValue, credentialsInConfigText } from "../../policy/credentials";
import { AWS_KEY_ID, AWS_SECRET_KEY, DISCORD_URL, MATTERMOST_URL, SLACK_URL, TEAMS_URL, TELEGRAM_TOKEN, VICTOROPS_URL } from "./support";

const SLACK = "a Slack webhook URL";
const SLACK_TOKEN = "a Slack token";
const TEAMS = "a Microsoft Teams webhook URL";
const PAGERDUTY = "a PagerDuty key in a URL";
const BASIC_AUTH = "basic-auth credentials in a URL";
const PRIVATE_KEY = "a private key";
const BEARER = "a bearer token";
const QUERY_TOKEN = "a token in a URL query";
const DISCORD = "a Discord webhook URL";
const MATTERMOST = "a Mattermost webhook URL";
const TELEGRAM = "a Telegram bot token";
const VICTOROPS = "a VictorOps key in a URL";
const INCIDENTIO = "an incident.io token in a URL";
const GENIEKEY = "an Opsgenie key in a GenieKey header";
const AWS_SECRET = "an AWS secret access key";
const AWS_ID = "an AWS access key ID";
const inline = (field: string) => `an inline "${field}" (use "${field}_file")`;

describe("credentialInValue", () => {
  const cases: [title: string, value: unknown, expected: string | undefined][] = [
    ["a Slack incoming webhook", SLACK_URL, SLACK],
    ["a Slack workflow webhook", "https://hooks.slack.com/workflows/T0/A0/123/abc", SLACK],
    ["a Slack trigger webhook", "https://hooks.slack.com/triggers/T0/123/abc", SLACK],
    ["a Slack webhook in capitals", "HTTPS://HOOKS.SLACK.COM/SERVICES/T0/B0/X", SLACK],
    ["the Slack hooks host alone", "https://hooks.slack.com/", undefined],
    ["a Slack API URL", "https://slack.com/api/chat.postMessage", undefined],

    ["a Slack bot token", "xoxb-123456789012-abcdefgh", SLACK_TOKEN],
    ["a Slack app token (xoxa)", "xoxa-2-abcdefgh", SLACK_TOKEN],
    ["a Slack user token (xoxp)", "xoxp-1234-5678", SLACK_TOKEN],
    ["a Slack token (xoxo)", "xoxo-abcdefgh", SLACK_TOKEN],
    ["a Slack token (xoxs)", "xoxs-abcdefgh", SLACK_TOKEN],
    ["a Slack refresh token (xoxr)", "xoxr-abcdefgh", SLACK_TOKEN],
    ["a Slack token inside text", "token=xoxb-12345678", SLACK_TOKEN],
    ["a Slack token prefix with 7 characters", "xoxb-1234567", undefined],
    ["an unknown xox kind", "xoxz-12345678", undefined],
    ["xox inside a word", "maxoxb-12345678", undefined],
    ["a Slack-like token in capitals", "XOXB-12345678", undefined],

    ["a Teams webhook (webhook.office.com)", TEAMS_URL, TEAMS],
    ["a legacy Teams webhook (outlook.office.com)", "https://outlook.office.com/webhook/abc", TEAMS],
    ["a legacy Teams webhook (outlook.office365.com)", "https://outlook.office365.com/webhook/abc", TEAMS],
    ["a Teams workflow with a port", "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke", TEAMS],
    ["a Teams workflow without a port", "https://prod-12.westeurope.logic.azure.com/workflows/abc", TEAMS],
    ["Outlook mail", "https://outlook.office.com/mail/inbox", undefined],
    ["an Azure Logic App page", "https://prod-12.westeurope.logic.azure.com:443/overview", undefined],

    ["a PagerDuty routing key in a URL", "https://events.pagerduty.com/v2/enqueue?routing_key=abc", PAGERDUTY],
    ["a PagerDuty service key in a URL", "https://events.pagerduty.com/generic/2010-04-15/create_event.json?service_key=abc", PAGERDUTY],
    ["a PagerDuty integration key in a URL", "https://acme.pagerduty.com/integration?a=1&integration_key=abc", PAGERDUTY],
    ["a PagerDuty token in a URL", "https://acme.pagerduty.com/?token=abc", PAGERDUTY],
    ["a PagerDuty URL without a key", "https://events.pagerduty.com/v2/enqueue", undefined],
    ["a PagerDuty URL with another parameter", "https://events.pagerduty.com/v2/enqueue?dedup_key=abc", undefined],

    ["basic auth in an https URL", "https://admin:s3cret@am.example.com", BASIC_AUTH],
    ["basic auth in a URL with a compound scheme", "postgres+ssl://user:pw@db.example.com/x", BASIC_AUTH],
    ["basic auth in capitals", "HTTPS://ADMIN:S3CRET@AM.EXAMPLE.COM", BASIC_AUTH],
    ["a user without a password", "https://admin@am.example.com", undefined],
    ["an empty password", "https://admin:@am.example.com", undefined],
    ["a colon and an at sign after the host", "https://am.example.com/path?x=a:b@c", undefined],

    ["a PKCS#8 private key", "-----BEGIN PRIVATE KEY-----\nMIIB\n", PRIVATE_KEY],
    ["an RSA private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n", PRIVATE_KEY],
    ["an OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n", PRIVATE_KEY],
    ["a public key", "-----BEGIN PUBLIC KEY-----\nMIIB\n", undefined],
    ["a certificate", "-----BEGIN CERTIFICATE-----\nMIIB\n", undefined],

    ["a bearer token of 16 characters", "Authorization: Bearer abcdefghijklmnop", BEARER],
    ["a JWT bearer token after two spaces", "Bearer  eyJhbGciOiJIUzI1NiJ9.e30.sig-_~+/x", BEARER],
    ["a bearer token of 15 characters", "Bearer abcdefghijklmno", undefined],
    ["the word bearer in lower case", "bearer abcdefghijklmnop", undefined],
    ["Bearer inside a word", "XBearer abcdefghijklmnop", undefined],
    ["Bearer without a token", "Bearer ", undefined],
    ["a bearer token after a tab", "Authorization: Bearer\tabcdefghijklmnop", BEARER],
    ["Bearer at the end of a line (an authorization type)", "type: Bearer\ncredentials_file: /etc/secrets/token", undefined],

    ["a token in an https URL query", "https://api.example.com/hook?token=abcdef123456", QUERY_TOKEN],
    ["a token in an http URL query", "http://api.example.com/hook?x=1&token=abcdefgh", QUERY_TOKEN],
    ["an api_key in a URL query", "https://api.example.com/?api_key=abcdefgh", QUERY_TOKEN],
    ["an apikey in a URL query", "https://api.example.com/?apikey=abcdefgh", QUERY_TOKEN],
    ["an access_token in a URL query", "https://api.example.com/?access_token=abcdefgh", QUERY_TOKEN],
    ["a secret in a URL query", "https://api.example.com/?secret=abcdefgh", QUERY_TOKEN],
    ["a signature (sig) in a URL query", "https://x.blob.core.windows.net/c?sv=2024&sig=abcdefgh", QUERY_TOKEN],
    ["a signature in a URL query", "https://api.example.com/?signature=abcdefgh", QUERY_TOKEN],
    ["a code in a URL query", "https://fn.azurewebsites.net/api/hook?code=abcdefgh", QUERY_TOKEN],
    ["a token of 7 characters in a URL query", "https://api.example.com/hook?token=abc1234", undefined],
    ["a token parameter that ends at the next parameter", "https://api.example.com/hook?token=abc&page=12345678", undefined],
    ["an ordinary URL query", "https://api.example.com/?page=12345678", undefined],
    ["a token query in an ftp URL", "ftp://files.example.com/?token=abcdefgh", undefined],

    ["a Discord webhook", DISCORD_URL, DISCORD],
    ["a Discord webhook on discordapp.com", "https://discordapp.com/api/webhooks/123456789012345678/abc_DEF-123", DISCORD],
    ["a Discord webhook on a versioned API of the canary host", "https://canary.discord.com/api/v10/webhooks/1/x", DISCORD],
    ["a Discord webhook in capitals", "HTTPS://DISCORD.COM/API/WEBHOOKS/1/X", DISCORD],
    ["a Discord channel link", "https://discord.com/channels/123456789012345678/876543210987654321", undefined],
    ["the Discord webhooks path without id and token", "https://discord.com/api/webhooks/123456789012345678", undefined],
    ["Discord's webhook documentation", "https://discord.com/developers/docs/resources/webhook", undefined],
    ["a host that only ends in discord.com", "https://notdiscord.com/api/webhooks/1/x", undefined],

    ["a Mattermost incoming webhook", MATTERMOST_URL, MATTERMOST],
    ["a Mattermost webhook under a path", "http://chat.example.com/mattermost/hooks/xmz5kq8wb3f7dyc1nj4hp6tr9e/", MATTERMOST],
    ["a hooks path with a word", "https://mattermost.example.com/hooks/incoming", undefined],
    ["a hooks id of 25 characters", "https://mattermost.example.com/hooks/xmz5kq8wb3f7dyc1nj4hp6tr9", undefined],
    ["a hooks id of 27 characters", "https://mattermost.example.com/hooks/xmz5kq8wb3f7dyc1nj4hp6tr9ea", undefined],
    ["a hooks id with capitals (not Mattermost's)", "https://chat.example.com/hooks/xmz5kq8wb3f7dyc1nj4hp6tR9e", undefined],
    ["a Mattermost id without a URL", "xmz5kq8wb3f7dyc1nj4hp6tr9e", undefined],
    ["Mattermost's webhook documentation", "https://developers.mattermost.com/integrate/webhooks/incoming/", undefined],

    ["a Telegram bot token", TELEGRAM_TOKEN, TELEGRAM],
    ["a Telegram bot token in a Bot API URL", `https://api.telegram.org/bot${TELEGRAM_TOKEN}/sendMessage`, TELEGRAM],
    ["a Telegram bot token with a 5-digit bot id", "12345:AAplaceholder-not_a_real_bot_token0", TELEGRAM],
    ["a Telegram chat id", "-1001234567890", undefined],
    ["a token of 34 characters (Telegram's documentation placeholder)", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", undefined],
    ["a Telegram-like token of 36 characters", "123456789:AAplaceholder-not_a_real_bot_token0x", undefined],
    ["a Telegram-like token not starting with A", "123456789:BAplaceholder-not_a_real_bot_token0", undefined],
    ["a Telegram-like token with a 4-digit id", "1234:AAplaceholder-not_a_real_bot_token0", undefined],
    ["a Telegram-like token with a 17-digit id", "12345678901234567:AAplaceholder-not_a_real_bot_token0", undefined],
    ["a time of day", "12:30:00", undefined],

    ["a VictorOps REST endpoint with its key", VICTOROPS_URL, VICTOROPS],
    ["a Splunk On-Call endpoint in capitals", VICTOROPS_URL.toUpperCase(), VICTOROPS],
    ["Alertmanager's default VictorOps API URL", "https://alert.victorops.com/integrations/generic/20131114/alert/", undefined],
    ["VictorOps documentation", "https://help.victorops.com/knowledge-base/rest-endpoint-integration-guide/", undefined],
    [
      "a VictorOps URL whose key is no full UUID",
      "https://alert.victorops.com/integrations/generic/20131114/alert/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b/ops",
      undefined,
    ],
    ["a VictorOps URL with a placeholder", "https://alert.victorops.com/integrations/generic/20131114/alert/$API_KEY/ops", undefined],

    ["an incident.io alert source URL with a token", "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66?token=x1y2z3", INCIDENTIO],
    ["an incident.io token after another parameter", "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66?a=1&token=x", INCIDENTIO],
    ["an incident.io alert source URL without a token", "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66", undefined],
    ["an incident.io URL with an empty token", "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66?token=", undefined],

    ["an Opsgenie GenieKey header", "Authorization: GenieKey 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", GENIEKEY],
    ["a GenieKey header with two spaces", "GenieKey  0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", GENIEKEY],
    ["a GenieKey authorization type alone", "type: GenieKey\ncredentials_file: /etc/secrets/og", undefined],
    ["a GenieKey with a key that is no UUID", "GenieKey 0a1b2c3d", undefined],

    ["an AWS credentials file", `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET_KEY}\n`, AWS_SECRET],
    ["an AWS secret access key as YAML", `AWS_SECRET_ACCESS_KEY: "${AWS_SECRET_KEY}"`, AWS_SECRET],
    ["an AWS secret access key as JSON", `{"aws_secret_access_key": "${AWS_SECRET_KEY}"}`, AWS_SECRET],
    ["an AWS secret access key reference", "aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}", undefined],
    ["an AWS secret access key of 39 characters", `aws_secret_access_key = ${AWS_SECRET_KEY.slice(1)}`, undefined],
    ["an AWS secret access key of 41 characters", `aws_secret_access_key = ${AWS_SECRET_KEY}A`, undefined],
    ["40 characters without the name (a SHA-1)", "checksum: da39a3ee5e6b4b0d3255bfef95601890afd80709", undefined],

    ["an AWS access key ID (AKIA)", AWS_KEY_ID, AWS_ID],
    ["a temporary AWS access key ID (ASIA)", "ASIAIOSFODNN7EXAMPLE", AWS_ID],
    ["an AWS access key ID in a sigv4 config", `sigv4:\n  access_key: ${AWS_KEY_ID}\n`, AWS_ID],
    ["AKIA inside a word", `X${AWS_KEY_ID}`, undefined],
    ["an AKIA run of 21 characters", `${AWS_KEY_ID}X`, undefined],
    ["AKIA with 15 characters", "AKIAIOSFODNN7EXAMPL", undefined],
    ["an AWS-like key in lower case", AWS_KEY_ID.toLowerCase(), undefined],
    ["an AWS role id (AROA)", "AROAIOSFODNN7EXAMPLE", undefined],

    ["plain text", "hello world", undefined],
    ["a number", 42, undefined],
    ["undefined", undefined, undefined],
    ["an object", { url: SLACK_URL }, undefined],
    ["a list holding a Slack URL", [SLACK_URL], undefined],
  ];
  for (const [title, value, expected] of cases) {
    it(`${title}: ${expected ?? "nothing"}`, () => assert.strictEqual(credentialInValue(value), expected));
  }
});

describe("credentialInNamedValue", () => {
  const named = (name: string) => `a value named "${name}"`;
  const cases: [name: string, value: unknown, expected: string | undefined][] = [
    // names that say credential
    ["DB_PASSWORD", "hunter2", named("DB_PASSWORD")],
    ["db_password", "hunter2", named("db_password")],
    ["DB_PASS", "hunter2", named("DB_PASS")],
    ["DB_PASSWD", "hunter2", named("DB_PASSWD")],
    ["CLIENT_SECRET", "hunter2", named("CLIENT_SECRET")],
    ["AUTH_TOKEN", "hunter2", named("AUTH_TOKEN")],
    ["API_KEY", "hunter2", named("API_KEY")],
    ["API-KEY", "hunter2", named("API-KEY")],
    ["APIKEY", "hunter2", named("APIKEY")],
    ["SLACK_WEBHOOK", "hunter2", named("SLACK_WEBHOOK")],
    ["ROUTING_KEY", "hunter2", named("ROUTING_KEY")],
    ["ROUTINGKEY", "hunter2", named("ROUTINGKEY")],
    ["SERVICE_KEY", "hunter2", named("SERVICE_KEY")],
    ["SERVICEKEY", "hunter2", named("SERVICEKEY")],
    ["INTEGRATION_KEY", "hunter2", named("INTEGRATION_KEY")],
    ["INTEGRATIONKEY", "hunter2", named("INTEGRATIONKEY")],
    ["PRIVATE_KEY", "hunter2", named("PRIVATE_KEY")],
    ["PRIVATEKEY", "hunter2", named("PRIVATEKEY")],
    ["AWS_CREDENTIALS", "hunter2", named("AWS_CREDENTIALS")],
    ["BEARER", "hunter2", named("BEARER")],
    // the value is judged first
    ["NOTIFY_URL", SLACK_URL, SLACK],
    ["PASSWORD", SLACK_URL, SLACK],
    // names that are not credentials
    ["SLACK_CHANNEL", "#alerts", undefined],
    ["KEY", "hunter2", undefined],
    ["USERNAME", "admin", undefined],
    // names that hold a reference to a credential
    ["TOKEN_FILE", "/etc/secrets/token", undefined],
    ["TOKEN_FILE", "token.txt", undefined],
    ["SECRET_PATH", "secret.txt", undefined],
    ["SECRET_DIR", "secrets", undefined],
    ["password.ref", "vault-item", undefined],
    ["API-KEY-NAME", "slack-api-key", undefined],
    ["PASSWORD_MIN_LENGTH", "twelve", undefined],
    ["TOKEN_TTL", "1h", undefined],
    ["TOKEN_EXPIRY", "1h", undefined],
    ["SECRET_ROTATION", "weekly", undefined],
    // ...only as a separate word at the end
    ["TOKENFILE", "abcdef", named("TOKENFILE")],
    ["WEBHOOK_NAMESPACE_TOKEN", "abc123def456", named("WEBHOOK_NAMESPACE_TOKEN")],
    // values that carry nothing
    ["PASSWORD", "", undefined],
    ["PASSWORD", "   ", undefined],
    ["PASSWORD", "/etc/secrets/pw", undefined],
    ["SECRET_ROTATION_DAYS", "30", undefined],
    ["TOKEN_BUCKET_RATE", "0.25", undefined],
    ["TOKEN_OFFSET", "-3", undefined],
    ["WEBHOOK_ENABLED", "true", undefined],
    ["WEBHOOK_ENABLED", "FALSE", undefined],
    ["WEBHOOK_ENABLED", "yes", undefined],
    ["WEBHOOK_ENABLED", "no", undefined],
    ["WEBHOOK_ENABLED", "on", undefined],
    ["WEBHOOK_ENABLED", "off", undefined],
    ["PASSWORD", 1234, undefined],
    ["PASSWORD", undefined, undefined],
    // ...and values that look like those but are not
    ["PASSWORD", "/not a path", named("PASSWORD")],
    ["PASSWORD", "abc/def", named("PASSWORD")],
    ["PASSWORD", "12abc", named("PASSWORD")],
    ["PASSWORD", "1.2.3", named("PASSWORD")],
    ["PASSWORD", "casino", named("PASSWORD")],
    ["PASSWORD", "yesterday", named("PASSWORD")],
    ["PASSWORD", " hunter2 ", named("PASSWORD")],
  ];
  for (const [name, value, expected] of cases) {
    it(`${name}=${JSON.stringify(value)}: ${expected ?? "nothing"}`, () => assert.strictEqual(credentialInNamedValue(name, value), expected));
  }
});

describe("credentialsInConfigText", () => {
  it("a YAML file: credentials by value anywhere and inline Alertmanager fields", () => {
    assert.deepStrictEqual(credentialsInConfigText(`notify: ${SLACK_URL}\n`), [SLACK]);
    assert.deepStrictEqual(credentialsInConfigText("global:\n  smtp_auth_password: hunter2\n"), [
      'an inline "smtp_auth_password" (use "smtp_auth_password_file")',
    ]);
  });

  it("global.slack_api_url beside a Slack app token is the Web API method, not a credential; without one it is", () => {
    const method = "slack_api_url: https://slack.com/api/chat.postMessage\n";
    assert.deepStrictEqual(credentialsInConfigText(`global:\n  slack_app_token_file: /etc/alertmanager/secrets/slackAppToken\n  ${method}`), []);
    assert.deepStrictEqual(credentialsInConfigText(`global:\n  ${method}`), ['an inline "slack_api_url" (use "slack_api_url_file")']);
    assert.deepStrictEqual(credentialsInConfigText(`global:\n  slack_app_token: xoxb-1\n  ${method}`), [
      'an inline "slack_app_token" (use "slack_app_token_file")',
    ]);
  });

  it("a JSON file is YAML too", () => {
    assert.deepStrictEqual(credentialsInConfigText('{"receivers": [{"name": "r", "pushover_configs": [{"user_key": "u123", "token": "t456"}]}]}'), [
      'an inline "user_key" (use "user_key_file")',
      'an inline "token" (use "token_file")',
    ]);
  });

  it("a file that is not YAML is still searched for credentials by value", () => {
    const template =
      '{{ define "slack.text" }}{{ .CommonLabels.alertname }}{{ end }}\ncurl -H "Authorization: Bearer abcdefghijklmnopqrstuvwx" https://api.example.com\n';
    assert.deepStrictEqual(credentialsInConfigText(template), [BEARER]);
    assert.deepStrictEqual(credentialsInConfigText(`[slack]\nurl = ${SLACK_URL}\n`), [SLACK]);
    assert.deepStrictEqual(credentialsInConfigText("[smtp]\nhost = mail.example.com\n"), []);
  });

  it("a script whose comment reads as a YAML alias naming no anchor is searched by value, not thrown at", () => {
    const script = (hook: string) =>
      `"use strict";\n/**\n * Stand-in for every receiver: \`POST /<kind>\`, and any\n * sub-path for kinds whose notifier appends its API's path\n * and answers the way the real service does, so it is a success:\n * more text\n */\nconst hook = "${hook}";\n`;
    assert.deepStrictEqual(credentialsInConfigText(script(SLACK_URL)), [SLACK]);
    assert.deepStrictEqual(credentialsInConfigText(script("http://alerting-capture:9099/slack")), []);
    assert.deepStrictEqual(credentialsInConfigText("smtp_auth_password: *undefined\n"), []);
  });

  it("a file that is YAML only in part is read as far as it parses", () => {
    assert.deepStrictEqual(credentialsInConfigText("global:\n  smtp_auth_password: hunter2\n  resolve_timeout: [5m\n"), [inline("smtp_auth_password")]);
  });

  it("reading a template emits no YAML warning", async () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on("warning", listener);
    try {
      credentialsInConfigText('{{ define "slack.text" }}{{ .CommonLabels.alertname }}{{ end }}\n{{/* Shared */}}\n');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    assert.deepStrictEqual(warnings, []);
  });

  it("a url is read only as text", () => {
    assert.deepStrictEqual(
      credentialsInConfigText("receivers:\n  - name: r\n    webhook_configs:\n      - url: [https://hooks.example.com/Zk3qL9xPw2mN8vB4tY7rA1sD]\n"),
      [],
    );
  });

  it("an inline field must hold text", () => {
    assert.deepStrictEqual(credentialsInConfigText("global:\n  smtp_auth_password: ''\n  opsgenie_api_key: '  '\n  slack_api_url: null\n"), []);
    assert.deepStrictEqual(credentialsInConfigText("receivers:\n  - name: r\n    pushover_configs:\n      - token: { nested: x }\n"), []);
  });

  it("names each inline field once, however often it appears", () => {
    const text =
      "receivers:\n  - name: a\n    opsgenie_configs:\n      - api_key: k1\n  - name: b\n    victorops_configs:\n      - api_key: k2\n        routing_key: ops\n";
    assert.deepStrictEqual(credentialsInConfigText(text), ['an inline "api_key" (use "api_key_file")']);
  });
});
