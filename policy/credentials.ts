/**
 * Does a value carry a credential in plain text? Policies see secret values unwrapped, so these
 * checks are structural: what a value looks like, what it is called, where it sits. Pure.
 */
import { parseDocument } from "yaml";

const VALUE_PATTERNS: [string, RegExp][] = [
  ["a Slack webhook URL", /hooks\.slack\.com\/(?:services|workflows|triggers)\//i],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{8,}/],
  ["a Microsoft Teams webhook URL", /webhook\.office\.com\/|outlook\.office(?:365)?\.com\/webhook|\.logic\.azure\.com(?::\d+)?\/workflows\//i],
  ["a PagerDuty key in a URL", /pagerduty\.com\/\S*[?&](?:routing_key|service_key|integration_key|token)=/i],
  ["basic-auth credentials in a URL", /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
  ["a private key", /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ["a bearer token", /\bBearer[ \t]+[A-Za-z0-9\-._~+/]{16,}/], // on one line: not `type: Bearer` above `credentials_file:`
  ["a token in a URL query", /https?:\/\/\S*[?&](?:token|api_key|apikey|access_token|secret|sig|signature|code)=[^&\s]{8,}/i],
];

/** Names that say "credential": password, token, secret, API key, webhook, routing key, ... */
const CREDENTIAL_NAME =
  /pass(?:word|wd)?|secret|token|api[-_]?key|webhook|routing[-_]?key|service[-_]?key|integration[-_]?key|private[-_]?key|credential|bearer/i;
/**
 * ...unless the name says it holds a reference to the credential, not the credential. (A name that
 * is nothing but one of these words is no credential name either, so a separator is required.)
 */
const REFERENCE_NAME = /[-_.](?:file|path|dir|ref|name|length|ttl|expiry|rotation)$/i;

export function credentialInValue(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return VALUE_PATTERNS.find(([, pattern]) => pattern.test(value))?.[0];
}

/** A value is worth worrying about if it is not empty, a path, a number or a boolean. */
function substantive(value: string): boolean {
  const v = value.trim();
  return v !== "" && !/^\/\S*$/.test(v) && !/^-?\d+(?:\.\d+)?$/.test(v) && !/^(?:true|false|yes|no|on|off)$/i.test(v);
}

export function credentialInNamedValue(name: string, value: unknown): string | undefined {
  const byValue = credentialInValue(value);
  if (byValue) return byValue;
  if (typeof value === "string" && CREDENTIAL_NAME.test(name) && !REFERENCE_NAME.test(name) && substantive(value)) {
    return `a value named "${name}"`;
  }
  return undefined;
}

/**
 * Alertmanager 0.33 fields that hold a credential inline where a `<field>_file` form exists: the
 * field, and the section it must sit in to be one (none: a credential wherever it appears).
 */
const INLINE_FIELDS: [field: string, onlyUnder?: string][] = [
  // global:
  ["smtp_auth_password"],
  ["smtp_auth_secret"],
  ["slack_api_url"],
  ["victorops_api_key"],
  ["opsgenie_api_key"],
  ["wechat_api_secret"],
  ["telegram_bot_token"],
  ["rocketchat_token"],
  ["rocketchat_token_id"],
  ["mattermost_webhook_url"],
  // any http_config (and Prometheus's): basic_auth, authorization, oauth2, the old bearer token
  ["password"],
  ["credentials"],
  ["client_secret"],
  ["bearer_token"],
  // receivers
  ["auth_password"], // email
  ["auth_secret"], // email
  ["routing_key", "pagerduty_configs"], // a VictorOps routing_key names a route
  ["service_key"], // pagerduty
  ["api_url", "slack_configs"], // other receivers' api_url is a plain endpoint
  ["api_key"], // opsgenie, victorops
  ["api_secret"], // wechat
  ["user_key"], // pushover
  ["token"], // pushover, rocketchat
  ["token_id"], // rocketchat
  ["bot_token"], // telegram
  ["webhook_url"], // discord, msteams, msteamsv2, mattermost
  ["alert_source_token"], // incidentio
];

const isInlineField = (key: string, parents: string[]) =>
  INLINE_FIELDS.some(([field, onlyUnder]) => field === key && (onlyUnder === undefined || parents.includes(onlyUnder)));

/** Receivers whose `url` (with a `url_file` form) is itself the credential when it carries one. */
const URL_RECEIVERS = ["webhook_configs", "incidentio_configs"];

type Visitor = (key: string, value: unknown, parents: string[]) => void;

/** Visits every key of a parsed document with the keys above it (list indices among them). */
function walk(value: unknown, visit: Visitor, parents: string[]): void {
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, parents);
      walk(v, visit, [...parents, k]);
    }
  }
}

/**
 * Credentials in a configuration file's text (a ConfigMap value, an uploaded file): inline
 * Alertmanager credential fields instead of their `*_file` form, a webhook `url` that carries
 * credentials, and anything that looks like a credential by value.
 */
export function credentialsInConfigText(text: string): string[] {
  const found = new Set<string>();
  const byValue = credentialInValue(text);
  if (byValue) found.add(byValue);
  const visit: Visitor = (key, value, parents) => {
    if (isInlineField(key, parents) && typeof value === "string" && value.trim() !== "") {
      found.add(`an inline "${key}" (use "${key}_file")`);
    }
    if (
      key === "url" &&
      URL_RECEIVERS.some((r) => parents.includes(r)) &&
      typeof value === "string" &&
      (credentialInValue(value) || /\/[A-Za-z0-9_-]{20,}(?:\/|$)/.test(value))
    ) {
      found.add('a webhook "url" carrying credentials (use "url_file")');
    }
  };
  // The file as YAML (JSON is YAML too), read as far as it parses, quietly: a template is no YAML and has little to walk.
  // Stryker disable next-line ArrayDeclaration,StringLiteral: a made-up parent above the top level names no section; any log level but "warn"/"debug" is quiet
  walk(parseDocument(text, { logLevel: "error" }).toJS(), visit, []);
  return [...found];
}
