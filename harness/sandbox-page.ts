/**
 * The sandbox's page, on 127.0.0.1: the notifications as the capture stand-ins receive them
 * (server-sent events, so they appear without a reload), the links to the UIs, and the routing
 * tree drawn.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from "http";
import { AddressInfo } from "net";
import { escapeXml } from "../offline/xml";
import type { NotificationSummary } from "./notification-line";

export interface Link {
  name: string;
  url: string;
}

const PAGE_SCRIPT = `
const rows = document.getElementById("notifications");
const cell = (text) => { const td = document.createElement("td"); td.textContent = text; return td; };
new EventSource("/events").onmessage = (event) => {
  const n = JSON.parse(event.data);
  const tr = document.createElement("tr");
  tr.className = "notification " + n.status;
  for (const text of [n.time, n.receiver, n.kind, n.status, n.alerts.join(", ")]) tr.appendChild(cell(text));
  rows.prepend(tr);
  document.getElementById("count").textContent = String(rows.children.length);
};`;

function page(links: Link[]): string {
  const items = links.map((l) => `<li>${escapeXml(l.name)}: <a href="${escapeXml(l.url)}">${escapeXml(l.url)}</a></li>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>proven-alerting sandbox</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}.firing td:nth-child(4){color:#b00020}.resolved td:nth-child(4){color:#2e7d32}</style>
</head><body>
<h1>proven-alerting sandbox</h1>
<ul>${items}</ul>
<h2>Notifications (<span id="count">0</span>)</h2>
<table><thead><tr><th>time</th><th>receiver</th><th>integration</th><th>status</th><th>alerts</th></tr></thead><tbody id="notifications"></tbody></table>
<h2>Routing tree</h2>
<img src="/routing.svg" alt="the routing tree">
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

export class SandboxPage {
  private readonly server: Server;
  private readonly clients = new Set<ServerResponse>();
  /** Everything published so far, replayed to a page that connects late. */
  private readonly history: NotificationSummary[] = [];

  constructor(routingSvg: string, links: Link[]) {
    const html = page(links);
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.url === "/events") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        for (const s of this.history) res.write(`data: ${JSON.stringify(s)}\n\n`);
        this.clients.add(res);
        req.on("close", () => this.clients.delete(res));
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

  publish(summary: NotificationSummary): void {
    this.history.push(summary);
    for (const client of this.clients) client.write(`data: ${JSON.stringify(summary)}\n\n`);
  }
}
