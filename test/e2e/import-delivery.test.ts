/**
 * An imported configuration delivers through the real 3-replica cluster: e-mail with its own
 * headers and HTML, PagerDuty Events API v1 with its service key, a webhook with basic auth and
 * Slack with attachment fields and actions, each pointed at the stand-ins by harness/capture-config.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { binaries } from "../../harness/binaries";
import { settle, waitForNotifications } from "../../harness/notifications";
import { Pipeline, startPipeline } from "../../harness/pipeline";
import { convertAlertmanager } from "../../import/convert";

const FIXTURE = path.join(__dirname, "..", "unit", "fixtures", "import", "delivery.yml");
const DESTINATIONS = ["mail", "pagerduty-v1", "webhook", "slack"];

describe("end to end: an imported alertmanager.yml delivers (3 Alertmanagers, real binaries)", function () {
  this.timeout(120_000);
  let pipeline: Pipeline;

  before(async function () {
    const converted = convertAlertmanager(parse(readFileSync(FIXTURE, "utf8")), "kubernetes");
    assert.deepStrictEqual(converted.errors, []);
    // The prod stack's own SMTP settings give way to the imported global ones; its cluster settings stay.
    const config = { ...converted.values, smtp: undefined };
    pipeline = await startPipeline({ stack: "prod", binaries: binaries(), replicas: 3, prometheus: false, config });
    const alerts = DESTINATIONS.map((dest) => ({ labels: { alertname: `Imported-${dest}`, severity: "critical", tenant_id: "acme", dest }, annotations: {} }));
    assert.strictEqual(await pipeline.fire(alerts), 3);
    await waitForNotifications(pipeline, "one notification per destination", (n) => n.text.includes("Imported-"), DESTINATIONS.length);
    await settle(pipeline);
  });

  after(async () => {
    await pipeline?.stop();
  });

  it("each destination is delivered once, to its receiver", () => {
    const got = pipeline
      .notifications()
      .filter((n) => n.text.includes("Imported-"))
      .map((n) => `${n.receiver}:${n.kind}`)
      .sort();
    assert.deepStrictEqual(got, ["chat:slack", "hook:webhook", "mail:email", "pager-v1:pagerduty"]);
  });

  it("e-mail: the stand-in receives the configured headers and HTML", () => {
    const [mail] = pipeline.smtp.records.filter((r) => r.subject.includes("Imported-mail"));
    assert.strictEqual(mail.subject, "imported: Imported-mail");
    assert.strictEqual(mail.headers["x-alert-team"], "ops");
    assert.match(mail.html, /<h1 id="imported">Imported-mail<\/h1>/);
  });

  it("PagerDuty Events API v1: the service key from its secret file, posted to PagerDuty's fixed host through the stand-in as its proxy", () => {
    const [pd] = pipeline.http.records.filter((r) => r.kind === "pagerduty" && r.delivery);
    assert.strictEqual(pd.body.event_type, "trigger");
    assert.match(pd.body.service_key, /^r\d+pagerduty0c0$/);
    assert.strictEqual(pd.headers.host, "events.pagerduty.com");
    assert.strictEqual(pd.body.description, "v1 Imported-pagerduty-v1");
    assert.strictEqual(pd.body.client, "Alertmanager");
  });

  it("webhook: basic auth with the password from its secret file", () => {
    const [hook] = pipeline.http.records.filter((r) => r.kind === "webhook" && r.delivery);
    const [user, password] = Buffer.from(String(hook.headers.authorization).replace(/^Basic /, ""), "base64")
      .toString()
      .split(":");
    assert.strictEqual(user, "alertmanager");
    assert.match(password, /^r\d+webhook0c1$/);
  });

  it("Slack: the attachment carries the title, colour, footer, fields and actions", () => {
    const [slack] = pipeline.http.records.filter((r) => r.kind === "slack" && r.delivery);
    const [attachment] = slack.body.attachments;
    assert.strictEqual(attachment.title, "imported Imported-slack");
    assert.strictEqual(attachment.color, "danger");
    assert.strictEqual(attachment.footer, "from-alertmanager-yml");
    assert.deepStrictEqual(attachment.fields, [{ title: "Severity", value: "critical", short: true }]);
    assert.deepStrictEqual(attachment.actions, [{ type: "button", text: "Runbook", url: "https://runbooks.example.org" }]);
  });
});
