/**
 * The integration registry: one row per receiver kind that delivers over HTTP with a credential,
 * every kind Alertmanager 0.33 has. The receiver schema, the credential checks, the renderer
 * (components/render/receivers.ts, which the compiler holds to these kinds), the capture rewrite,
 * `npm run verify` and the leak test all loop over it. E-mail is not a row: it delivers through
 * the global SMTP settings. Field names, defaults and file fields were read from Alertmanager's
 * source at v0.33.1 (config/notifiers.go, notify/<kind>/); docs/receivers.md has the table.
 */
import { z } from "zod";
import { bool, credentialKey, duration, httpUrl, int, list, obj, text } from "./fields";
import { apiUrl, CredentialHolds, CredentialSlot, IntegrationRow, notificationTemplate, primary, refused, slot } from "./integration-row";
import { nativeReceiverSchemas } from "./native-config";

export type { CredentialHolds, CredentialSlot, IntegrationRow } from "./integration-row";

const AWS_AUTH = "credential (an AWS shared-credentials file set with pulumi config set --secret) or a workload role (alertmanager.serviceAccountAnnotations)";
const SNS_TARGETS = ["topicArn", "targetArn", "phoneNumber"];

export const INTEGRATIONS = {
  slack: {
    credentials: [primary("slackWebhookUrl", "api_url_file", "url")],
    upstreamSendResolved: false,
    fields: { channel: text("a Slack channel").regex(/^[#@]?[\w.-]{1,80}$/, { error: "is not a Slack channel; use e.g. #alerts" }) },
    templates: ["title", "text"],
  },
  pagerduty: {
    credentials: [primary("pagerdutyRoutingKey", "routing_key_file", "key")],
    endpoint: { field: "url", path: "url" },
    upstreamSendResolved: true,
    fields: { url: httpUrl().optional() },
    templates: ["description", "severity", "source"],
  },
  webhook: {
    credentials: [primary("webhookUrl", "url_file", "url")],
    upstreamSendResolved: true,
    fields: { maxAlerts: int(0, 10000).default(0) },
    templates: [],
  },
  msteams: {
    credentials: [primary("msteamsWebhookUrl", "webhook_url_file", "url")],
    upstreamSendResolved: true,
    fields: {},
    templates: ["title", "text"],
  },
  msteamsv2: {
    credentials: [primary("msteamsv2WebhookUrl", "webhook_url_file", "url")],
    upstreamSendResolved: true,
    fields: {},
    templates: ["title", "text"],
  },
  discord: {
    credentials: [primary("discordWebhookUrl", "webhook_url_file", "url")],
    upstreamSendResolved: true,
    fields: { username: text("a user name").optional(), avatarUrl: httpUrl().optional() },
    templates: ["title", "message"],
  },
  mattermost: {
    credentials: [primary("mattermostWebhookUrl", "webhook_url_file", "url")],
    upstreamSendResolved: true,
    fields: { channel: text("a Mattermost channel").optional(), username: text("a user name").optional() },
    templates: ["title", "text"],
  },
  telegram: {
    credentials: [primary("telegramBotToken", "bot_token_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: {
      apiUrl: apiUrl("https://api.telegram.org"),
      chatId: z
        .number({ error: "is not a number; use the chat's id, e.g. -1001234567890" })
        .int({ error: "is not a whole number; use the chat's id, e.g. -1001234567890" })
        .refine((v) => v !== 0, { error: "is 0; use the chat's id, e.g. -1001234567890" }),
      messageThreadId: int(1, 2147483647).optional(),
      parseMode: z.enum(["HTML", "Markdown", "MarkdownV2"], { error: "is not accepted; use one of HTML, Markdown, MarkdownV2" }).default("HTML"),
      disableNotifications: bool().default(false),
    },
    templates: ["message"],
  },
  opsgenie: {
    credentials: [primary("opsgenieApiKey", "api_key_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: {
      apiUrl: apiUrl("https://api.opsgenie.com/"),
      responders: list(
        obj({
          type: z.enum(["team", "user", "escalation", "schedule"], { error: "is not accepted; use one of team, user, escalation, schedule" }),
          name: text("a team, user name, escalation or schedule"),
        }),
      ).default([]),
      tags: list(text("a tag")).default([]),
    },
    templates: ["message", "description", "priority"],
  },
  victorops: {
    credentials: [primary("victoropsApiKey", "api_key_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: {
      apiUrl: apiUrl("https://alert.victorops.com/integrations/generic/20131114/alert/"),
      routingKey: text("a VictorOps routing key").min(1, { error: "is empty; use the routing key of the team" }),
    },
    templates: ["messageType", "entityDisplayName", "stateMessage"],
  },
  pushover: {
    credentials: [primary("pushoverUserKey", "user_key_file", "key"), slot("tokenCredential", "pushoverToken", "token_file", "key")],
    endpoint: { field: "proxyUrl", path: "http_config.proxy_url", proxy: true },
    upstreamSendResolved: true,
    fields: {
      proxyUrl: httpUrl()
        .optional()
        .describe(
          "HTTP proxy to api.pushover.net (`http_config.proxy_url`): Pushover's URL is fixed in Alertmanager 0.33, so the tests reach their stand-in this way.",
        ),
      device: text("a device name").optional(),
      sound: text("a sound name").optional(),
    },
    templates: ["title", "message", "priority"],
  },
  webex: {
    credentials: [primary("webexBotToken", "http_config.authorization.credentials_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: { apiUrl: apiUrl("https://webexapis.com/v1/messages"), roomId: text("a Webex room id").min(1, { error: "is empty; use the room's id" }) },
    templates: ["message"],
  },
  rocketchat: {
    credentials: [
      { ...primary("rocketchatToken", "token_file", "key"), readAtLoad: true },
      { ...slot("tokenIdCredential", "rocketchatTokenId", "token_id_file", "key"), readAtLoad: true },
    ],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: false,
    fields: { apiUrl: apiUrl("https://open.rocket.chat/"), channel: text("a Rocket.Chat channel").min(1, { error: "is empty; use e.g. #alerts" }) },
    templates: ["title", "text"],
  },
  jira: {
    credentials: [primary("jiraApiToken", "http_config.basic_auth.password_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: {
      apiUrl: httpUrl().describe("The REST API URL, e.g. https://example.atlassian.net/rest/api/2 (Alertmanager has no default)."),
      username: text("the Jira user (e-mail address on Jira Cloud)").min(1, { error: "is empty; use the Jira user the API token belongs to" }),
      project: text("a Jira project key").min(1, { error: "is empty; use a project key, e.g. OPS" }),
      issueType: text("a Jira issue type").min(1, { error: "is empty; use an issue type, e.g. Bug" }),
      labels: list(text("a label")).default([]),
      apiType: z.enum(["auto", "cloud", "datacenter"], { error: "is not accepted; use one of auto, cloud, datacenter" }).default("auto"),
      resolveTransition: text("a transition name").optional(),
      reopenTransition: text("a transition name").optional(),
      reopenDuration: duration().optional(),
    },
    templates: ["summary", "description", "priority"],
  },
  wechat: {
    credentials: [primary("wechatApiSecret", "api_secret_file", "key")],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: false,
    fields: {
      apiUrl: apiUrl("https://qyapi.weixin.qq.com/cgi-bin/"),
      corpId: text("a WeChat Work corp id").min(1, { error: "is empty; use the corp id" }),
      agentId: text("a WeChat Work agent id").min(1, { error: "is empty; use the application's agent id" }),
      toUser: text("user ids separated by |").optional(),
      toParty: text("party ids separated by |").optional(),
      toTag: text("tag ids separated by |").optional(),
      messageType: z.enum(["text", "markdown"], { error: "is not accepted; use one of text, markdown" }).default("text"),
    },
    templates: ["message"],
    check: (c) =>
      ["toUser", "toParty", "toTag"].some((f) => c[f]) ? [] : [{ field: "toUser", message: "is not set, nor toParty or toTag; set at least one" }],
  },
  incidentio: {
    credentials: [
      primary("incidentioUrl", "url_file", "url"),
      { ...slot("alertSourceTokenCredential", "incidentioAlertSourceToken", "alert_source_token_file", "key"), readAtLoad: true },
    ],
    upstreamSendResolved: true,
    fields: { maxAlerts: int(0, 10000).default(0) },
    templates: [],
  },
  sns: {
    // No file form for sigv4 keys in 0.33: the AWS SDK's default chain reads a shared-credentials file or a workload role.
    credentials: [{ field: "credential", file: { env: "AWS_SHARED_CREDENTIALS_FILE" }, holds: "awsSharedCredentials" }],
    endpoint: { field: "apiUrl", path: "api_url" },
    upstreamSendResolved: true,
    fields: {
      apiUrl: apiUrl("the region's SNS endpoint"),
      region: text("an AWS region").regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: "is not an AWS region; use e.g. eu-west-1" }),
      topicArn: text("an SNS topic ARN")
        .regex(/^arn:aws[\w-]*:sns:/, { error: "is not an SNS topic ARN; use e.g. arn:aws:sns:eu-west-1:123456789012:alerts" })
        .optional(),
      targetArn: text("an SNS target ARN")
        .regex(/^arn:aws[\w-]*:sns:/, { error: "is not an SNS ARN; use e.g. arn:aws:sns:eu-west-1:123456789012:endpoint/..." })
        .optional(),
      phoneNumber: text("a phone number")
        .regex(/^\+\d{6,15}$/, { error: "is not an E.164 phone number; use e.g. +14155550100" })
        .optional(),
      profile: text("a profile of the shared-credentials file").optional(),
      roleArn: text("an IAM role ARN")
        .regex(/^arn:aws[\w-]*:iam::\d{12}:role\//, { error: "is not an IAM role ARN; use e.g. arn:aws:iam::123456789012:role/alerting" })
        .optional(),
      attributes: z.record(text("an attribute name"), text("an attribute value"), { error: "is not a map of attribute names to values" }).optional(),
      accessKey: refused(AWS_AUTH),
      secretKey: refused(AWS_AUTH),
    },
    templates: ["subject", "message"],
    standInDrops: ["profile", "roleArn"],
    check: (c) => {
      const set = SNS_TARGETS.filter((f) => c[f] !== undefined);
      return set.length === 1
        ? []
        : [
            {
              field: set[1] ?? "topicArn",
              message: `${set.length === 0 ? "is not set" : `is set with ${set[0]}`}; set exactly one of ${SNS_TARGETS.join(", ")}`,
            },
          ];
    },
  },
} as const satisfies Record<string, IntegrationRow>;

export type IntegrationKind = keyof typeof INTEGRATIONS;
export const INTEGRATION_KINDS = Object.keys(INTEGRATIONS) as IntegrationKind[];

type Row<K extends IntegrationKind> = (typeof INTEGRATIONS)[K];
type SlotOf<K extends IntegrationKind> = Row<K>["credentials"][number];

/** The config field of each template field's Alertmanager twin: `stateMessage` -> `state_message`. */
export const snakeCase = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The credential slots of a kind, the primary one first. */
export const credentialSlots = (kind: IntegrationKind): readonly CredentialSlot[] => INTEGRATIONS[kind].credentials;

const HOLDS: Record<CredentialHolds, string> = { url: "the URL", key: "the key", awsSharedCredentials: "an AWS shared-credentials file" };

function integrationSchema(kind: string, row: IntegrationRow) {
  const slots = Object.fromEntries(
    row.credentials.map((s) => {
      const where = "field" in s.file ? `Alertmanager's \`${s.file.field}\`` : `\`${s.file.env}\``;
      const key = s.defaultKey ? credentialKey().default(s.defaultKey) : credentialKey().optional();
      return [s.field, key.describe(`The secret config key holding ${HOLDS[s.holds]}; its file's path goes to ${where}.`)];
    }),
  );
  const templates = Object.fromEntries(
    row.templates.map((t) => [
      t,
      notificationTemplate()
        .optional()
        .describe(`Go template of \`${snakeCase(t)}\`; unset: ours, \`${kind}.alerting.${snakeCase(t)}\`.`),
    ]),
  );
  const schema = obj({ ...row.fields, ...templates, ...slots, sendResolved: bool().default(true) });
  const check = row.check;
  return check
    ? schema.superRefine((config, ctx) => {
        const fields = config as Record<string, unknown>;
        for (const { field, message } of check(fields)) {
          ctx.addIssue({ code: "custom", path: [field], message, input: fields[field] });
        }
      })
    : schema;
}

/** What a receiver's integration of one kind looks like once parsed: its own fields, its credential and template fields, sendResolved. */
export type IntegrationConfig<K extends IntegrationKind> = z.output<z.ZodObject<Row<K>["fields"]>> & {
  [S in SlotOf<K> as S["field"]]: S extends { defaultKey: string } ? string : string | undefined;
} & { [T in Row<K>["templates"][number]]?: string } & { sendResolved: boolean };

type IntegrationSchemas = { [K in IntegrationKind]: z.ZodOptional<z.ZodType<IntegrationConfig<K>>> };

/**
 * The receiver schema's integration keys: one optional key per kind in the program's form
 * (`slack: { channel }`), and one optional `<kind>_configs` list per kind in Alertmanager's own
 * schema (config/native-config.ts), which an imported alertmanager.yml keeps field for field.
 */
export const integrationSchemas = {
  ...(Object.fromEntries(INTEGRATION_KINDS.map((kind) => [kind, integrationSchema(kind, INTEGRATIONS[kind]).optional()])) as unknown as IntegrationSchemas),
  ...nativeReceiverSchemas,
};

/** The secret config keys an integration names, slot by slot; an optional slot left unset is skipped. */
export function integrationCredentials(kind: IntegrationKind, config: object): { slot: CredentialSlot; key: string }[] {
  return credentialSlots(kind).flatMap((slot) => {
    const key = (config as Record<string, unknown>)[slot.field];
    return typeof key === "string" ? [{ slot, key }] : [];
  });
}
