/**
 * What the on-call engineer reads: one captured notification (the payload the capture stand-in
 * received, or the mail the SMTP sink received) turned into a typed view per service: Slack's
 * colour, title, text, fields and actions; PagerDuty's summary, severity, details and links; an
 * e-mail's subject, headers and HTML; a Teams card; a webhook's JSON. Nothing is rendered again:
 * every string is what Alertmanager sent. Used by the sandbox page and `npm run preview`. Pure.
 */
import type { Notification } from "../harness/notifications";

export interface ViewField {
  name: string;
  value: string;
}

export interface ViewLink {
  text: string;
  url: string;
}

export interface NotificationView {
  at: number;
  receiver: string;
  /** The integration kind (slack, pagerduty, email, msteams, webhook, ...). */
  kind: string;
  /** firing or resolved, as the payload or its title says; unknown when it says neither. */
  status: string;
  /** The line a person sees first: Slack's title, PagerDuty's summary, the mail's subject, a card's title. */
  title: string;
  /** The message body as sent (Slack mrkdwn, Teams Markdown, plain text), "" when the kind has none. */
  text: string;
  /** Slack's attachment colour or a Teams card's theme colour. */
  color?: string;
  /** The service's own severity or priority field, when it has one. */
  severity?: string;
  fields: ViewField[];
  links: ViewLink[];
  /** E-mail only: the HTML body, to be shown in a sandboxed frame. */
  html?: string;
  /** E-mail only: the headers as sent. */
  headers?: ViewField[];
  /** The payload as received, pretty-printed (the whole message for a webhook). */
  payload: string;
}

/** A capture as harness/notifications.ts reads it, with what it leaves out: the query string (Pushover's message) and the mail's headers. */
export interface Captured extends Notification {
  query?: Record<string, string>;
  mailHeaders?: Record<string, string>;
}

type Json = Record<string, unknown>;

