/** preview/notification-view.ts and preview/format.ts: each service's payload, as its notifier shapes it, turned into what a person reads. */
import * as assert from "assert";
import { formatView, htmlText } from "../../preview/format";
import { Captured, notificationView } from "../../preview/notification-view";

const RUNBOOK = "https://runbooks.example.com/checkout";
const at = Date.UTC(2026, 11, 7, 10, 0, 0);
const captured = (kind: string, body: unknown, extra: Partial<Captured> = {}): Captured => ({
  at,
  receiver: "oncall-critical",
  kind,
  body,
  text: JSON.stringify(body),
  key: "r2" + kind,
  ...extra,
});

describe("notification view: what the on-call engineer reads, per service", () => {
  it("Slack: colour, title and its link, text, fields, actions, and the links written in the mrkdwn", () => {
    const v = notificationView(
      captured("slack", {
        channel: "#alerts-critical",
        attachments: [
          {
            title: "[FIRING:1] CheckoutLatencyHigh (critical) tenant=acme",
            title_link: "http://am.example/#/alerts",
            text: `• *CheckoutLatencyHigh*: p99 above 2s\n  *Runbook:* <${RUNBOOK}|runbook>`,
            color: "danger",
            fields: [{ title: "tenant", value: "acme", short: true }],
            actions: [{ type: "button", text: "Silence", url: "http://am.example/#/silences/new" }],
          },
        ],
      }),
    );
    assert.strictEqual(v.status, "firing");
    assert.strictEqual(v.title, "[FIRING:1] CheckoutLatencyHigh (critical) tenant=acme");
    assert.strictEqual(v.color, "danger");
    assert.match(v.text, /p99 above 2s/);
    assert.deepStrictEqual(v.fields, [
      { name: "channel", value: "#alerts-critical" },
      { name: "tenant", value: "acme" },
    ]);
    assert.deepStrictEqual(v.links, [
      { text: "[FIRING:1] CheckoutLatencyHigh (critical) tenant=acme", url: "http://am.example/#/alerts" },
      { text: "Silence", url: "http://am.example/#/silences/new" },
      { text: "runbook", url: RUNBOOK },
    ]);
  });

  it("PagerDuty Events API v2: summary, severity, details and links; v1: description and details", () => {
    const v2 = notificationView(
      captured("pagerduty", {
        routing_key: "k",
        event_action: "trigger",
        payload: { summary: "[RESOLVED] CheckoutLatencyHigh", source: "checkout", severity: "error", custom_details: { tenant_id: "acme", num_firing: "0" } },
        links: [{ href: RUNBOOK, text: "Runbook" }],
        client: "Alertmanager",
        client_url: "http://am.example",
      }),
    );
    assert.strictEqual(v2.title, "[RESOLVED] CheckoutLatencyHigh");
    assert.strictEqual(v2.status, "resolved");
    assert.strictEqual(v2.severity, "error");
    assert.deepStrictEqual(
      v2.fields.map((f) => f.name),
      ["event_action", "source", "details.tenant_id", "details.num_firing"],
    );
    assert.deepStrictEqual(v2.links, [
      { text: "Runbook", url: RUNBOOK },
      { text: "Alertmanager", url: "http://am.example" },
    ]);
    const v1 = notificationView(
      captured("pagerduty", { service_key: "k", event_type: "trigger", description: "[FIRING:2] DiskFull", details: { firing: "2" } }),
    );
    assert.strictEqual(v1.title, "[FIRING:2] DiskFull");
    assert.deepStrictEqual(v1.fields, [
      { name: "event_action", value: "trigger" },
      { name: "details.firing", value: "2" },
    ]);
  });

  it("e-mail: subject, headers and the HTML body, its links found in the anchors", () => {
    const html = `<html><head><style>td{color:red}</style></head><body><table><tr><th>summary</th><td>p99 &amp; p95 above 2s</td></tr><tr><th>runbook</th><td><a href="${RUNBOOK}">${RUNBOOK}</a></td></tr></table></body></html>`;
    const v = notificationView(
      captured(
        "email",
        { to: ["oncall@capture.invalid"], subject: "[FIRING:1] CheckoutLatencyHigh", html },
        { mailHeaders: { "x-team": "checkout", subject: "[FIRING:1] CheckoutLatencyHigh", from: "am@example.com", "mime-version": "1.0" } },
      ),
    );
    assert.strictEqual(v.html, html);
    assert.strictEqual(v.title, "[FIRING:1] CheckoutLatencyHigh");
    // In a mail client's order, whatever order Alertmanager's map gave them: from, to, subject, date, then by name.
    assert.deepStrictEqual(v.headers, [
      { name: "from", value: "am@example.com" },
      { name: "subject", value: "[FIRING:1] CheckoutLatencyHigh" },
      { name: "mime-version", value: "1.0" },
      { name: "x-team", value: "checkout" },
    ]);
    assert.deepStrictEqual(v.links, [{ text: RUNBOOK, url: RUNBOOK }]);
    assert.strictEqual(htmlText(html), `summary p99 & p95 above 2s\nrunbook ${RUNBOOK}`);
  });

  it("Teams: the MessageCard (msteams) and the Adaptive Card's text blocks (msteamsv2)", () => {
    const card = notificationView(
      captured("msteams", {
        "@context": "http://schema.org/extensions",
        type: "MessageCard",
        title: "[FIRING:1] X",
        summary: "X acme",
        text: `**X** — [runbook](${RUNBOOK})`,
        themeColor: "8C1A1A",
      }),
    );
    assert.deepStrictEqual([card.title, card.color, card.links], ["[FIRING:1] X", "8C1A1A", [{ text: "runbook", url: RUNBOOK }]]);
    const adaptive = notificationView(
      captured("msteamsv2", {
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              type: "AdaptiveCard",
              body: [
                { type: "TextBlock", text: "[FIRING:1] X" },
                { type: "TextBlock", text: "**X** firing" },
              ],
            },
          },
        ],
      }),
    );
    assert.deepStrictEqual([adaptive.title, adaptive.text, adaptive.status], ["[FIRING:1] X", "**X** firing", "firing"]);
  });

  it("webhook: the JSON is the message; its status, groups and annotations summed up", () => {
    const body = {
      version: "4",
      status: "firing",
      receiver: "oncall-critical",
      groupLabels: { alertname: "X", tenant_id: "acme" },
      commonLabels: { alertname: "X", severity: "critical" },
      commonAnnotations: { summary: "p99 above 2s" },
      externalURL: "http://am.example",
      alerts: [{ status: "firing", generatorURL: "http://prom.example/graph" }],
      truncatedAlerts: 0,
    };
    const v = notificationView(captured("webhook", body));
    assert.strictEqual(v.title, "firing alertname=X, tenant_id=acme");
    assert.deepStrictEqual(JSON.parse(v.payload), body);
    const text = formatView(v);
    assert.match(text, /^oncall-critical · webhook · firing\n {2}title: firing alertname=X, tenant_id=acme\n/);
    assert.match(text, /^ {4}annotation summary: p99 above 2s$/m);
    assert.match(text, /^ {2}JSON:\n {4}\{\n {6}"version": "4",$/m);
  });

  it("another kind: its title and message fields, the rest as fields; Pushover's query string read as its message", () => {
    const telegram = notificationView(captured("telegram", { chat_id: 42, parse_mode: "HTML", message: `<b>X</b> <a href="${RUNBOOK}">runbook</a>` }));
    assert.strictEqual(telegram.text, `<b>X</b> <a href="${RUNBOOK}">runbook</a>`);
    assert.strictEqual(telegram.title, telegram.text, "a one-line message is its own title");
    assert.deepStrictEqual(telegram.links, [{ text: "runbook", url: RUNBOOK }]);
    const opsgenie = notificationView(captured("opsgenie", { message: "[FIRING:1] X", description: "X firing on acme", priority: "P1" }));
    assert.deepStrictEqual([opsgenie.title, opsgenie.text, opsgenie.severity], ["[FIRING:1] X", "X firing on acme", "P1"]);
    assert.deepStrictEqual(telegram.fields, [
      { name: "chat_id", value: "42" },
      { name: "parse_mode", value: "HTML" },
    ]);
    const pushover = notificationView(captured("pushover", "", { query: { title: "[FIRING:1] X", message: "X firing", priority: "2" } }));
    assert.deepStrictEqual([pushover.title, pushover.text, pushover.severity, pushover.status], ["[FIRING:1] X", "X firing", "2", "firing"]);
  });

  it("the terminal text: receiver, kind and status, then only the parts the notification has, multi-line ones indented", () => {
    const v = notificationView(captured("slack", { attachments: [{ title: "[FIRING:1] X", text: "line one\nline two", color: "danger" }] }));
    assert.strictEqual(formatView(v), "oncall-critical · slack · firing\n  title: [FIRING:1] X\n  colour: danger\n  text:\n    line one\n    line two\n");
  });
});
