/**
 * Every field Alertmanager 0.33.1 reads in a receiver's `<kind>_configs` entry and in `global`, one
 * entry per field: the single definition the native receiver schema (config/native-config.ts), its
 * renderer, the import (import/) and the generated field table of docs/receivers.md all read.
 * Read from the Go structs of Alertmanager v0.33.1 (config/notifiers.go, config/config.go,
 * notify/<kind>/config.go), prometheus/common v0.67.5 (config/http_config.go, config/headers.go) and
 * prometheus/sigv4 v0.4.1, the versions its go.mod pins; `amtool check-config` in the tests holds
 * the rendered files to the real parser.
 *
 * A secret-bearing field (Alertmanager's `Secret`, `SecretURL`, `SecretTemplateURL`) is never given
 * inline: the stack names a secret config key (`{ credential: <key> }`) and the renderer writes the
 * path of its file to the `file` twin. A plain field with a file twin (a CA, a user name, a chat id)
 * takes either. The `*_ref` fields are left out: they name a secret manager Alertmanager never has.
 */

/** What a plain field holds, as YAML gives it. `any`: Alertmanager reads a structure of its own (PagerDuty details, a webhook payload). */
export type Scalar = "string" | "bool" | "int" | "duration" | "strings" | "map" | "any";

/**
 * A field: a plain value; a plain value with a file twin; a secret (`holds` what its file holds; no
 * `file`: Alertmanager 0.33 has no file form, so it is refused; `plainBeside`: the sibling field
 * that, when set, makes the value a plain endpoint rather than a secret); a nested section or a list
 * of them; or `http_headers` (a header name -> values, secrets (files) and files).
 */
export type FieldDef =
  | Scalar
  | { type: Scalar; file: string }
  | { secret: SecretHolds; file?: string; plainBeside?: string }
  | { section: SectionName }
  | { list: SectionName }
  | { headers: true };

/** `key`: a token or password; `url`: a URL whose path or query is the credential; `headers`: a map of header names to secret values. */
export type SecretHolds = "key" | "url" | "headers";

/** The nested sections a field may hold, by name. */
export type SectionName =
  | "http_config"
  | "basic_auth"
  | "authorization"
  | "oauth2"
  | "tls_config"
  | "sigv4"
  | "threading"
  | "mattermost_props"
  | "mattermost_priority"
  | "slack_confirm"
  | "pagerduty_image"
  | "pagerduty_link"
  | "slack_field"
  | "slack_action"
  | "opsgenie_responder"
  | "mattermost_field"
  | "mattermost_attachment";

export type Section = Record<string, FieldDef>;

