/**
 * Each integration kind's Alertmanager block (`<kind>_configs`), one row per kind of the registry in
 * config/integrations.ts: the compiler refuses a kind without its row here. A row renders the kind's
 * own fields; renderIntegration adds what the registry declares for every kind: the credential
 * files (only ever as `*_file` paths), the endpoint, the text fields (our templates unless the user
 * gave one) and send_resolved.
 */
import { NATIVE_KINDS, RECEIVER_KINDS } from "../../config/alertmanager-fields";
import { CredentialSlot, INTEGRATIONS, IntegrationConfig, IntegrationKind, integrationCredentials, snakeCase } from "../../config/integrations";
import { kindOfNative, NativeLists, walkNative } from "../../config/native-config";
import { captureUrl } from "./capture";

export interface IntegrationContext {
  /** The path of the file Alertmanager reads a credential from. */
  file: (key: string) => string;
  /** The endpoint to post to instead of the service's own (the local capture container). */
  endpoint?: string;
}

interface IntegrationRenderer<K extends IntegrationKind> {
  /** The receiver key Alertmanager reads the list from. */
  configsKey: string;
  /** The kind's own fields: not the credentials, the endpoint, the text fields or `send_resolved`, which the registry declares. */
  render: (config: IntegrationConfig<K>) => Record<string, unknown>;
  /** The body of our template `<kind>.alerting.<field>` for each text field the registry lists (templates.ts defines them). */
  templates: { [T in (typeof INTEGRATIONS)[K]["templates"][number]]: string };
}

const TITLE = '{{ template "alerting.title" . }}';
const ALERTS_TEXT = '{{ template "alerting.alerts.text" . }}';
const ALERTS_MARKDOWN = '{{ template "alerting.alerts.markdown" . }}';
/** Title and text for the chat kinds that take Markdown. */
const MARKDOWN = { title: TITLE, text: ALERTS_MARKDOWN };

const SLACK_TEXT =
  String.raw`*Status:* {{ .Status }} | *Firing:* {{ .Alerts.Firing | len }} | *Resolved:* {{ .Alerts.Resolved | len }}
{{ range .Alerts -}}
• *{{ .Labels.alertname }}* [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
{{ with .Annotations.description }}  {{ . }}
{{ end }}  *Labels:*{{ range .Labels.SortedPairs }} ` +
  "`{{ .Name }}={{ .Value }}`" +
  String.raw`{{ end }}
  {{ with .Annotations.runbook_url }}*Runbook:* <{{ . }}|{{ . }}> | {{ end }}*Source:* <{{ .GeneratorURL }}|{{ .GeneratorURL }}>
{{ end -}}`;

/** Levels by our severities: critical, high, warning, info, anything else. */
const bySeverity = (critical: string, high: string, warning: string, info: string, other: string) =>
  `{{ if eq .CommonLabels.severity "critical" }}${critical}{{ else if eq .CommonLabels.severity "high" }}${high}{{ else if eq .CommonLabels.severity "warning" }}${warning}{{ else if eq .CommonLabels.severity "info" }}${info}{{ else }}${other}{{ end }}`;

const template = (name: string) => `{{ template "${name}" . }}`;

/** Only the keys whose value is set: Alertmanager's own default applies to the others. */
const defined = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

