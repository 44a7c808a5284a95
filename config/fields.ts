/**
 * Field builders for the config schema. Each carries the message a user sees after the
 * key and the bad value, so it says what is accepted.
 */
import { z } from "zod";
import { compileMatcherRegex, LABEL_NAME_PATTERN, parseMatcher } from "./matchers";
import { DURATION_PATTERN, parseByteSize, parseCpu, parseMemory } from "./quantities";

export const SEVERITIES = ["critical", "high", "warning", "info", "none"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Routing severity -> a team's words for it (config/severity-words.ts); a key outside SEVERITIES says which are accepted. */
export const severityWords = () =>
  z.partialRecord(z.enum(SEVERITIES), list(text("a severity word such as page").min(1, { error: "is empty; use a word such as page" })), {
    // zod reports keys outside the enum as unrecognized_keys, which its issue type for records omits.
    error: (issue) => {
      const keys = (issue as { keys?: string[] }).keys;
      return keys
        ? `names ${keys.map((k) => JSON.stringify(k)).join(", ")}, not a routing severity; use one of ${SEVERITIES.join(", ")}`
        : "is not a map of routing severities to lists of words";
    },
  });

export function text(accepted: string) {
  return z.string({ error: `is not a string; use ${accepted}` });
}

/** A strict object: a misspelt key is an error, never a silent fall-back to a default. */
export function obj<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; accepted keys: ${Object.keys(shape).join(", ")}`
        : "is not an object; use a YAML map",
  });
}

export function list<T extends z.ZodType>(item: T) {
  return z.array(item, { error: "is not a list; use a YAML list" });
}

export const bool = () => z.boolean({ error: "is not a boolean; use true or false" });

export const int = (min: number, max: number) =>
  z
    .number({ error: `is not a number; use a whole number from ${min} to ${max}` })
    .int({ error: `is not a whole number; use a whole number from ${min} to ${max}` })
    .min(min, { error: `is out of range; use a whole number from ${min} to ${max}` })
    .max(max, { error: `is out of range; use a whole number from ${min} to ${max}` });

export const duration = () =>
  text("a duration such as 30s, 5m, 4h")
    .regex(DURATION_PATTERN, {
      error: "is not a duration; use e.g. 30s, 5m, 4h",
    })
    .refine((v) => v !== "", { error: "is not a duration; use e.g. 30s, 5m, 4h" });

export const cpu = () =>
  text('a CPU quantity such as "500m" or "2"').refine((v) => (parseCpu(v) ?? 0) > 0, {
    error: 'is not a positive CPU quantity; use e.g. "100m", "0.5", "2"',
  });

/** 0 is refused: it is Prometheus' default, no size limit, which leaving the key out says. */
export const byteSize = () =>
  text('a size such as "50GB"').refine((v) => (parseByteSize(v) ?? 0) > 0, {
    error: 'is not a positive size with a unit; use a number and one of B, KB, MB, GB, TB, PB, EB, e.g. "50GB" (powers of 2: 1KB is 1024B)',
  });

export const memory = () =>
  text('a memory quantity such as "256Mi"').refine((v) => (parseMemory(v) ?? 0) > 0, {
    error: 'is not a positive memory quantity; use e.g. "128Mi", "2Gi"',
  });

export const labelName = () =>
  text("a label name").regex(LABEL_NAME_PATTERN, {
    error: "is not a valid label name; use letters, digits and _, not starting with a digit",
  });

export const matcher = () =>
  text('a matcher such as severity="critical"').superRefine((value, ctx) => {
    const parsed = parseMatcher(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: 'is not a matcher; use e.g. severity="critical" or alertname=~"KEDA.*"' });
      return;
    }
    if ((parsed.op === "=~" || parsed.op === "!~") && !compileMatcherRegex(parsed.value)) {
      ctx.addIssue({ code: "custom", message: 'has an invalid regular expression; use RE2 syntax such as "Node.*|.*Disk.*"' });
    }
  });

/** Query parameters that hold a credential, as stores, gateways and collectors name them. */
const CREDENTIAL_QUERY = /^(?:token|access_token|auth|auth_token|api_key|apikey|key|secret|password|passwd|sig|signature|x-amz-signature|code)$/i;
/** A path segment this long of token characters is a credential by shape (the policy pack flags the same). */
const TOKEN_SEGMENT = /\/[A-Za-z0-9_-]{20,}(?:\/|$)/;

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * An http(s) URL that ends up in a rendered file, so nothing in it may be a credential: no
 * user:password@, no credential query parameter and, with `tokenSegments`, no token-shaped path
 * segment. Each refusal ends with `remedy`: where the credential goes instead.
 */
export const credentialFreeUrl = (example: string, remedy: string, options: { tokenSegments?: boolean } = {}) =>
  text("an http(s) URL").superRefine((value, ctx) => {
    const url = parseUrl(value);
    if (url?.protocol !== "http:" && url?.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: `is not an http(s) URL; use e.g. ${example}` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: `carries credentials (user:password@); remove them${remedy}` });
    } else {
      const keys = [...new Set(url.searchParams.keys())].filter((k) => CREDENTIAL_QUERY.test(k));
      if (keys.length > 0) ctx.addIssue({ code: "custom", message: `carries a credential in its query (${keys.join(", ")}); remove it${remedy}` });
      else if (options.tokenSegments && TOKEN_SEGMENT.test(url.pathname))
        ctx.addIssue({ code: "custom", message: `has a path segment shaped like a token (20 or more letters and digits); remove it${remedy}` });
    }
  });

export const httpUrl = () =>
  text("an http(s) URL").refine(
    (v) => {
      const url = parseUrl(v);
      // The URL parser refuses an http(s) URL without a host.
      return (url?.protocol === "http:" || url?.protocol === "https:") && !url.username && !url.password;
    },
    { error: "is not an http(s) URL without credentials; use e.g. https://alertmanager.example.com" },
  );

/** Kubernetes' limit on a DNS subdomain (object names, key prefixes); a DNS label or a name part is at most 63. */
const MAX_SUBDOMAIN_LENGTH = 253;
const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const isDnsSubdomain = (v: string) => v.length <= MAX_SUBDOMAIN_LENGTH && DNS_SUBDOMAIN_PATTERN.test(v);

/** Kubernetes' qualified name, the syntax of label and annotation keys: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
function isQualifiedName(v: string): boolean {
  const [prefix, name] = v.includes("/") ? [v.slice(0, v.lastIndexOf("/")), v.slice(v.lastIndexOf("/") + 1)] : [undefined, v];
  return (prefix === undefined || isDnsSubdomain(prefix)) && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(name);
}

export const annotationKey = () =>
  text("an annotation key").refine(isQualifiedName, {
    error: "is not an annotation key; use e.g. eks.amazonaws.com/role-arn (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)",
  });

/** A map of annotations; a bad key reports the key's own message, not the map's. */
export const annotations = () =>
  z.record(annotationKey(), text("an annotation value"), {
    error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : "is not a map of annotation keys to values"),
  });

export const labelKey = () =>
  text("a Kubernetes label key").refine(isQualifiedName, {
    error:
      "is not a Kubernetes label key; use e.g. kubernetes.io/os or node-role.kubernetes.io/monitoring (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)",
  });

export const labelValue = () =>
  text("a Kubernetes label value").regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, {
    error: "is not a Kubernetes label value; use at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit",
  });

/** DNS-1123 subdomain: names of Secrets, IngressClasses, StorageClasses, PriorityClasses. */
export const dnsSubdomain = () =>
  text("a DNS subdomain").refine(isDnsSubdomain, {
    error: "is not a DNS subdomain; use lower-case letters, digits, - and ., starting and ending with a letter or digit, at most 253 characters",
  });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `is not accepted; use one of ${values.join(", ")}` });

/** DNS-1123 label: Kubernetes namespace and object names. */
export const dnsLabel = () =>
  text("a DNS label").regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: "is not a DNS label; use lower-case letters, digits and -, at most 63 characters",
  });

export const image = () =>
  text('an image reference such as "prom/alertmanager:v0.33.1"')
    .regex(/^[a-z0-9][a-z0-9._\-/:]*(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/, {
      error: 'is not a pinned image; use repository:tag or repository@sha256:digest, e.g. "prom/alertmanager:v0.33.1"',
    })
    .refine((v) => !/:latest$/.test(v), { error: 'uses the "latest" tag; pin a version, e.g. "prom/alertmanager:v0.33.1"' });

export const emailAddress = () =>
  text("an e-mail address").regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, { error: "is not an e-mail address; use e.g. oncall@example.com" });

export const hostPort = () =>
  text("host:port").regex(/^(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}$/, { error: "is not host:port; use e.g. smtp.example.com:587" });

export const ipv4 = () =>
  text("an IPv4 address").regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { error: "is not an IPv4 address; use e.g. 127.0.0.1" });

/** Credential names are Pulumi config keys, Kubernetes Secret keys and file names at once. */
export const credentialKey = () =>
  text("a config key name").regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, {
    error: "is not a credential config key; use letters and digits, e.g. slackWebhookUrl",
  });

export const name = () =>
  text("a name").regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, {
    error: "is not a valid name; use letters, digits, -, _ and ., at most 63 characters",
  });

export const timeOfDay = () => text("HH:MM").regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: "is not a time of day; use HH:MM from 00:00 to 24:00" });

export const timeZone = () =>
  text("an IANA time zone").refine(
    (v) => {
      try {
        // Throws on an unknown time zone, the empty one included.
        new Intl.DateTimeFormat("en-US", { timeZone: v });
        return true;
      } /* Stryker disable next-line BlockStatement: an empty catch returns undefined, which refine treats as false */ catch {
        return false;
      }
    },
    { error: "is not an IANA time zone; use e.g. America/Los_Angeles or UTC" },
  );

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
export const weekdayRange = () =>
  text("a weekday or range").refine(
    (v) => {
      const [from, to, extra] = v.split(":");
      return extra === undefined && WEEKDAYS.includes(from) && (to === undefined || WEEKDAYS.indexOf(to) >= WEEKDAYS.indexOf(from));
    },
    { error: `is not a weekday or range; use e.g. monday:friday or sunday (days: ${WEEKDAYS.join(", ")})` },
  );

/** A folder inside the project, so the stack config works on every machine that has the repository. */
export const projectFolder = () =>
  text("a folder path relative to the project").refine((v) => v !== "" && !v.startsWith("/") && !/^[a-zA-Z]:/.test(v), {
    error: "is not a relative folder path; use a path from the project root, e.g. rules/payments",
  });