export const SECTIONS = {
  http_config: {
    basic_auth: { section: "basic_auth" },
    authorization: { section: "authorization" },
    oauth2: { section: "oauth2" },
    bearer_token: { secret: "key", file: "bearer_token_file" },
    tls_config: { section: "tls_config" },
    follow_redirects: "bool",
    enable_http2: "bool",
    proxy_url: "string",
    no_proxy: "string",
    proxy_from_environment: "bool",
    proxy_connect_header: { secret: "headers" },
    http_headers: { headers: true },
  },
  basic_auth: {
    username: { type: "string", file: "username_file" },
    password: { secret: "key", file: "password_file" },
  },
  authorization: {
    type: "string",
    credentials: { secret: "key", file: "credentials_file" },
  },
  oauth2: {
    client_id: "string",
    client_secret: { secret: "key", file: "client_secret_file" },
    client_certificate_key_id: "string",
    client_certificate_key: { secret: "key", file: "client_certificate_key_file" },
    grant_type: "string",
    signature_algorithm: "string",
    iss: "string",
    audience: "string",
    claims: "any",
    scopes: "strings",
    token_url: "string",
    endpoint_params: "map",
    tls_config: { section: "tls_config" },
    proxy_url: "string",
    no_proxy: "string",
    proxy_from_environment: "bool",
    proxy_connect_header: { secret: "headers" },
  },
  tls_config: {
    ca: { type: "string", file: "ca_file" },
    cert: { type: "string", file: "cert_file" },
    key: { secret: "key", file: "key_file" },
    server_name: "string",
    insecure_skip_verify: "bool",
    min_version: "string",
    max_version: "string",
  },
  sigv4: {
    region: "string",
    access_key: "string",
    secret_key: { secret: "key" },
    profile: "string",
    role_arn: "string",
    external_id: "string",
    use_fips_sts_endpoint: "bool",
    service_name: "string",
  },
  threading: {
    enabled: "bool",
    thread_by_date: "string",
  },
  mattermost_props: {
    card: "string",
  },
  mattermost_priority: {
    priority: "string",
    requested_ack: "bool",
    persistent_notifications: "bool",
  },
  slack_confirm: {
    text: "string",
    title: "string",
    ok_text: "string",
    dismiss_text: "string",
  },
  pagerduty_image: {
    src: "string",
    alt: "string",
    href: "string",
  },
  pagerduty_link: {
    href: "string",
    text: "string",
  },
  slack_field: {
    title: "string",
    value: "string",
    short: "bool",
  },
  slack_action: {
    type: "string",
    text: "string",
    url: "string",
    style: "string",
    name: "string",
    value: "string",
    confirm: { section: "slack_confirm" },
  },
  opsgenie_responder: {
    id: "string",
    name: "string",
    username: "string",
    type: "string",
  },
  mattermost_field: {
    title: "string",
    value: "string",
    short: "bool",
  },
  mattermost_attachment: {
    fallback: "string",
    color: "string",
    pretext: "string",
    text: "string",
    author_name: "string",
    author_link: "string",
    author_icon: "string",
    title: "string",
    title_link: "string",
    fields: { list: "mattermost_field" },
    thumb_url: "string",
    footer: "string",
    footer_icon: "string",
    image_url: "string",
  },
} as const satisfies Record<SectionName, Section>;

/** What each HTTP notifier embeds, first among its fields: Alertmanager's NotifierConfig (send_resolved) and its HTTP client. */
const HTTP_NOTIFIER = { send_resolved: "bool", http_config: { section: "http_config" } } as const;

