/**
 * The sandbox's page, on 127.0.0.1: each notification as the capture stand-ins received it, opened
 * to what the service shows (preview/notification-view.ts; server-sent events, so they appear
 * without a reload), a "try an alert" form (the route `npm run route` gives, then a button that
 * fires it and highlights the notifications it causes), the links to the UIs and the routing tree
 * drawn. Self-contained: no script, style or font from anywhere else, so it works offline.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { escapeXml } from "../offline/xml";
import type { NotificationSummary } from "../harness/notification-line";
import type { NotificationView } from "./notification-view";

export interface Link {
  name: string;
  url: string;
}

/** What the page gets for each notification: its one-line summary and its view. */
export interface PageNotification {
  id: number;
  summary: NotificationSummary;
  view: NotificationView;
}

/** The sandbox's answers to the form, through the JSON endpoints. */
export interface PageActions {
  /** The route of a label set (POST /api/route); throws a message for the user on bad input. */
  route(labels: Record<string, string>): unknown;
  /** Fires one alert at every Alertmanager (POST /api/fire); resolves to how many took it. */
  fire(labels: Record<string, string>, annotations: Record<string, string>): Promise<number>;
  /** Extra page sections (GET /api/sections): title and preformatted text each. */
  sections?(): Promise<{ title: string; text: string }[]>;
}