export const INTEGRATION_RENDERERS: { [K in IntegrationKind]: IntegrationRenderer<K> } = {
  slack: { configsKey: "slack_configs", render: (c) => ({ channel: c.channel }), templates: { title: TITLE, text: SLACK_TEXT } },
  pagerduty: {
    configsKey: "pagerduty_configs",
    // Events API v2 severities: critical, error, warning, info.
    templates: {
      description: `${TITLE}{{ with .CommonAnnotations.summary }}: {{ . }}{{ end }}`,
      severity: bySeverity("critical", "error", "warning", "info", "info"),
      source: "{{ or .CommonLabels.service .CommonLabels.instance .CommonLabels.job .CommonLabels.alertname }}",
    },
    render: () => ({
      component: "{{ or .CommonLabels.component .CommonLabels.service .CommonLabels.job }}",
      group: "{{ or .CommonLabels.domain .CommonLabels.namespace }}",
      class: "{{ .CommonLabels.alertname }}",
      // Alertmanager (0.30+) reads each rendered value as YAML: the alert lists go as JSON, so a
      // summary containing ": " cannot turn into a map (upstream's own default since 0.30).
      details: {
        firing: "{{ .Alerts.Firing | toJson }}",
        resolved: "{{ .Alerts.Resolved | toJson }}",
        num_firing: "{{ .Alerts.Firing | len }}",
        num_resolved: "{{ .Alerts.Resolved | len }}",
        tenant_id: "{{ .CommonLabels.tenant_id }}",
        severity: "{{ .CommonLabels.severity }}",
      },
      links: [
        { href: template("alerting.runbook"), text: "Runbook" },
        { href: "{{ (index .Alerts 0).GeneratorURL }}", text: "Source" },
      ],
    }),
  },
  webhook: { configsKey: "webhook_configs", render: (c) => ({ max_alerts: c.maxAlerts }), templates: {} },
  msteams: {
    configsKey: "msteams_configs",
    render: () => ({}),
    templates: {
      title: TITLE,
      text: String.raw`{{ range .Alerts }}**{{ .Labels.alertname }}** [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}{{ with .Annotations.runbook_url }} — [runbook]({{ . }}){{ end }} — [source]({{ .GeneratorURL }})

{{ end -}}`,
    },
  },
  msteamsv2: { configsKey: "msteamsv2_configs", render: () => ({}), templates: MARKDOWN },
  discord: {
    configsKey: "discord_configs",
    render: (c) => defined({ username: c.username, avatar_url: c.avatarUrl }),
    templates: { title: TITLE, message: ALERTS_MARKDOWN },
  },
  mattermost: { configsKey: "mattermost_configs", render: (c) => defined({ channel: c.channel, username: c.username }), templates: MARKDOWN },
  telegram: {
    configsKey: "telegram_configs",
    render: (c) =>
      defined({ chat_id: c.chatId, message_thread_id: c.messageThreadId, parse_mode: c.parseMode, disable_notifications: c.disableNotifications || undefined }),
    // parse_mode HTML: values are escaped, and only b, i, a, code and pre tags are allowed.
    templates: {
      message: String.raw`<b>{{ template "alerting.title" . }}</b>
{{ range .Alerts }}
<b>{{ .Labels.alertname }}</b> [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
{{ with .Annotations.runbook_url }}<a href="{{ . }}">runbook</a> | {{ end }}<a href="{{ .GeneratorURL }}">source</a>
{{ end -}}`,
    },
  },
  opsgenie: {
    configsKey: "opsgenie_configs",
    render: (c) =>
      defined({
        responders:
          c.responders.length > 0
            ? c.responders.map((r) => (r.type === "user" ? { username: r.name, type: r.type } : { name: r.name, type: r.type }))
            : undefined,
        tags: c.tags.length > 0 ? c.tags.join(",") : undefined,
      }),
    // Alertmanager cuts the message at 130 characters; priorities P1 to P5.
    templates: { message: TITLE, description: ALERTS_TEXT, priority: bySeverity("P1", "P2", "P3", "P4", "P5") },
  },
  victorops: {
    configsKey: "victorops_configs",
    render: (c) => ({ routing_key: c.routingKey }),
    // While firing one of CRITICAL, WARNING, INFO; Alertmanager sends RECOVERY when resolved.
    templates: { messageType: bySeverity("CRITICAL", "CRITICAL", "WARNING", "INFO", "INFO"), entityDisplayName: TITLE, stateMessage: ALERTS_TEXT },
  },
  pushover: {
    configsKey: "pushover_configs",
    render: (c) => defined({ device: c.device, sound: c.sound }),
    // Title at most 250 characters, message 1024; 2 is an emergency, repeated until acknowledged.
    templates: {
      title: TITLE,
      message: ALERTS_TEXT,
      priority: `{{ if eq .Status "firing" }}${bySeverity("2", "1", "0", "0", "0")}{{ else }}0{{ end }}`,
    },
  },
  webex: { configsKey: "webex_configs", render: (c) => ({ room_id: c.roomId }), templates: { message: `**${TITLE}**\n\n${ALERTS_MARKDOWN}` } },
  rocketchat: { configsKey: "rocketchat_configs", render: (c) => ({ channel: c.channel }), templates: MARKDOWN },
  jira: {
    configsKey: "jira_configs",
    render: (c) =>
      defined({
        http_config: { basic_auth: { username: c.username } },
        project: c.project,
        issue_type: c.issueType,
        labels: c.labels.length > 0 ? c.labels : undefined,
        api_type: c.apiType,
        resolve_transition: c.resolveTransition,
        reopen_transition: c.reopenTransition,
        reopen_duration: c.reopenDuration,
      }),
    // API v2: the description is text (with a v3 URL it must be Atlassian Document Format JSON); no priority for other severities.
    templates: { summary: TITLE, description: ALERTS_TEXT, priority: bySeverity("Highest", "High", "Medium", "Low", "") },
  },
  wechat: {
    configsKey: "wechat_configs",
    render: (c) => defined({ corp_id: c.corpId, agent_id: c.agentId, to_user: c.toUser, to_party: c.toParty, to_tag: c.toTag, message_type: c.messageType }),
    templates: { message: `${TITLE}\n${ALERTS_TEXT}` },
  },
  incidentio: { configsKey: "incidentio_configs", render: (c) => ({ max_alerts: c.maxAlerts }), templates: {} },
  sns: {
    configsKey: "sns_configs",
    render: (c) =>
      defined({
        sigv4: defined({ region: c.region, profile: c.profile, role_arn: c.roleArn }),
        topic_arn: c.topicArn,
        target_arn: c.targetArn,
        phone_number: c.phoneNumber,
        attributes: c.attributes,
      }),
    // AWS takes a subject of ASCII on one line, under 100 characters.
    templates: {
      subject: String.raw`{{ printf "[%s] %s (%s) tenant=%s" (.Status | toUpper) .CommonLabels.alertname .CommonLabels.severity .CommonLabels.tenant_id | reReplaceAll "^(.{0,99}).*$" "$1" }}`,
      message: `${TITLE}\n${ALERTS_TEXT}`,
    },
  },
};

