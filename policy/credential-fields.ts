/**
 * Where an Alertmanager 0.33 configuration holds a credential inline: every field of type `Secret`
 * or `SecretURL` (the types Alertmanager hides on its status page), read from its source at
 * v0.33.1 with prometheus/common v0.67.5 and prometheus/sigv4 v0.4.1, its go.mod's versions.
 * Pure data and two small lookups.
 */

/**
 * A credential field: its key; the section it must sit in (a key above it) to be one, where the
 * bare key is ambiguous or the advice holds only there; and what to use instead (`"<key>_file"` if
 * not given). A key of "*" is any key right below that section (a map of header names).
 */
export type InlineField = [field: string, onlyUnder?: string, instead?: string];

export const INLINE_FIELDS: InlineField[] = [
  // global: (alertmanager config/config.go, GlobalConfig)
  ["smtp_auth_password"],
  ["smtp_auth_secret"],
  ["slack_api_url"], // SecretURL
  ["slack_app_token"],
  ["opsgenie_api_key"],
  ["wechat_api_secret"],
  ["victorops_api_key"],
  ["telegram_bot_token"],
  ["rocketchat_token"],
  ["rocketchat_token_id"],
  ["mattermost_webhook_url"], // SecretURL
  // receivers (config/notifiers.go unless named)
  ["auth_password"], // email
  ["auth_secret"], // email
  ["routing_key", "pagerduty_configs"], // a VictorOps routing_key is a plain string: it names a route
  ["service_key"], // pagerduty
  ["api_url", "slack_configs"], // SecretURL; the api_url of opsgenie, victorops, wechat, telegram, webex, rocketchat, jira and sns is a plain endpoint
  ["app_token"], // slack
  ["api_key"], // opsgenie, victorops
  ["api_secret"], // wechat
  ["user_key"], // pushover
  ["token"], // pushover, rocketchat
  ["token_id"], // rocketchat
  ["bot_token"], // telegram
  ["webhook_url"], // SecretURL: discord (notify/discord/config.go), msteams (notify/msteams/config.go), msteamsv2, mattermost (notify/mattermost/config.go)
  ["alert_source_token"], // incidentio (notify/incidentio/config.go)
  ["secret_key", "sigv4", 'sigv4 has no "secret_key_file": use "profile" or "role_arn"'], // sns (prometheus/sigv4 sigv4_config.go); access_key is a plain string
  // any http_config, global or per receiver (prometheus/common config/http_config.go), and Prometheus's
  ["password"], // basic_auth
  ["credentials"], // authorization
  ["client_secret"], // oauth2
  ["client_certificate_key"], // oauth2
  ["bearer_token"], // deprecated, still read
  ["key", "tls_config"], // TLSConfig: any tls_config, the email receiver's and oauth2's included
  ["key", "smtp_tls_config"], // global
  ["secrets", "http_headers", 'use "files"'], // <header>: { values, secrets, files } (config/headers.go)
  ["*", "proxy_connect_header", "proxy_connect_header has no file form"], // <header>: [<secret>, ...] (config/config.go ProxyHeader), oauth2's too
];

/** Is `key`, with the keys above it, an inline credential field; if so, what to use instead. */
export function inlineFieldAdvice(key: string, parents: string[]): string | undefined {
  const hit = INLINE_FIELDS.find(([field, onlyUnder]) =>
    field === "*" ? parents[parents.length - 1] === onlyUnder : field === key && (onlyUnder === undefined || parents.includes(onlyUnder)),
  );
  return hit && (hit[2] ?? `use "${key}_file"`);
}

/**
 * Sections whose `url` is a secret URL that may or may not carry a credential: a webhook's
 * (SecretTemplateURL, notify/webhook/config.go) and an event recorder webhook output's (SecretURL,
 * eventrecorder/webhook.go, new in 0.33, with no file form). An incident.io `url` is a plain URL in
 * 0.33 (notify/incidentio/config.go): its path names the alert source, the token is
 * `alert_source_token` or, by shape, a `token` in its query.
 */
export const URL_SECTIONS: [section: string, instead: string][] = [
  ["webhook_configs", 'use "url_file"'],
  ["webhook_outputs", 'event_recorder has no "url_file"'],
];