/** A form post is a few labels: anything larger is not from the page. */
const MAX_REQUEST_BYTES = 64 * 1024;

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;color:#1b1b1b;background:#fafafa}
body{margin:0 auto;padding:1rem 1.5rem;max-width:1500px}
h1{font-size:1.4rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:1rem 0 .4rem}h3{font-size:1rem;margin:.3rem 0}
a{color:#0b57d0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.links{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;margin:0;list-style:none;font-size:.9rem}
.columns{display:grid;grid-template-columns:minmax(20rem,2fr) 3fr;gap:1.5rem;align-items:start}
@media (max-width:900px){.columns{grid-template-columns:1fr}}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
textarea{width:100%;box-sizing:border-box;font:0.9rem ui-monospace,Menlo,Consolas,monospace;padding:.4rem}
button{font:inherit;padding:.35rem .9rem;margin:.5rem .5rem 0 0;border:1px solid #0b57d0;border-radius:4px;background:#fff;color:#0b57d0;cursor:pointer}
button.primary{background:#0b57d0;color:#fff}
.answer{margin-top:.8rem}.answer ol{padding-left:1.2rem}.answer li{margin:.3rem 0}
.receiver.not-now{color:#666}.route,.interval,.silence{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.silence{color:#8a4b00}.error{color:#b00020;font-weight:600}
.notification{border:1px solid #ccc;border-left:6px solid #999;border-radius:4px;background:#fff;margin:.4rem 0}
.notification>summary{cursor:pointer;padding:.35rem .6rem;display:flex;gap:.8rem;flex-wrap:wrap}
.notification .status.firing{color:#b00020;font-weight:600}.notification .status.resolved{color:#2e7d32;font-weight:600}
.notification.caused{border-color:#0b57d0;box-shadow:0 0 0 2px #0b57d0}
.badge{background:#0b57d0;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.8rem}
.content{padding:.2rem .8rem .8rem}
.text{white-space:pre-wrap;font:0.85rem ui-monospace,Menlo,Consolas,monospace;background:#f4f4f4;padding:.5rem;margin:.3rem 0;max-height:22rem;overflow:auto}
table.fields{border-collapse:collapse;font-size:.85rem;margin:.3rem 0}table.fields th,table.fields td{text-align:left;padding:1px 8px;vertical-align:top;border-bottom:1px solid #eee}
table.fields td{white-space:pre-wrap;word-break:break-word;max-width:60rem}
iframe.mail{width:100%;height:22rem;border:1px solid #ccc;background:#fff}
#tree img{max-width:100%}
.audit{white-space:pre-wrap;font:0.8rem ui-monospace,Menlo,Consolas,monospace}
`;

/** How often the extra sections (audit events) are read again: they change only as alerts flow. */
const SECTIONS_REFRESH_MS = 5000;

const PAGE_SCRIPT = `
const SECTIONS_REFRESH_MS = ${SECTIONS_REFRESH_MS};
// Slack's named colours, as its client draws them.
const SLACK_COLOURS = { good: "#2eb67d", warning: "#daa038", danger: "#e01e5a" };
const list = document.getElementById("notifications");
let fired = null;
const el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};
const table = (rows) => rows.length === 0 ? null : el("table", { class: "fields" }, ...rows.map((r) => el("tr", {}, el("th", { scope: "row" }, r.name), el("td", {}, r.value))));
function colour(v) {
  if (!v.color) return null;
  if (SLACK_COLOURS[v.color]) return SLACK_COLOURS[v.color];
  return /^#?[0-9a-fA-F]{6}$/.test(v.color) ? (v.color[0] === "#" ? v.color : "#" + v.color) : null;
}
function content(v) {
  const box = el("div", { class: "content" });
  const heading = v.kind === "email" ? "Subject" : v.kind === "pagerduty" ? "Summary" : "Title";
  if (v.title) box.append(el("h3", { class: "title" }, el("span", { class: "visually-label" }, heading + ": "), v.title));
  if (v.severity) box.append(el("p", { class: "severity" }, "Severity: " + v.severity));
  if (v.color) box.append(el("p", { class: "colour" }, "Colour: " + v.color));
  if (v.headers && v.headers.length > 0) box.append(el("h3", {}, "Headers"), table(v.headers));
  if (v.text) box.append(el("pre", { class: "text" }, v.text));
  if (v.html !== undefined) {
    // An empty sandbox: the mail's HTML shows, and can run nothing and reach nothing.
    const frame = el("iframe", { class: "mail", sandbox: "", title: "the e-mail's HTML body", referrerpolicy: "no-referrer" });
    frame.srcdoc = v.html;
    box.append(frame);
  }
  if (v.fields.length > 0) box.append(el("h3", {}, "Fields"), table(v.fields));
  if (v.links.length > 0) box.append(el("h3", {}, "Links"), el("ul", { class: "view-links" }, ...v.links.map((l) => el("li", {}, el("a", { href: l.url, rel: "noopener noreferrer", target: "_blank" }, l.text)))));
  const raw = el("details", { class: "payload" }, el("summary", {}, v.kind === "webhook" ? "JSON" : v.kind === "email" ? "HTML source" : "payload as received"), el("pre", { class: "text" }, v.payload));
  if (v.kind === "webhook") raw.open = true;
  box.append(raw);
  return box;
}
function causedBy(n) {
  return fired !== null && n.view.at >= fired.at && fired.receivers.includes(n.view.receiver) && (n.summary.alerts.includes(fired.alertname) || JSON.stringify(n.view).includes(fired.alertname));
}
function show(n) {
  const s = n.summary;
  const card = el("details", { class: "notification " + s.status, id: "n" + n.id, "data-receiver": s.receiver, "data-kind": s.kind });
  const c = colour(n.view);
  if (c) card.style.borderLeftColor = c;
  card.append(el("summary", {}, el("span", { class: "time" }, s.time), el("span", { class: "receiver" }, s.receiver), el("span", { class: "kind" }, s.kind), el("span", { class: "status " + s.status }, s.status), el("span", { class: "alerts" }, s.alerts.join(", "))));
  card.append(content(n.view));
  if (causedBy(n)) {
    card.classList.add("caused");
    card.querySelector("summary").append(el("span", { class: "badge" }, "from your alert"));
  }
  list.prepend(card);
  document.getElementById("count").textContent = String(list.children.length);
}
new EventSource("/events").onmessage = (event) => show(JSON.parse(event.data));

function pairs(text) {
  const out = {};
  for (const line of text.split("\\n")) {
    const t = line.trim();
    if (t === "") continue;
    const at = t.indexOf("=");
    if (at < 1) throw new Error("not name=value: " + t);
    out[t.slice(0, at).trim()] = t.slice(at + 1).trim();
  }
  return out;
}
async function post(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = await res.json();
  if (!res.ok) throw new Error(answer.error || res.statusText);
  return answer;
}
const answerBox = document.getElementById("answer");
function showRoute(a) {
  answerBox.replaceChildren();
  answerBox.append(el("p", { class: "severity" }, a.severity));
  for (const s of a.silences) answerBox.append(el("p", { class: "silence" }, s));
  answerBox.append(el("h3", {}, "Receivers, in route order"));
  answerBox.append(el("ol", { class: "receivers" }, ...a.receivers.map((r) => el("li", { class: "receiver " + (r.deliversNow ? "delivers" : "not-now"), "data-receiver": r.receiver },
    el("b", {}, r.receiver), " (" + (r.integrations.join(", ") || "no integration: delivers nothing") + ")" + (r.deliversNow ? "" : ": not notified at this time"),
    el("div", { class: "route" }, "route: " + r.route),
    ...r.intervals.map((i) => el("div", { class: "interval" }, i))))));
  answerBox.append(el("h3", {}, "Inhibit rules"));
  answerBox.append(a.inhibitRules.length === 0 ? el("p", {}, "No inhibit rule targets it.") : el("ul", { class: "inhibit" }, ...a.inhibitRules.map((r) => el("li", {}, r))));
}
let answers = 0;
async function explain() {
  const labels = pairs(document.getElementById("labels").value);
  const answer = await post("/api/route", { labels });
  showRoute(answer);
  // Counts the answers shown, so a reader (or a test) can tell a fresh one from the last.
  answerBox.dataset.answers = String(++answers);
  return { labels, answer };
}
const guard = (f) => async (event) => {
  event.preventDefault();
  try { await f(); } catch (err) { answerBox.replaceChildren(el("p", { class: "error", role: "alert" }, String(err.message || err))); }
};
document.getElementById("try").addEventListener("submit", guard(explain));
document.getElementById("fire").addEventListener("click", guard(async () => {
  const { labels, answer } = await explain();
  const annotations = pairs(document.getElementById("annotations").value);
  const result = await post("/api/fire", { labels, annotations });
  fired = { at: result.firedAt, receivers: answer.receivers.filter((r) => r.deliversNow).map((r) => r.receiver), alertname: labels.alertname || "" };
  answerBox.append(el("p", { class: "fired", role: "status" }, "Fired at " + result.alertmanagers + " Alertmanager" + (result.alertmanagers > 1 ? "s" : "") + ": its notifications are marked \\u201cfrom your alert\\u201d."));
}));
const refreshSections = () => fetch("/api/sections").then((r) => r.json()).then((sections) => {
  document.getElementById("sections").replaceChildren(...sections.map((s) => el("section", {}, el("h2", {}, s.title), el("pre", { class: "audit" }, s.text))));
}).catch(() => undefined);
refreshSections();
setInterval(refreshSections, SECTIONS_REFRESH_MS);
`;

const EXAMPLE_LABELS = "alertname=CheckoutLatencyHigh\nseverity=critical\ntenant_id=acme";
const EXAMPLE_ANNOTATIONS = "summary=Checkout p99 latency above 2s for 10 minutes\nrunbook_url=https://runbooks.example.com/checkout-latency";

function page(stack: string, links: Link[]): string {
  const items = links.map((l) => `<li>${escapeXml(l.name)}: <a href="${escapeXml(l.url)}">${escapeXml(l.url)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>proven-alerting sandbox</title>
<style>${STYLE}</style>
</head><body>
<h1>proven-alerting sandbox: the ${escapeXml(stack)} stack</h1>
<ul class="links">${items}</ul>
<div class="columns">
<section aria-labelledby="try-heading">
<h2 id="try-heading">Try an alert</h2>
<form id="try">
<label for="labels">Labels (name=value, one per line)</label>
<textarea id="labels" name="labels" rows="5" spellcheck="false">${escapeXml(EXAMPLE_LABELS)}</textarea>
<label for="annotations">Annotations (name=value, one per line)</label>
<textarea id="annotations" name="annotations" rows="3" spellcheck="false">${escapeXml(EXAMPLE_ANNOTATIONS)}</textarea>
<button type="submit" id="explain">Show route</button><button type="button" id="fire" class="primary">Fire alert</button>
</form>
<div id="answer" class="answer" aria-live="polite"></div>
</section>
<section aria-labelledby="notifications-heading">
<h2 id="notifications-heading">Notifications (<span id="count">0</span>)</h2>
<p>Newest first; open one to read it as the service shows it.</p>
<div id="notifications"></div>
</section>
</div>
<div id="sections"></div>
<section id="tree" aria-labelledby="tree-heading">
<h2 id="tree-heading">Routing tree</h2>
<img src="/routing.svg" alt="the routing tree">
</section>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.length > MAX_REQUEST_BYTES) req.destroy(new Error("request too large"));
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(text) as Record<string, unknown>);
      } catch {
        reject(new Error("the request is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

/** A `{name: value}` object of strings from a request, or an error naming the field. */
function stringMap(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== "object" || Array.isArray(value) || Object.values(value).some((v) => typeof v !== "string"))
    throw new Error(`${what} must be an object of strings`);
  return value as Record<string, string>;
}

const sendJson = (res: ServerResponse, status: number, value: unknown) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));

export class SandboxPage {
  private readonly server: Server;
  private readonly clients = new Set<ServerResponse>();
  /** Everything published so far, replayed to a page that connects late. */
  private readonly history: PageNotification[] = [];

  constructor(stack: string, routingSvg: string, links: Link[], actions: PageActions) {
    const html = page(stack, links);
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const api = async (handle: (body: Record<string, unknown>) => Promise<unknown> | unknown) => {
        try {
          sendJson(res, 200, await handle(await readJson(req)));
        } catch (err) {
          sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
        }
      };
      if (req.url === "/events") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        for (const n of this.history) res.write(`data: ${JSON.stringify(n)}\n\n`);
        this.clients.add(res);
        req.on("close", () => this.clients.delete(res));
      } else if (req.url === "/api/route" && req.method === "POST") {
        void api((body) => actions.route(stringMap(body.labels, "labels")));
      } else if (req.url === "/api/fire" && req.method === "POST") {
        void api(async (body) => {
          const firedAt = Date.now();
          const alertmanagers = await actions.fire(stringMap(body.labels, "labels"), stringMap(body.annotations, "annotations"));
          return { alertmanagers, firedAt };
        });
      } else if (req.url === "/api/sections") {
        void (actions.sections ? actions.sections() : Promise.resolve([])).then(
          (sections) => sendJson(res, 200, sections),
          (err: Error) => sendJson(res, 500, { error: err.message }),
        );
      } else if (req.url === "/routing.svg") {
        res.writeHead(200, { "content-type": "image/svg+xml" }).end(routingSvg);
      } else if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      } else {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found: the page is at /");
      }
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  publish(notification: PageNotification): void {
    this.history.push(notification);
    for (const client of this.clients) client.write(`data: ${JSON.stringify(notification)}\n\n`);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