/** `value` at a dotted path, as nested objects: `http_config.proxy_url` -> { http_config: { proxy_url } }. */
function at(path: string, value: unknown): Record<string, unknown> {
  return path.split(".").reduceRight<Record<string, unknown>>((inner, key, i, keys) => (i === keys.length - 1 ? { [key]: value } : { [key]: inner }), {});
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merged key by key (a credential file and a user name both under `http_config.basic_auth`). */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** The Alertmanager field a slot's file path goes to, or undefined when Alertmanager learns it from its environment. */
export const fileField = (slot: CredentialSlot) => ("field" in slot.file ? slot.file.field : undefined);

/** One integration's entry in its `<kind>_configs` list. */
export function renderIntegration<K extends IntegrationKind>(kind: K, config: IntegrationConfig<K>, context: IntegrationContext): Record<string, unknown> {
  const row = INTEGRATIONS[kind];
  const drops: readonly string[] = (context.endpoint && "standInDrops" in row && row.standInDrops) || [];
  const c = Object.fromEntries(Object.entries(config).filter(([k]) => !drops.includes(k))) as IntegrationConfig<K>;
  const fields = c as Record<string, unknown>;
  const endpoint = "endpoint" in row ? (context.endpoint ?? fields[row.endpoint.field]) : undefined;
  const parts = [
    ...integrationCredentials(kind, c).flatMap(({ slot, key }) => {
      const field = fileField(slot);
      return field ? [at(field, context.file(key))] : [];
    }),
    "endpoint" in row && endpoint !== undefined ? at(row.endpoint.path, endpoint) : {},
    INTEGRATION_RENDERERS[kind].render(c),
    Object.fromEntries(row.templates.map((t) => [snakeCase(t), fields[t] ?? template(`${kind}.alerting.${snakeCase(t)}`)])),
    { send_resolved: c.sendResolved },
  ];
  return parts.reduce(merge, {});
}

/** Whether the capture stand-in takes a kind's place at an endpoint field rather than in the credential itself. */
export const hasEndpoint = (kind: IntegrationKind) => "endpoint" in INTEGRATIONS[kind];

export interface NativeContext {
  /** The path of the file Alertmanager reads a credential from. */
  file: (key: string) => string;
  /** Whether a credential is left to the capture stand-in (local stack, not set). */
  captured: (key: string) => boolean;
  captureBaseUrl?: string;
}

/**
 * A receiver's entries in Alertmanager's own schema, as alertmanager.yml lists them: each field as
 * written, each `{ credential: <key> }` as the path of its file at the field's `*_file` twin. An
 * entry whose credential is left to the capture stand-in and whose kind posts a key to an endpoint
 * field (PagerDuty's `url`, `api_url`) is pointed at the stand-in there, as the program's own form is.
 */
export function renderNativeIntegrations(receiver: NativeLists, context: NativeContext): Record<string, Record<string, unknown>[]> {
  const lists = NATIVE_KINDS.filter((kind) => (receiver[kind] ?? []).length > 0).map((kind) => {
    const entries = receiver[kind]!.map((entry) => {
      const block = walkNative(RECEIVER_KINDS[kind], entry, [], context.file);
      const integration = kindOfNative(kind);
      const row = integration === "smtp" ? undefined : INTEGRATIONS[integration];
      // PagerDuty's Events API v1 posts a service_key to a fixed URL whatever `url` says (0.33.1), so no endpoint would reach the stand-in.
      const v1 = block.credentials.some((c) => c.path.join(".") === "service_key");
      const captured = v1 ? undefined : block.credentials.find((c) => c.holds === "key" && context.captured(c.key));
      const endpoint = row && "endpoint" in row && !("proxy" in row.endpoint) ? row.endpoint.path : undefined;
      return captured && endpoint && context.captureBaseUrl && integration !== "smtp"
        ? merge(block.rendered!, at(endpoint, captureUrl(context.captureBaseUrl, integration, captured.key)))
        : block.rendered!;
    });
    return [kind, entries] as const;
  });
  return Object.fromEntries(lists);
}
