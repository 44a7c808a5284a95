/**
 * Every receiver kind's block (components/render/receivers.ts over config/integrations.ts): the
 * credentials only as files, the endpoint, our templates or the user's, and the whole rendered
 * configuration of a receiver with every kind accepted by the real amtool.
 */
import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { fileField, renderIntegration } from "../../components/render/receivers";
import { NOTIFICATION_TEMPLATES } from "../../components/render/templates";
import { credentialSlots, INTEGRATIONS, IntegrationKind, snakeCase } from "../../config/integrations";
import { AlertingSpec, credentialKeys } from "../../config/spec";
import { binaries } from "../../harness/binaries";
import { templatedFields, unrenderable } from "../support/amtool";
import { run } from "../support/exec";
import { tempDir } from "../support/files";
import { EVERY_KIND, everyKindReceiver, KINDS } from "../support/receiver-kinds";
import { localSpec } from "../support/render-fixtures";

const file = (key: string) => `/s/${key}`;
const t = (name: string) => `{{ template "${name}" . }}`;

/** The spec of one receiver with every kind, each credential set as a secret. */
function everyKindSpec(receiver: Record<string, unknown> = everyKindReceiver("all")): AlertingSpec {
  const values = { receivers: [receiver], route: { receiver: "all" }, routes: [], inhibitRules: [], timeIntervals: [] };
  return localSpec(values, Object.fromEntries(credentialKeys({ target: "local", ...values }).map((k) => [k, "set"])));
}

const block = <K extends IntegrationKind>(kind: K, spec = everyKindSpec(), endpoint?: string) =>
  renderIntegration(kind, spec.receivers[0][kind] as never, { file, ...(endpoint && { endpoint }) });

/** Each new kind's whole block from EVERY_KIND (the four older kinds have theirs in render-alertmanager.test.ts). */
const BLOCKS: Partial<Record<IntegrationKind, Record<string, unknown>>> = {
  msteamsv2: { webhook_url_file: "/s/msteamsv2WebhookUrl", title: t("msteamsv2.alerting.title"), text: t("msteamsv2.alerting.text"), send_resolved: true },
  discord: { webhook_url_file: "/s/discordWebhookUrl", title: t("discord.alerting.title"), message: t("discord.alerting.message"), send_resolved: true },
  mattermost: { webhook_url_file: "/s/mattermostWebhookUrl", title: t("mattermost.alerting.title"), text: t("mattermost.alerting.text"), send_resolved: true },
  telegram: {
    bot_token_file: "/s/telegramBotToken",
    chat_id: -1001234567890,
    parse_mode: "HTML",
    message: t("telegram.alerting.message"),
    send_resolved: true,
  },
  opsgenie: {
    api_key_file: "/s/opsgenieApiKey",
    message: t("opsgenie.alerting.message"),
    description: t("opsgenie.alerting.description"),
    priority: t("opsgenie.alerting.priority"),
    send_resolved: true,
  },
  victorops: {
    api_key_file: "/s/victoropsApiKey",
    routing_key: "ops",
    message_type: t("victorops.alerting.message_type"),
    entity_display_name: t("victorops.alerting.entity_display_name"),
    state_message: t("victorops.alerting.state_message"),
    send_resolved: true,
  },
  pushover: {
    user_key_file: "/s/pushoverUserKey",
    token_file: "/s/pushoverToken",
    title: t("pushover.alerting.title"),
    message: t("pushover.alerting.message"),
    priority: t("pushover.alerting.priority"),
    send_resolved: true,
  },
  webex: {
    http_config: { authorization: { credentials_file: "/s/webexBotToken" } },
    room_id: "room-1",
    message: t("webex.alerting.message"),
    send_resolved: true,
  },
  rocketchat: {
    token_file: "/s/rocketchatToken",
    token_id_file: "/s/rocketchatTokenId",
    channel: "#alerts",
    title: t("rocketchat.alerting.title"),
    text: t("rocketchat.alerting.text"),
    send_resolved: true,
  },
  jira: {
    http_config: { basic_auth: { password_file: "/s/jiraApiToken", username: "alerts@example.com" } },
    api_url: "https://example.atlassian.net/rest/api/2",
    project: "OPS",
    issue_type: "Bug",
    api_type: "auto",
    summary: t("jira.alerting.summary"),
    description: t("jira.alerting.description"),
    priority: t("jira.alerting.priority"),
    send_resolved: true,
  },
  wechat: {
    api_secret_file: "/s/wechatApiSecret",
    corp_id: "corp",
    agent_id: "1000002",
    to_party: "2",
    message_type: "text",
    message: t("wechat.alerting.message"),
    send_resolved: true,
  },
  incidentio: { url_file: "/s/incidentioUrl", alert_source_token_file: "/s/incidentioAlertSourceToken", max_alerts: 0, send_resolved: true },
  sns: {
    sigv4: { region: "eu-west-1" },
    topic_arn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    subject: t("sns.alerting.subject"),
    message: t("sns.alerting.message"),
    send_resolved: true,
  },
};

