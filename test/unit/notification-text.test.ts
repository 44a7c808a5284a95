/**
 * What each receiver kind's notification says (components/render/templates.ts over the rows of
 * receivers.ts): every define rendered by the real amtool with one alert, so a template that says
 * nothing, or the wrong level for a severity, fails here and not first in someone's pager.
 */
import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { NOTIFICATION_TEMPLATES } from "../../components/render/templates";
import { binaries } from "../../harness/binaries";
import { run } from "../support/exec";
import { tempDir } from "../support/files";

const DEFINES = [...NOTIFICATION_TEMPLATES.matchAll(/\{\{ define "([\w.]+)"/g)].map((m) => m[1]);
/** Splits amtool's one output into the defines' texts; a line no template writes. */
const MARK = "@@define ";

interface Alert {
  status: "firing" | "resolved";
  severity?: string;
}

/** Alertmanager's template data (its template.Data) for one alert of DiskFull on db-1 of tenant acme. */
function data({ status, severity }: Alert) {
  const labels = { alertname: "DiskFull", tenant_id: "acme", job: "node", instance: "db-1:9100", ...(severity ? { severity } : {}) };
  const annotations = { summary: "disk 95% full", description: "on /var", runbook_url: "https://runbooks.example/disk" };
  return {
    receiver: "team",
    status,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: "2026-12-04T04:00:00Z",
        endsAt: status === "resolved" ? "2026-12-04T04:10:00Z" : "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus:9090/graph",
        fingerprint: "0123456789abcdef",
      },
    ],
    groupLabels: { alertname: "DiskFull" },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: "http://alertmanager:9093",
  };
}

