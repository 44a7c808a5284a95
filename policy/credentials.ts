/**
 * Does a value carry a credential in plain text? Policies see secret values unwrapped, so these
 * checks are structural: what a value looks like, what it is called, where it sits. Pure.
 */
import { parse } from "yaml";

const VALUE_PATTERNS: [string, RegExp][] = [
  ["a Slack webhook URL", /hooks\.slack\.com\/(?:services|workflows|triggers)\//i],
  ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{8,}/],
  ["a Microsoft Teams webhook URL", /webhook\.office\.com\/|outlook\.office(?:365)?\.com\/webhook|\.logic\.azure\.com(?::\d+)?\/workflows\//i],
  ["a PagerDuty key in a URL", /pagerduty\.com\/\S*[?&](?:routing_key|service_key|integration_key|token)=/i],
  ["basic-auth credentials in a URL", /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i],
  ["a private key", /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ["a bearer token", /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}/],
  ["a token in a URL query", /https?:\/\/\S*[?&](?:token|api_key|apikey|access_token|secret|sig|signature|code)=[^&\s]{8,}/i],
];

/** Names that say "credential": password, token, secret, API key, webhook, routing key, ... */
const CREDENTIAL_NAME = /pass(?:word|wd)?|secret|token|api[-_]?key|webhook|routing[-_]?key|service[-_]?key|integration[-_]?key|private[-_]?key|credential|bearer/i;
/** ...unless the name says it holds a reference to the credential, not the credential. */
const REFERENCE_NAME = /(?:[-_.]|^)(?:file|path|dir|ref|name|length|ttl|expiry|rotation)$/i;

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

/** Alertmanager fields that hold a credential inline where a `*_file` field exists. */
const INLINE_FIELDS = [
  "api_url", "routing_key", "service_key", "auth_password", "smtp_auth_password", "webhook_url",
  "bot_token", "api_key", "api_secret", "user_key", "token", "password", "client_secret", "credentials",
];

function walk(value: unknown, visit: (key: string, value: unknown, parents: string[]) => void, parents: string[] = []): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit, parents));
  else if (value && typeof value === "object") {
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
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [...found];
  }
  walk(doc, (key, value, parents) => {
    if (INLINE_FIELDS.includes(key) && typeof value === "string" && value.trim() !== "") {
      found.add(`an inline "${key}" (use "${key}_file")`);
    }
    if (key === "url" && parents.includes("webhook_configs") && typeof value === "string" && (credentialInValue(value) || /\/[A-Za-z0-9_-]{20,}(?:\/|$)/.test(value))) {
      found.add('a webhook "url" carrying credentials (use "url_file")');
    }
  });
  return [...found];
}