const TITLE_STATUS = /^\[(FIRING|RESOLVED)/;
/** Slack's link markup: <url|label> or <url>. */
const SLACK_LINK = /<(https?:\/\/[^|>\s]+)(?:\|([^>]*))?>/g;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
const field = (name: string, value: unknown): ViewField[] => (str(value) === "" ? [] : [{ name, value: str(value) }]);

function statusOf(body: Json, title: string): string {
  if (typeof body.status === "string") return body.status;
  const m = TITLE_STATUS.exec(title);
  return m ? m[1].toLowerCase() : "unknown";
}

/** Links written into a text (Slack mrkdwn, Markdown, HTML anchors), in order, each once. */
export function linksInText(text: string): ViewLink[] {
  const found: ViewLink[] = [];
  for (const m of text.matchAll(SLACK_LINK)) found.push({ url: m[1], text: m[2] || m[1] });
  for (const m of text.matchAll(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g)) found.push({ url: m[2], text: m[1] });
  for (const m of text.matchAll(/<a\s[^>]*href="(https?:\/\/[^"]+)"[^>]*>([^<]*)<\/a>/g)) found.push({ url: m[1], text: m[2] || m[1] });
  const seen = new Set<string>();
  return found.filter((l) => !seen.has(`${l.url} ${l.text}`) && seen.add(`${l.url} ${l.text}`));
}

type Parts = Omit<NotificationView, "at" | "receiver" | "kind" | "payload" | "status">;

function slack(body: Json): Parts {
  const a = obj(list(body.attachments)[0]);
  const text = str(a.text);
  const title = str(a.title);
  return {
    title,
    text,
    color: str(a.color) || undefined,
    fields: [
      ...field("channel", body.channel),
      ...field("pretext", a.pretext),
      ...list(a.fields).flatMap((f) => field(str(obj(f).title), obj(f).value)),
      ...field("footer", a.footer),
    ],
    links: [
      ...(str(a.title_link) ? [{ text: title || "title", url: str(a.title_link) }] : []),
      ...list(a.actions).flatMap((x) => (str(obj(x).url) ? [{ text: str(obj(x).text) || str(obj(x).url), url: str(obj(x).url) }] : [])),
      ...linksInText(text),
    ],
  };
}

function pagerduty(body: Json): Parts {
  const p = obj(body.payload);
  // Events API v1 (service_key) has no payload: its description and details are at the top.
  const details = obj(body.payload ? p.custom_details : body.details);
  return {
    title: str(p.summary) || str(body.description),
    text: "",
    severity: str(p.severity) || undefined,
    fields: [
      ...field("event_action", body.event_action ?? body.event_type),
      ...field("source", p.source),
      ...field("component", p.component),
      ...field("group", p.group),
      ...field("class", p.class),
      ...Object.entries(details).flatMap(([k, v]) => field(`details.${k}`, v)),
    ],
    links: [
      ...list(body.links).flatMap((l) => (str(obj(l).href) ? [{ text: str(obj(l).text) || str(obj(l).href), url: str(obj(l).href) }] : [])),
      ...(str(body.client_url) ? [{ text: str(body.client) || "client", url: str(body.client_url) }] : []),
    ],
  };
}

/** Teams: the MessageCard of msteams_configs, or the Adaptive Card of msteamsv2_configs. */
function teams(body: Json): Parts {
  const card = obj(obj(list(body.attachments)[0]).content);
  if (card.type === "AdaptiveCard") {
    const blocks = list(card.body).map((b) => str(obj(b).text));
    const text = blocks.slice(1).join("\n\n");
    return { title: blocks[0] ?? "", text, fields: [], links: linksInText(text) };
  }
  const text = str(body.text);
  return {
    title: str(body.title),
    text,
    color: str(body.themeColor) || undefined,
    fields: field("summary", body.summary),
    links: linksInText(text),
  };
}

/** Alertmanager's webhook message: its JSON is what the receiving service reads. */
function webhook(body: Json): Parts {
  const labels = (v: unknown) =>
    Object.entries(obj(v))
      .map(([k, x]) => `${k}=${str(x)}`)
      .join(", ");
  const alerts = list(body.alerts);
  return {
    title: `${str(body.status)} ${labels(body.groupLabels)}`.trim(),
    text: "",
    fields: [
      ...field("alerts", alerts.length),
      ...field("commonLabels", labels(body.commonLabels)),
      ...Object.entries(obj(body.commonAnnotations)).flatMap(([k, v]) => field(`annotation ${k}`, v)),
      ...field("truncatedAlerts", body.truncatedAlerts || undefined),
    ],
    links: [
      ...(str(body.externalURL) ? [{ text: "Alertmanager", url: str(body.externalURL) }] : []),
      ...alerts.flatMap((x) => (str(obj(x).generatorURL) ? [{ text: "source", url: str(obj(x).generatorURL) }] : [])),
    ],
  };
}

/** The text fields the other kinds use for a title and a message (config/integrations.ts templates). */
const TITLE_KEYS = ["title", "subject", "summary"];
const TEXT_KEYS = ["text", "message", "description", "markdown", "details", "state_message"];
const firstLine = (text: string) => text.split("\n").find((l) => l.trim() !== "") ?? "";

function other(body: unknown, query: Record<string, string>): Parts {
  // Pushover sends its message in the query string; Jira nests its fields.
  const b = { ...obj(body), ...obj(obj(body).fields), ...query };
  const has = (k: string) => typeof b[k] === "string" && b[k] !== "";
  // A message beside a description is the title (Opsgenie); alone, it is the text (Telegram).
  const titleKey = TITLE_KEYS.find(has) ?? (has("message") && TEXT_KEYS.some((k) => k !== "message" && has(k)) ? "message" : undefined);
  const textKey = TEXT_KEYS.find((k) => k !== titleKey && has(k));
  const text = textKey ? str(b[textKey]) : typeof body === "string" ? body : "";
  return {
    title: titleKey ? str(b[titleKey]) : firstLine(text),
    text,
    severity: str(b.priority) || str(b.severity) || undefined,
    fields: Object.entries(b)
      .filter(([k, v]) => k !== titleKey && k !== textKey && (typeof v === "string" || typeof v === "number" || typeof v === "boolean"))
      .map(([k, v]) => ({ name: k, value: String(v) })),
    links: linksInText(text),
  };
}

/**
 * The headers a mail client shows first, in its order; the rest follow by name. Alertmanager writes
 * its headers from a Go map, in a different order on every send, so the order received means nothing.
 */
const HEADER_ORDER = ["from", "to", "subject", "date"];
const headerRank = (name: string) => {
  const i = HEADER_ORDER.indexOf(name.toLowerCase());
  return i === -1 ? HEADER_ORDER.length : i;
};

function email(body: Json, headers: Record<string, string> | undefined): Parts & Pick<NotificationView, "html" | "headers"> {
  const html = str(body.html);
  return {
    title: str(body.subject),
    text: "",
    fields: field("to", list(body.to).join(", ")),
    links: linksInText(html),
    html,
    headers: Object.entries(headers ?? {})
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => headerRank(a.name) - headerRank(b.name) || a.name.localeCompare(b.name)),
  };
}

export function notificationView(n: Captured): NotificationView {
  const body = obj(n.body);
  const query = n.query ?? {};
  const parts: Parts =
    n.kind === "slack"
      ? slack(body)
      : n.kind === "pagerduty"
        ? pagerduty(body)
        : n.kind === "msteams" || n.kind === "msteamsv2"
          ? teams(body)
          : n.kind === "webhook"
            ? webhook(body)
            : n.kind === "email"
              ? email(body, n.mailHeaders)
              : other(n.body, query);
  const payload = n.kind === "email" ? str(body.html) : typeof n.body === "string" ? n.body : JSON.stringify(n.body, null, 2);
  return { at: n.at, receiver: n.receiver, kind: n.kind, status: statusOf(body, parts.title), payload, ...parts };
}