/** `value` at a dotted path of a block. */
const at = (object: unknown, dotted: string) => dotted.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], object);

describe("render/receivers: every receiver kind", () => {
  for (const [kind, expected] of Object.entries(BLOCKS)) {
    it(`${kind}: the whole block, credentials as *_file paths`, () => assert.deepStrictEqual(block(kind as IntegrationKind), expected));
  }

  it("every kind: each credential file at its slot's field, and no inline twin of it anywhere in the block", () => {
    const spec = everyKindSpec();
    const problems = KINDS.flatMap((kind) => {
      const rendered = block(kind, spec);
      return credentialSlots(kind).flatMap((slot) => {
        const field = fileField(slot);
        if (!field) return [];
        const key = (spec.receivers[0][kind] as Record<string, string>)[slot.field];
        const inline = field.replace(/_file$/, "");
        return [
          ...(at(rendered, field) === file(key) ? [] : [`${kind}: ${field} is ${JSON.stringify(at(rendered, field))}`]),
          ...(at(rendered, inline) === undefined ? [] : [`${kind}: inline ${inline}`]),
        ];
      });
    });
    assert.deepStrictEqual(problems, []);
  });

  it("SNS: no access or secret key ever; the AWS credentials file reaches Alertmanager through AWS_SHARED_CREDENTIALS_FILE, not the block", () => {
    const sns = block("sns");
    assert.deepStrictEqual(sns.sigv4, { region: "eu-west-1" });
    assert.ok(!JSON.stringify(sns).includes("snsAwsCredentials"));
    assert.deepStrictEqual(credentialSlots("sns")[0].file, { env: "AWS_SHARED_CREDENTIALS_FILE" });
  });

  it("each kind's own fields, rendered in Alertmanager's names", () => {
    const spec = everyKindSpec({
      name: "all",
      telegram: { chatId: 42, messageThreadId: 7, parseMode: "MarkdownV2", disableNotifications: true, apiUrl: "https://tg.example.com" },
      opsgenie: {
        responders: [
          { type: "team", name: "ops" },
          { type: "user", name: "ann@example.com" },
        ],
        tags: ["a", "b"],
      },
      pushover: { device: "phone", sound: "siren", proxyUrl: "http://proxy.example.com:3128" },
      discord: { username: "am", avatarUrl: "https://example.com/a.png" },
      mattermost: { channel: "town", username: "am" },
      jira: { ...EVERY_KIND.jira, labels: ["x"], apiType: "cloud", resolveTransition: "Done", reopenTransition: "Reopen", reopenDuration: "1h" },
      wechat: { corpId: "c", agentId: "1", toUser: "@all", messageType: "markdown" },
      sns: { region: "us-east-1", phoneNumber: "+14155550100", profile: "alerting", roleArn: "arn:aws:iam::123456789012:role/am", attributes: { team: "ops" } },
    });
    const own = (kind: IntegrationKind, keys: string[]) => Object.fromEntries(keys.map((k) => [k, at(block(kind, spec), k)]));
    assert.deepStrictEqual(own("telegram", ["api_url", "chat_id", "message_thread_id", "parse_mode", "disable_notifications"]), {
      api_url: "https://tg.example.com",
      chat_id: 42,
      message_thread_id: 7,
      parse_mode: "MarkdownV2",
      disable_notifications: true,
    });
    assert.deepStrictEqual(own("opsgenie", ["responders", "tags"]), {
      responders: [
        { name: "ops", type: "team" },
        { username: "ann@example.com", type: "user" },
      ],
      tags: "a,b",
    });
    assert.deepStrictEqual(own("pushover", ["device", "sound", "http_config.proxy_url"]), {
      device: "phone",
      sound: "siren",
      "http_config.proxy_url": "http://proxy.example.com:3128",
    });
    assert.deepStrictEqual(own("discord", ["username", "avatar_url"]), { username: "am", avatar_url: "https://example.com/a.png" });
    assert.deepStrictEqual(own("mattermost", ["channel", "username"]), { channel: "town", username: "am" });
    assert.deepStrictEqual(own("jira", ["labels", "api_type", "resolve_transition", "reopen_transition", "reopen_duration"]), {
      labels: ["x"],
      api_type: "cloud",
      resolve_transition: "Done",
      reopen_transition: "Reopen",
      reopen_duration: "1h",
    });
    assert.deepStrictEqual(own("wechat", ["to_user", "to_party", "message_type"]), { to_user: "@all", to_party: undefined, message_type: "markdown" });
    const sns = block("sns", spec);
    assert.deepStrictEqual(sns.sigv4, { region: "us-east-1", profile: "alerting", role_arn: "arn:aws:iam::123456789012:role/am" });
    assert.strictEqual(sns.phone_number, "+14155550100");
    assert.deepStrictEqual(sns.attributes, { team: "ops" });
  });

  it("the stand-in's endpoint replaces the service's at each kind's field; SNS then leaves out the role and profile, which reach AWS", () => {
    const spec = everyKindSpec({
      name: "all",
      ...EVERY_KIND,
      sns: { ...EVERY_KIND.sns, profile: "p", roleArn: "arn:aws:iam::123456789012:role/am" },
    });
    const endpoints = KINDS.filter((k) => "endpoint" in INTEGRATIONS[k]).map((kind) => {
      const row = INTEGRATIONS[kind] as { endpoint: { path: string } };
      return [kind, row.endpoint.path, at(block(kind, spec, "http://capture:9099/x"), row.endpoint.path)];
    });
    assert.deepStrictEqual(endpoints, [
      ["pagerduty", "url", "http://capture:9099/x"],
      ["telegram", "api_url", "http://capture:9099/x"],
      ["opsgenie", "api_url", "http://capture:9099/x"],
      ["victorops", "api_url", "http://capture:9099/x"],
      ["pushover", "http_config.proxy_url", "http://capture:9099/x"],
      ["webex", "api_url", "http://capture:9099/x"],
      ["rocketchat", "api_url", "http://capture:9099/x"],
      ["jira", "api_url", "http://capture:9099/x"],
      ["wechat", "api_url", "http://capture:9099/x"],
      ["sns", "api_url", "http://capture:9099/x"],
    ]);
    assert.deepStrictEqual(block("sns", spec, "http://capture:9099/x").sigv4, { region: "eu-west-1" });
    assert.deepStrictEqual(block("sns", spec).sigv4, { region: "eu-west-1", profile: "p", role_arn: "arn:aws:iam::123456789012:role/am" });
  });

  it("every text field: our template by default, the user's Go template when given", () => {
    const mine = (kind: IntegrationKind, field: string) => `{{ .CommonLabels.alertname }} ${kind}.${field}`;
    const overridden = Object.fromEntries(
      KINDS.map((kind) => [kind, { ...EVERY_KIND[kind], ...Object.fromEntries(INTEGRATIONS[kind].templates.map((f) => [f, mine(kind, f)])) }]),
    );
    const spec = everyKindSpec({ name: "all", ...overridden });
    const defaults = everyKindSpec();
    const wrong = KINDS.flatMap((kind) =>
      INTEGRATIONS[kind].templates.flatMap((f: string) => {
        const field = snakeCase(f);
        const got = [block(kind, spec)[field], block(kind, defaults)[field]];
        const want = [mine(kind, f), t(`${kind}.alerting.${field}`)];
        return JSON.stringify(got) === JSON.stringify(want) ? [] : [`${kind}.${f}: ${JSON.stringify(got)}`];
      }),
    );
    assert.deepStrictEqual(wrong, []);
    assert.ok(KINDS.reduce((n, k) => n + INTEGRATIONS[k].templates.length, 0) >= 30);
  });

  it("every template a block names is defined, and each kind's text carries alertname, severity and tenant_id", () => {
    const text = renderAlertmanagerConfig(everyKindSpec(), {
      paths: { configFile: "/c", templatesDir: "/t", secretsDir: "/s", storageDir: "/d", webDir: "/w" },
    });
    const named = new Set([...text.matchAll(/template "([\w.]+)"/g)].map((m) => m[1]));
    // One per text field of every kind, and the runbook link of PagerDuty's.
    assert.strictEqual(
      named.size,
      KINDS.reduce((n, k) => n + INTEGRATIONS[k].templates.length, 1),
      [...named].join(", "),
    );
    for (const name of named) assert.ok(NOTIFICATION_TEMPLATES.includes(`{{ define "${name}"`), name);
    for (const shared of ["alerting.alerts.text", "alerting.alerts.markdown"]) {
      const body = NOTIFICATION_TEMPLATES.split(`{{ define "${shared}" -}}`)[1].split("{{- end }}\n")[0];
      for (const needle of [".Labels.alertname", ".Labels.severity", ".Labels.tenant_id"]) assert.ok(body.includes(needle), `${shared}: ${needle}`);
    }
  });
});