export const RECEIVER_KINDS = {
  discord_configs: {
    ...HTTP_NOTIFIER,
    webhook_url: { secret: "url", file: "webhook_url_file" },
    content: "string",
    title: "string",
    message: "string",
    username: "string",
    avatar_url: "string",
  },
  email_configs: {
    send_resolved: "bool",
    to: "string",
    from: "string",
    hello: "string",
    smarthost: "string",
    auth_username: "string",
    auth_password: { secret: "key", file: "auth_password_file" },
    auth_secret: { secret: "key", file: "auth_secret_file" },
    auth_identity: "string",
    headers: "map",
    html: "string",
    text: "string",
    require_tls: "bool",
    tls_config: { section: "tls_config" },
    force_implicit_tls: "bool",
    threading: { section: "threading" },
  },
  incidentio_configs: {
    ...HTTP_NOTIFIER,
    url: { type: "string", file: "url_file" },
    alert_source_token: { secret: "key", file: "alert_source_token_file" },
    max_alerts: "int",
    timeout: "duration",
  },
  pagerduty_configs: {
    ...HTTP_NOTIFIER,
    service_key: { secret: "key", file: "service_key_file" },
    routing_key: { secret: "key", file: "routing_key_file" },
    url: "string",
    client: "string",
    client_url: "string",
    description: "string",
    details: "any",
    images: { list: "pagerduty_image" },
    links: { list: "pagerduty_link" },
    source: "string",
    severity: "string",
    class: "string",
    component: "string",
    group: "string",
    timeout: "duration",
  },
  slack_configs: {
    ...HTTP_NOTIFIER,
    api_url: { secret: "url", file: "api_url_file" },
    app_token: { secret: "key", file: "app_token_file" },
    app_url: "string",
    channel: "string",
    username: "string",
    color: "string",
    title: "string",
    title_link: "string",
    pretext: "string",
    text: "string",
    message_text: "string",
    fields: { list: "slack_field" },
    short_fields: "bool",
    footer: "string",
    fallback: "string",
    callback_id: "string",
    icon_emoji: "string",
    icon_url: "string",
    image_url: "string",
    thumb_url: "string",
    link_names: "bool",
    mrkdwn_in: "strings",
    actions: { list: "slack_action" },
    update_message: "bool",
    timeout: "duration",
  },
  webhook_configs: {
    ...HTTP_NOTIFIER,
    url: { secret: "url", file: "url_file" },
    max_alerts: "int",
    timeout: "duration",
    payload: "any",
  },
  opsgenie_configs: {
    ...HTTP_NOTIFIER,
    api_key: { secret: "key", file: "api_key_file" },
    api_url: "string",
    message: "string",
    description: "string",
    source: "string",
    details: "map",
    entity: "string",
    responders: { list: "opsgenie_responder" },
    actions: "string",
    tags: "string",
    note: "string",
    priority: "string",
    update_alerts: "bool",
  },
  wechat_configs: {
    ...HTTP_NOTIFIER,
    api_secret: { secret: "key", file: "api_secret_file" },
    corp_id: "string",
    message: "string",
    api_url: "string",
    to_user: "string",
    to_party: "string",
    to_tag: "string",
    agent_id: "string",
    message_type: "string",
  },
  pushover_configs: {
    ...HTTP_NOTIFIER,
    user_key: { secret: "key", file: "user_key_file" },
    token: { secret: "key", file: "token_file" },
    title: "string",
    message: "string",
    url: "string",
    url_title: "string",
    device: "string",
    sound: "string",
    priority: "string",
    retry: "duration",
    expire: "duration",
    ttl: "duration",
    html: "bool",
    monospace: "bool",
  },
  victorops_configs: {
    ...HTTP_NOTIFIER,
    api_key: { secret: "key", file: "api_key_file" },
    api_url: "string",
    routing_key: "string",
    message_type: "string",
    state_message: "string",
    entity_display_name: "string",
    monitoring_tool: "string",
    custom_fields: "map",
  },
  sns_configs: {
    ...HTTP_NOTIFIER,
    api_url: "string",
    sigv4: { section: "sigv4" },
    topic_arn: "string",
    phone_number: "string",
    target_arn: "string",
    subject: "string",
    message: "string",
    attributes: "map",
    use_aws_http_client: "bool",
  },
  telegram_configs: {
    ...HTTP_NOTIFIER,
    api_url: "string",
    bot_token: { secret: "key", file: "bot_token_file" },
    chat_id: { type: "int", file: "chat_id_file" },
    message_thread_id: "int",
    message: "string",
    disable_notifications: "bool",
    parse_mode: "string",
  },
  webex_configs: {
    ...HTTP_NOTIFIER,
    api_url: "string",
    message: "string",
    room_id: "string",
  },
  msteams_configs: {
    ...HTTP_NOTIFIER,
    webhook_url: { secret: "url", file: "webhook_url_file" },
    title: "string",
    summary: "string",
    text: "string",
  },
  msteamsv2_configs: {
    ...HTTP_NOTIFIER,
    webhook_url: { secret: "url", file: "webhook_url_file" },
    title: "string",
    text: "string",
  },
  jira_configs: {
    ...HTTP_NOTIFIER,
    api_url: "string",
    api_type: "string",
    project: "string",
    summary: "any",
    description: "any",
    labels: "strings",
    priority: "string",
    issue_type: "string",
    reopen_transition: "string",
    resolve_transition: "string",
    wont_fix_resolution: "string",
    reopen_duration: "duration",
    fields: "any",
  },
  rocketchat_configs: {
    ...HTTP_NOTIFIER,
    api_url: "string",
    token_id: { secret: "key", file: "token_id_file" },
    token: { secret: "key", file: "token_file" },
    channel: "string",
    color: "string",
    title: "string",
    title_link: "string",
    text: "string",
    fields: "any",
    short_fields: "bool",
    emoji: "string",
    icon_url: "string",
    image_url: "string",
    thumb_url: "string",
    link_names: "bool",
    actions: "any",
  },
  mattermost_configs: {
    ...HTTP_NOTIFIER,
    webhook_url: { secret: "url", file: "webhook_url_file" },
    channel: "string",
    username: "string",
    text: "string",
    fallback: "string",
    color: "string",
    pretext: "string",
    author_name: "string",
    author_link: "string",
    author_icon: "string",
    title: "string",
    title_link: "string",
    fields: { list: "mattermost_field" },
    thumb_url: "string",
    footer: "string",
    footer_icon: "string",
    image_url: "string",
    icon_url: "string",
    icon_emoji: "string",
    attachments: { list: "mattermost_attachment" },
    type: "string",
    props: { section: "mattermost_props" },
    priority: { section: "mattermost_priority" },
  },
} as const satisfies Record<string, Section>;

