/**
 * Does a value carry a credential in plain text? Policies see secret values unwrapped, so these
 * checks are structural: what a value looks like, what it is called, where it sits. Pure.
 */
import { parseDocument } from "yaml";
import { inlineFieldAdvice, URL_SECTIONS } from "./credential-fields";

/**
 * Credentials recognisable by shape, most specific first (a value is named by the first that
 * matches). Some have no shape of their own and are caught by field name only (credential-fields.ts),
 * or where a URL or header below frames them: an Opsgenie key and a VictorOps key are UUIDs like any
 * other, a PagerDuty routing key is 32 hex digits like any checksum, Pushover's user key and token,
 * Rocket.Chat's token and token id, a WeChat secret and an incident.io token are random strings.
 */
const VALUE_PATTERNS: [string, RegExp][] = [
  ["a Slack webhook URL", /hooks\.slack\.com\/(?:services|workflows|triggers)\//i],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{8,}/],
  ["a Microsoft Teams webhook URL", /webhook\.office\.com\/|outlook\.office(?:365)?\.com\/webhook|\.logic\.azure\.com(?::\d+)?\/workflows\//i],
  ["a Discord webhook URL", /(?:\/\/|\.)discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/\d+\/[\w-]/i], // /api/webhooks/<id>/<token>
  ["a Mattermost webhook URL", /https?:\/\/\S*\/hooks\/[a-z0-9]{26}(?![\w-])/], // /hooks/<26-character id>, the id is the credential
  ["a Telegram bot token", /(?<!\d)\d{5,16}:A[\w-]{34}(?![\w-])/], // <bot id>:<35 characters>, alone or in api.telegram.org/bot<token>/
  ["a VictorOps key in a URL", /victorops\.com\/integrations\/generic\/\d+\/alert\/[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}/i], // .../alert/<api key>/<routing key>
  ["an incident.io token in a URL", /incident\.io\/\S*[?&]token=[^&\s]/i], // alert_events/http/<source id>?token=<token>
  ["an Opsgenie key in a GenieKey header", /\bGenieKey[ \t]+[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/i],
  ["an AWS secret access key", /aws_secret_access_key["']?[ \t]*[=:][ \t]*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i], // as an AWS credentials file or env names it
  ["an AWS access key ID", /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/], // long-term (AKIA) or temporary (ASIA)
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
 * Beside a global Slack app token, `global.slack_api_url` is the Slack Web API method the token is
 * sent to (chat.postMessage), not a webhook URL: no secret.
 */
function usesSlackAppToken(document: unknown): boolean {
  const global = (document as { global?: Record<string, unknown> } | undefined)?.global;
  return !!global && typeof global === "object" && ("slack_app_token" in global || "slack_app_token_file" in global);
}

/** An inline credential field holds text, or a list of it (header secrets); an empty one holds nothing. */
const carries = (value: unknown): boolean =>
  typeof value === "string" ? value.trim() !== "" : Array.isArray(value) && value.some((v) => typeof v === "string" && v.trim() !== "");

/**
 * Query parameters a remote store or gateway takes a credential in, whatever its length (the
 * program's config refuses the same ones; the pack imports nothing from it).
 */
const CREDENTIAL_QUERY = /^(?:token|access_token|auth|auth_token|api_key|apikey|key|secret|password|passwd|sig|signature|x-amz-signature|code)$/i;
const REMOTE_WRITE_ADVICE = 'use basic_auth, authorization or oauth2 with a "*_file"';

/** A Prometheus remote_write `url` with user:password@ or a credential query parameter. */
function urlCarriesCredential(value: unknown): boolean {
  try {
    const url = new URL(String(value));
    return !!(url.username || url.password) || [...url.searchParams].some(([name, v]) => CREDENTIAL_QUERY.test(name) && v !== "");
  } catch {
    return false;
  }
}

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
 * Alertmanager credential fields (credential-fields.ts) instead of their `*_file` form, a webhook
 * `url` that carries credentials, a Prometheus remote_write `url` or header that does, and
 * anything that looks like a credential by value.
 */
export function credentialsInConfigText(text: string): string[] {
  const found = new Set<string>();
  const byValue = credentialInValue(text);
  if (byValue) found.add(byValue);
  const document = readYaml(text);
  const slackWebApi = usesSlackAppToken(document);
  const visit: Visitor = (key, value, parents) => {
    const instead = inlineFieldAdvice(key, parents);
    const webApiMethod = slackWebApi && key === "slack_api_url" && parents.length === 1 && parents[0] === "global";
    if (instead && carries(value) && !webApiMethod) found.add(`an inline "${key}" (${instead})`);
    const urlSection = URL_SECTIONS.find(([section]) => parents.includes(section));
    if (key === "url" && urlSection && typeof value === "string" && (credentialInValue(value) || /\/[A-Za-z0-9_-]{20,}(?:\/|$)/.test(value))) {
      found.add(`a webhook "url" carrying credentials (${urlSection[1]})`);
    }
    // Prometheus' remote_write: a URL or a header holds the credential where the store expects it.
    if (parents[0] === "remote_write" && parents.length === 2 && key === "url" && urlCarriesCredential(value)) {
      found.add(`a remote_write "url" carrying credentials (${REMOTE_WRITE_ADVICE})`);
    }
    if (parents[0] === "remote_write" && parents[2] === "headers" && parents.length === 3 && credentialInNamedValue(key, value)) {
      found.add(`a remote_write header "${key}" holding a credential (${REMOTE_WRITE_ADVICE})`);
    }
  };
  // Stryker disable next-line ArrayDeclaration: a made-up parent above the top level names no section
  walk(document, visit, []);
  return [...found];
}

/**
 * The file as YAML (JSON is YAML too), read as far as it parses, quietly: a template or a script is
 * no YAML and has little to walk. Nothing but its value is read of a file with an alias that names
 * no anchor (a script's comment line starting with `*` reads as one), which YAML cannot read at all.
 */
function readYaml(text: string): unknown {
  let read: unknown;
  try {
    // Stryker disable next-line StringLiteral: any log level but "warn"/"debug" is quiet
    read = parseDocument(text, { logLevel: "error" }).toJS();
  } catch {
    // an alias that names no anchor: nothing to walk
  }
  return read;
}
