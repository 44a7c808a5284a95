/**
 * `alerting:audit`: Alertmanager's event recorder (0.33, `--enable-feature=event-recorder`), an
 * audit trail of alerts, notifications, silences and inhibitions, written to a size-bounded file on
 * each replica's data volume and, optionally, posted to a collector ([audit.md](../docs/audit.md)).
 */
import type { z } from "zod";
import type { ConfigIssue } from "./errors";
import { bool, credentialFreeUrl, credentialKey, int, memory, obj, oneOf, text } from "./fields";
import { parseMemory } from "./quantities";

/**
 * 50Mi: an event is 0.5 to 3 KB of JSON (a notification event carries its alerts), so one file holds
 * tens of thousands of events, days of a busy cluster, and every file kept costs 0.5% of the
 * default 10Gi volume.
 */
export const DEFAULT_AUDIT_MAX_FILE_SIZE = "50Mi";
/** The file being written and two rotated ones, as the containers' json-file logs keep (alerting:local.logMaxFiles). */
export const DEFAULT_AUDIT_MAX_FILES = 3;
/** Below this a file rotates every few events: 1Mi holds hundreds of them. */
const MIN_AUDIT_FILE_BYTES = 2 ** 20;
/** Files kept: the rotation renames through them one by one, so more than this is a volume mistake. */
const MAX_AUDIT_FILES = 20;

/** Why the webhook's URL must not carry a credential: Alertmanager's schema gives it no file form. */
const INLINE_ONLY =
  ". Alertmanager's event recorder takes its webhook URL inline only (no url_file), so the URL is written into alertmanager.yml; give the collector's credential as alerting:audit.webhook.credential (a secret key, delivered as a file)";

/** The collector's URL: not a secret, so nothing in it may be one. */
const collectorUrl = () => credentialFreeUrl("https://audit.example.com/alertmanager/events", INLINE_ONLY, { tokenSegments: true });

const webhookSchema = obj({
  url: collectorUrl().describe(
    "The collector events are POSTed to, one JSON event per request. Not a secret: Alertmanager takes it inline only, so a URL with a user, a token query or a token-like path segment is refused.",
  ),
  credential: credentialKey()
    .optional()
    .describe(
      "The secret config key holding the collector's credential (a bearer token, or the basic-auth password); delivered as a file. Unset: no authentication.",
    ),
  authorization: oneOf(["bearer", "basic"])
    .default("bearer")
    .describe("How the credential is sent: `Authorization: Bearer <credential>`, or basic auth with `username`."),
  username: text("a user name").optional().describe("The basic-auth user (with `authorization: basic`)."),
});

export const auditSchema = obj({
  enabled: bool().default(false).describe("Turn Alertmanager's event recorder on: every replica appends its events to a file on its data volume."),
  maxFileSize: memory()
    .default(DEFAULT_AUDIT_MAX_FILE_SIZE)
    // What is no quantity at all is memory()'s to report.
    .refine((v) => (parseMemory(v) ?? MIN_AUDIT_FILE_BYTES) >= MIN_AUDIT_FILE_BYTES, { error: 'is below 1Mi; use e.g. "50Mi"' })
    .describe("The events file is rotated (renamed) by a sidecar once it passes this size; Alertmanager itself never bounds it."),
  maxFiles: int(2, MAX_AUDIT_FILES)
    .default(DEFAULT_AUDIT_MAX_FILES)
    .describe("Files kept per replica, the one being written included; the oldest goes at each rotation."),
  webhook: webhookSchema
    .optional()
    .describe("Also POST every event to a collector. Kafka, the recorder's third output, is not supported yet ([audit.md](audit.md#kafka))."),
}).prefault({});

export type AuditConfig = z.output<typeof auditSchema>;

/** The collector's credential, when one is named: a secret key like a receiver's. */
export function auditCredential(audit: AuditConfig): string | undefined {
  return audit.enabled ? audit.webhook?.credential : undefined;
}

/**
 * Checks across audit's keys and against the rest of the stack: basic auth needs its user and a
 * credential, a user needs basic auth, a webhook needs the recorder on, and the collector's
 * credential must be set on the local target too (there is no stand-in for a collector; on
 * kubernetes every credential is required already, config/checks.ts).
 */
export function checkAudit(audit: AuditConfig, target: string, values: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const webhook = audit.webhook;
  if (!webhook) return issues;
  const at = (field: string) => ["audit", "webhook", field];
  if (!audit.enabled)
    issues.push({
      path: ["audit", "webhook"],
      value: webhook.url,
      message: "is set while alerting:audit.enabled is false; set enabled: true or remove the webhook",
    });
  if (webhook.authorization === "basic" && webhook.username === undefined)
    issues.push({ path: at("username"), message: "is required with authorization: basic; set the collector's user name" });
  if (webhook.authorization === "basic" && webhook.credential === undefined)
    issues.push({ path: at("credential"), message: "is required with authorization: basic; name the secret key holding the password" });
  if (webhook.username !== undefined && webhook.authorization !== "basic")
    issues.push({
      path: at("username"),
      value: webhook.username,
      message: `is set while authorization is ${webhook.authorization}; use authorization: basic or remove it`,
    });
  const credential = auditCredential(audit);
  if (credential !== undefined && target !== "kubernetes" && !(credential in values))
    issues.push({
      path: [credential],
      message: `is required by alerting:audit.webhook (the collector's credential); set it with: pulumi config set --secret ${credential} <value>`,
    });
  return issues;
}

/** Bytes of one events file before it is rotated. */
export const auditMaxFileBytes = (audit: AuditConfig): number => parseMemory(audit.maxFileSize)!;

/**
 * What the files may hold on a replica's volume, with a margin: every file kept at its size, plus
 * what Alertmanager writes between two of the sidecar's checks (components/render/audit.ts), taken
 * as at most one more file's worth (the sidecar's probe fails beyond it).
 */
export const auditDiskBytes = (audit: AuditConfig): number => audit.maxFiles * AUDIT_OVERSHOOT_FACTOR * auditMaxFileBytes(audit);

/** A file may grow to this many times maxFileSize before the sidecar's probe reports it stuck. */
export const AUDIT_OVERSHOOT_FACTOR = 2;

/** A warning when the audit files could fill more than a tenth of Alertmanager's volume (kubernetes; docker volumes have no size). */
export function auditWarnings(audit: AuditConfig, target: string, volumeSize: string): string[] {
  const volume = parseMemory(volumeSize) ?? 0;
  return audit.enabled && target === "kubernetes" && auditDiskBytes(audit) * AUDIT_VOLUME_SHARE > volume
    ? [
        `alerting:audit: ${audit.maxFiles} files of up to ${AUDIT_OVERSHOOT_FACTOR} x ${audit.maxFileSize} could fill more than a tenth of the ${volumeSize} volume (alerting:alertmanager.storage.size), which also holds silences and the notification log; lower maxFileSize or maxFiles`,
      ]
    : [];
}

/** The audit files may take up to a tenth of the volume: the rest is silences, the notification log and headroom. */
const AUDIT_VOLUME_SHARE = 10;
