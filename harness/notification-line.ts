/** One captured notification as one readable line: time, receiver, integration, status and alert names. Pure. */
import type { Notification } from "./notifications";

/** Every template's title starts `[FIRING:n] alertname` or `[RESOLVED] alertname` (components/render/templates.ts). */
const TITLE = /\[(FIRING|RESOLVED)(?::\d+)?\] ?([A-Za-z_:][\w:]*)?/;

export interface NotificationSummary {
  time: string;
  receiver: string;
  kind: string;
  status: string;
  alerts: string[];
}

export function summarize(n: Notification): NotificationSummary {
  const time = new Date(n.at).toISOString().slice(11, 19);
  const payloadAlerts: { labels?: { alertname?: string } }[] | undefined = Array.isArray(n.body?.alerts) ? n.body.alerts : undefined;
  const title = TITLE.exec(n.text);
  const status = typeof n.body?.status === "string" ? n.body.status : (title?.[1].toLowerCase() ?? "unknown");
  const alerts = payloadAlerts ? [...new Set(payloadAlerts.map((a) => a.labels?.alertname ?? "?"))] : title?.[2] ? [title[2]] : [];
  return { time, receiver: n.receiver, kind: n.kind, status, alerts };
}

export function notificationLine(n: Notification): string {
  const s = summarize(n);
  return `${s.time}  ${s.receiver} (${s.kind})  ${s.status}  ${s.alerts.join(", ") || "(no alert name)"}`;
}