describe("real tools: amtool accepts a receiver with every kind", function () {
  this.timeout(60_000);
  const tmp = tempDir("receiver-kinds");
  let configFile: string;
  let glob: string;
  after(() => tmp.remove());

  before(() => {
    const paths = { configFile: "", templatesDir: tmp.dir, secretsDir: path.join(tmp.dir, "secrets"), storageDir: "/d", webDir: "/w" };
    configFile = path.join(tmp.dir, "alertmanager.yml");
    glob = path.join(tmp.dir, "*.tmpl");
    writeFileSync(configFile, renderAlertmanagerConfig(everyKindSpec(), { paths }));
    writeFileSync(path.join(tmp.dir, "notifications.tmpl"), NOTIFICATION_TEMPLATES);
  });

  it("amtool check-config: every <kind>_configs block and the templates", () => {
    const result = run(binaries().amtool, ["check-config", configFile]);
    assert.strictEqual(result.status, 0, result.output);
    assert.match(result.output, /SUCCESS/);
    const config = parse(readFileSync(configFile, "utf8"));
    const all = config.receivers.find((r: { name: string }) => r.name === "all");
    assert.deepStrictEqual(Object.keys(all).filter((k) => k.endsWith("_configs")).length, KINDS.length);
  });

  it("amtool template render: every templated field of every kind renders", () => {
    const fields = templatedFields(configFile);
    assert.ok(fields.length >= 40, `only ${fields.length} templated fields`);
    assert.deepStrictEqual(unrenderable(binaries().amtool, glob, fields), []);
  });

  it("amtool rejects a misnamed file field (the check can fail)", () => {
    const broken = path.join(tmp.dir, "broken.yml");
    writeFileSync(broken, readFileSync(configFile, "utf8").replace("bot_token_file:", "bot_token_path:"));
    const result = run(binaries().amtool, ["check-config", broken]);
    assert.notStrictEqual(result.status, 0);
    assert.match(result.output, /field bot_token_path not found/);
  });
});
