/**
 * Alertmanager's event recorder output (alerting:audit) read back: its JSONL files, rotated ones
 * included, or the bodies its webhook output POSTs (the same JSON, one event each), as typed events
 * saying which replica did what to which alert, silence or receiver. The shapes are protojson's
 * rendering of eventrecorder/eventrecorderpb/eventrecorder.proto at v0.33.1 (docs/audit.md).
 */
import { existsSync, readFileSync } from "fs";

/** The recorder's event types, by their key under `data`. */
export const AUDIT_EVENT_KINDS = [
  "alertmanagerStartupEvent",
  "alertmanagerShutdownEvent",
  "alertCreated",
  "alertResolved",
  "alertGrouped",
  "notification",
  "silenceCreated",
  "silenceUpdated",
  "silenceMutedAlert",
  "inhibitionMutedAlert",
] as const;
export type AuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];

export interface AuditAlert {
  name: string;
  /** A 64-bit number, as protojson writes it: a decimal string. */
  fingerprint: string;
  labels: Record<string, string>;
}

export interface AuditSilence {
  id: string;
  createdBy: string;
  comment: string;
  /** As Alertmanager renders them, e.g. `team="a"`. */
  matchers: string[];
  startsAt: string;
  endsAt: string;
}

export interface AuditEvent {
  kind: AuditEventKind;
  /** RFC 3339, when the replica recorded it. */
  time: string;
  /** The name the caller gave the file (a pod or container name); "" for a webhook body. */
  replica: string;
  /** The recording replica's host name. */
  instance: string;
  /** The replica's position among its peers (0 without clustering): who notifies first. */
  clusterPosition: number;
  /** The alerts it concerns: the created, grouped, resolved or muted alert, or a notification's alerts. */
  alerts: AuditAlert[];
  /** The receiver of the alert's group (grouped, resolved, notification). */
  receiver?: string;
  /** The integration that delivered a notification, e.g. `webhook[0]`. */
  integration?: string;
  /** Why a notification went out, e.g. `NOTIFY_REASON_FIRST_NOTIFICATION`. */
  reason?: string;
  /** The silence created, updated or muting the alert. */
  silence?: AuditSilence;
  /** The event as recorded, for whatever the fields above leave out. */
  raw: Record<string, unknown>;
}

type Json = Record<string, any>;

const labelsOf = (set: Json | undefined): Record<string, string> =>
  Object.fromEntries(((set?.labels ?? []) as { key: string; value?: string }[]).map((l) => [l.key, l.value ?? ""]));

const alertOf = (a: Json | undefined): AuditAlert[] =>
  a ? [{ name: a.name ?? labelsOf(a.labels).alertname ?? "", fingerprint: String(a.fingerprint ?? ""), labels: labelsOf(a.labels) }] : [];

/** A muted alert carries its labels and fingerprint only. */
const mutedOf = (m: Json | undefined): AuditAlert[] =>
  m ? [{ name: labelsOf(m.labels).alertname ?? "", fingerprint: String(m.fingerprint ?? ""), labels: labelsOf(m.labels) }] : [];

const silenceOf = (s: Json | undefined): AuditSilence | undefined =>
  s && {
    id: s.id,
    createdBy: s.createdBy ?? "",
    comment: s.comment ?? "",
    matchers: ((s.matchers ?? []) as Json[]).map((m) => m.rendered),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
  };

function details(kind: AuditEventKind, d: Json): Pick<AuditEvent, "alerts" | "receiver" | "integration" | "reason" | "silence"> {
  switch (kind) {
    case "alertCreated":
      return { alerts: alertOf(d.alert) };
    case "alertGrouped":
    case "alertResolved":
      return { alerts: alertOf(d.alert?.details), receiver: d.groupInfo?.receiverName };
    case "notification":
      return {
        alerts: ((d.alerts ?? []) as Json[]).flatMap((a) => alertOf(a.details)),
        receiver: d.groupInfo?.receiverName,
        integration: d.integration && `${d.integration.name}[${d.integration.index ?? 0}]`,
        reason: d.reason,
      };
    case "silenceCreated":
    case "silenceUpdated":
      return { alerts: [], silence: silenceOf(d.silence) };
    case "silenceMutedAlert":
      return { alerts: mutedOf(d.mutedAlert), silence: silenceOf(d.silence) };
    case "inhibitionMutedAlert":
      return { alerts: mutedOf(d.mutedAlert) };
    default:
      return { alerts: [] };
  }
}

/** One recorded event; undefined for what is not one (a line cut short while the file was read, an event type this version does not know). */
export function parseAuditEvent(text: string, replica: string): AuditEvent | undefined {
  let event: Json;
  try {
    event = JSON.parse(text);
  } catch {
    return undefined;
  }
  const data: Json = event?.data ?? {};
  const kind = AUDIT_EVENT_KINDS.find((k) => k in data);
  if (!kind) return undefined;
  return {
    kind,
    time: event["@timestamp"],
    replica,
    instance: event.instance ?? "",
    clusterPosition: event.clusterPosition ?? 0,
    ...details(kind, data[kind]),
    raw: event,
  };
}

/** The file and the ones the rotation sidecar made of it (`<file>.1` the newest), oldest first. */
export function auditFiles(path: string): string[] {
  const rotated: string[] = [];
  for (let i = 1; existsSync(`${path}.${i}`); i++) rotated.unshift(`${path}.${i}`);
  return [...rotated, ...(existsSync(path) ? [path] : [])];
}

/** Every event in the given replicas' files (rotated ones included), in time order. */
export function readAuditEvents(files: { replica: string; path: string }[]): AuditEvent[] {
  const events = files.flatMap(({ replica, path }) =>
    auditFiles(path).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line) => parseAuditEvent(line, replica) ?? []),
    ),
  );
  return events.sort((a, b) => (timeKey(a.time) < timeKey(b.time) ? -1 : timeKey(a.time) > timeKey(b.time) ? 1 : 0));
}

/** A timestamp that sorts as text: protojson writes 0, 3, 6 or 9 fraction digits, padded here to 9. */
function timeKey(time: string): string {
  const m = /^([^.Z]*)(?:\.(\d+))?Z$/.exec(time);
  return m ? `${m[1]}.${(m[2] ?? "").padEnd(9, "0")}` : time;
}