export const GLOBAL_FIELDS = {
  resolve_timeout: "duration",
  http_config: { section: "http_config" },
  jira_api_url: "string",
  smtp_from: "string",
  smtp_hello: "string",
  smtp_smarthost: "string",
  smtp_auth_username: "string",
  smtp_auth_password: { secret: "key", file: "smtp_auth_password_file" },
  smtp_auth_secret: { secret: "key", file: "smtp_auth_secret_file" },
  smtp_auth_identity: "string",
  smtp_require_tls: "bool",
  smtp_tls_config: { section: "tls_config" },
  smtp_force_implicit_tls: "bool",
  // Beside an app token: Slack's Web API method, no credential; and 0.33.1's loader crashes on its file form there (config/config.go).
  slack_api_url: { secret: "url", file: "slack_api_url_file", plainBeside: "slack_app_token" },
  slack_app_token: { secret: "key", file: "slack_app_token_file" },
  slack_app_url: "string",
  pagerduty_url: "string",
  opsgenie_api_url: "string",
  opsgenie_api_key: { secret: "key", file: "opsgenie_api_key_file" },
  wechat_api_url: "string",
  wechat_api_secret: { secret: "key", file: "wechat_api_secret_file" },
  wechat_api_corp_id: "string",
  victorops_api_url: "string",
  victorops_api_key: { secret: "key", file: "victorops_api_key_file" },
  telegram_api_url: "string",
  telegram_bot_token: { secret: "key", file: "telegram_bot_token_file" },
  webex_api_url: "string",
  rocketchat_api_url: "string",
  rocketchat_token: { secret: "key", file: "rocketchat_token_file" },
  rocketchat_token_id: { secret: "key", file: "rocketchat_token_id_file" },
  mattermost_webhook_url: { secret: "url", file: "mattermost_webhook_url_file" },
} as const satisfies Section;

export type NativeKind = keyof typeof RECEIVER_KINDS;
export const NATIVE_KINDS = Object.keys(RECEIVER_KINDS) as NativeKind[];

/** Where a secret field sits: `global` or a kind, and the keys down to it (a list's entry is `[]`). */
export interface SecretField {
  in: NativeKind | "global";
  path: string[];
  secret: SecretHolds | "headerSecrets";
  /** Its `*_file` twin; absent: no file form in Alertmanager 0.33. */
  file?: string;
}

function secretsIn(def: Section, path: string[]): Omit<SecretField, "in">[] {
  return Object.entries(def).flatMap(([name, d]): Omit<SecretField, "in">[] => {
    if (typeof d === "string" || "type" in d) return [];
    if ("secret" in d) return [{ path: [...path, name], secret: d.secret, ...(d.file && { file: d.file }) }];
    if ("headers" in d) return [{ path: [...path, name, "<header>", "secrets"], secret: "headerSecrets", file: "files" }];
    return secretsIn(SECTIONS["section" in d ? d.section : d.list], [...path, name, ...("list" in d ? ["[]"] : [])]);
  });
}

/** Every secret-bearing field, everywhere it can sit: what the policy pack, the leak test and the docs cover. */
export function secretFields(): SecretField[] {
  return [
    ...secretsIn(GLOBAL_FIELDS, []).map((f) => ({ in: "global" as const, ...f })),
    ...NATIVE_KINDS.flatMap((kind) => secretsIn(RECEIVER_KINDS[kind], []).map((f) => ({ in: kind, ...f }))),
  ];
}
