/** A notification view as readable text for a terminal (`npm run preview`): receiver and kind, then what the service shows. Pure. */
import type { NotificationView } from "./notification-view";

const INDENT = "    ";

/** The named entities Go's html/template and the e-mail template write; numeric ones are decoded generally. */
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", middot: "·", mdash: "—", ndash: "–" };

const indented = (text: string) =>
  text
    .replace(/\s+$/, "")
    .split("\n")
    .map((line) => `${INDENT}${line}`.replace(/\s+$/, ""))
    .join("\n");

/** An e-mail's HTML as the text a reader sees: tags dropped, rows and paragraphs on their own lines, entities decoded. */
export function htmlText(html: string): string {
  const text = html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>|<\/(p|div|tr|h\d|li|table)>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "  ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&([a-z]+);/g, (entity, name: string) => NAMED_ENTITIES[name] ?? entity);
  return text
    .split("\n")
    .map((l) => l.replace(/[ \t]+/g, " ").trim())
    .filter((l) => l !== "")
    .join("\n");
}

export function formatView(v: NotificationView): string {
  const lines = [`${v.receiver} · ${v.kind} · ${v.status}`];
  const add = (name: string, value: string | undefined) => {
    if (value === undefined || value === "") return;
    if (value.includes("\n")) lines.push(`  ${name}:`, indented(value));
    else lines.push(`  ${name}: ${value}`);
  };
  add(v.kind === "email" ? "subject" : v.kind === "pagerduty" ? "summary" : "title", v.title);
  add("colour", v.color);
  add("severity", v.severity);
  if (v.headers && v.headers.length > 0) lines.push("  headers:", ...v.headers.map((h) => `${INDENT}${h.name}: ${h.value}`));
  add("text", v.text);
  if (v.fields.length > 0)
    lines.push(
      "  fields:",
      ...v.fields.flatMap((f) => (f.value.includes("\n") ? [`${INDENT}${f.name}:`, indented(indented(f.value))] : [`${INDENT}${f.name}: ${f.value}`])),
    );
  if (v.links.length > 0) lines.push("  links:", ...v.links.map((l) => `${INDENT}${l.text}: ${l.url}`));
  if (v.html !== undefined) add("body (HTML as text)", htmlText(v.html));
  // A webhook's JSON is the message itself; the other kinds' payloads are what the lines above came from.
  if (v.kind === "webhook") add("JSON", v.payload);
  return `${lines.join("\n")}\n`;
}