describe("notification text: every define, rendered by amtool", function () {
  this.timeout(60_000);
  const tmp = tempDir("notification-text");
  const glob = path.join(tmp.dir, "*.tmpl");
  after(() => tmp.remove());
  before(() => writeFileSync(path.join(tmp.dir, "notifications.tmpl"), NOTIFICATION_TEMPLATES));

  /** Each define's text for one alert, from one amtool run. */
  function rendered(alert: Alert): Record<string, string> {
    const dataFile = path.join(tmp.dir, `${alert.status}-${alert.severity ?? "none"}.json`);
    writeFileSync(dataFile, JSON.stringify(data(alert)));
    // A last mark ends the last define's text as the newline before each mark ends the others'.
    const text = [...DEFINES.map((name) => `${MARK}${name}\n{{ template "${name}" . }}`), MARK].join("\n");
    const result = run(binaries().amtool, ["template", "render", `--template.glob=${glob}`, `--template.text=${text}`, `--template.data=${dataFile}`]);
    assert.strictEqual(result.status, 0, result.output);
    const parts = result.output.split(MARK).slice(1, -1);
    return Object.fromEntries(parts.map((part) => [part.slice(0, part.indexOf("\n")), part.slice(part.indexOf("\n") + 1).replace(/\n$/, "")]));
  }

  it("defines a template for each shared part, e-mail and every kind's text field (38)", () => {
    assert.strictEqual(DEFINES.length, 38, DEFINES.join(", "));
    assert.strictEqual(new Set(DEFINES).size, DEFINES.length);
    // The deployed file is read by people too (kubectl, the docker volume): one define per line start.
    assert.strictEqual(NOTIFICATION_TEMPLATES.match(/^\{\{ define "/gm)?.length, DEFINES.length);
  });

  it("a firing critical alert: each define's whole text", () => {
    const title = "[FIRING:1] DiskFull (critical) tenant=acme";
    const text = [
      "- DiskFull [critical] firing tenant=acme: disk 95% full",
      "  on /var",
      "  runbook: https://runbooks.example/disk",
      "  source: http://prometheus:9090/graph",
      "",
    ].join("\n");
    const markdown =
      "**DiskFull** [critical] firing tenant=acme: disk 95% full — [runbook](https://runbooks.example/disk) — [source](http://prometheus:9090/graph)\n";
    const { "email.alerting.html": html, ...texts } = rendered({ status: "firing", severity: "critical" });
    assert.deepStrictEqual(texts, {
      "alerting.title": title,
      "alerting.runbook": "https://runbooks.example/disk",
      "alerting.alerts.text": text,
      "alerting.alerts.markdown": markdown,
      "email.alerting.subject": title,
      "slack.alerting.title": title,
      "slack.alerting.text": [
        "*Status:* firing | *Firing:* 1 | *Resolved:* 0",
        "• *DiskFull* [critical] firing tenant=acme: disk 95% full",
        "  on /var",
        "  *Labels:* `alertname=DiskFull` `instance=db-1:9100` `job=node` `severity=critical` `tenant_id=acme`",
        "  *Runbook:* <https://runbooks.example/disk|https://runbooks.example/disk> | *Source:* <http://prometheus:9090/graph|http://prometheus:9090/graph>",
        "",
      ].join("\n"),
      "pagerduty.alerting.description": `${title}: disk 95% full`,
      "pagerduty.alerting.severity": "critical",
      "pagerduty.alerting.source": "db-1:9100",
      "msteams.alerting.title": title,
      "msteams.alerting.text": `${markdown}\n`,
      "msteamsv2.alerting.title": title,
      "msteamsv2.alerting.text": markdown,
      "discord.alerting.title": title,
      "discord.alerting.message": markdown,
      "mattermost.alerting.title": title,
      "mattermost.alerting.text": markdown,
      "telegram.alerting.message": [
        `<b>${title}</b>`,
        "",
        "<b>DiskFull</b> [critical] firing tenant=acme: disk 95% full",
        '<a href="https://runbooks.example/disk">runbook</a> | <a href="http://prometheus:9090/graph">source</a>',
        "",
      ].join("\n"),
      "opsgenie.alerting.message": title,
      "opsgenie.alerting.description": text,
      "opsgenie.alerting.priority": "P1",
      "victorops.alerting.message_type": "CRITICAL",
      "victorops.alerting.entity_display_name": title,
      "victorops.alerting.state_message": text,
      "pushover.alerting.title": title,
      "pushover.alerting.message": text,
      "pushover.alerting.priority": "2",
      "webex.alerting.message": `**${title}**\n\n${markdown}`,
      "rocketchat.alerting.title": title,
      "rocketchat.alerting.text": markdown,
      "jira.alerting.summary": title,
      "jira.alerting.description": text,
      "jira.alerting.priority": "Highest",
      "wechat.alerting.message": `${title}\n${text}`,
      "sns.alerting.subject": "[FIRING] DiskFull (critical) tenant=acme",
      "sns.alerting.message": `${title}\n${text}`,
    });
    for (const row of [
      "alertname</th><td>DiskFull",
      "severity</th><td>critical",
      "tenant</th><td>acme",
      "summary</th><td>disk 95% full",
      "description</th><td>on /var",
    ])
      assert.ok(html.includes(row), row);
    assert.ok(html.includes(`<h2 style="color: #b00020">${title}</h2>`), html);
    assert.ok(html.includes('<a href="https://runbooks.example/disk">') && html.includes('<a href="http://prometheus:9090/graph">'), html);
  });

  describe("each service's level follows the severity", () => {
    const LEVELS = [
      "pagerduty.alerting.severity",
      "opsgenie.alerting.priority",
      "victorops.alerting.message_type",
      "pushover.alerting.priority",
      "jira.alerting.priority",
    ];
    const table: [string | undefined, string[]][] = [
      ["critical", ["critical", "P1", "CRITICAL", "2", "Highest"]],
      ["high", ["error", "P2", "CRITICAL", "1", "High"]],
      ["warning", ["warning", "P3", "WARNING", "0", "Medium"]],
      ["info", ["info", "P4", "INFO", "0", "Low"]],
      ["page", ["info", "P5", "INFO", "0", ""]],
      [undefined, ["info", "P5", "INFO", "0", ""]],
    ];
    for (const [severity, levels] of table) {
      it(`${severity ?? "no severity"}: ${levels.map((l) => l || '""').join(", ")}`, () => {
        const texts = rendered({ status: "firing", severity });
        assert.deepStrictEqual(
          LEVELS.map((name) => texts[name]),
          levels,
        );
      });
    }
  });

  it("resolved: the titles say so, e-mail turns green, and Pushover drops to normal priority", () => {
    const texts = rendered({ status: "resolved", severity: "critical" });
    assert.strictEqual(texts["alerting.title"], "[RESOLVED] DiskFull (critical) tenant=acme");
    assert.strictEqual(texts["sns.alerting.subject"], "[RESOLVED] DiskFull (critical) tenant=acme");
    assert.strictEqual(texts["pushover.alerting.priority"], "0");
    assert.ok(texts["email.alerting.html"].includes('<h2 style="color: #2e7d32">[RESOLVED] DiskFull (critical) tenant=acme</h2>'));
    assert.ok(texts["alerting.alerts.text"].startsWith("- DiskFull [critical] resolved tenant=acme"));
  });
});
