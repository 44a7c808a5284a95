/**
 * `npm run preview`: one run of the real Alertmanager per command, each notification printed as the
 * service would show it. The prod stack's on-call receiver has every kind the stack uses (Slack,
 * PagerDuty, e-mail, webhook, Teams): its output is pinned, with only what changes from run to run
 * replaced (times, ids, the loopback ports and the SMTP boundary).
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { runScript } from "../support/exec";

const PINNED = path.join(__dirname, "fixtures", "preview", "prod-oncall-critical.txt");
/** The tools' version lines go to stderr with the output: only the command's own lines are compared. */
const TOOL_LINE = /^ {6}using (alertmanager|amtool|prometheus|promtool), .*\n/gm;
const ALERT = [
  "--annotation",
  "summary=Checkout p99 latency above 2s for 10 minutes",
  "--annotation",
  "runbook_url=https://runbooks.example.com/checkout-latency",
  "alertname=CheckoutLatencyHigh",
  "severity=critical",
  "tenant_id=acme",
  "service=checkout",
];
/** One Alertmanager start and five deliveries, on a loaded machine. */
const PREVIEW_BOUND_MS = 90_000;

/** What varies between runs, replaced by a placeholder: times, the mail's ids and boundary, loopback ports. */
function stable(output: string): string {
  return output
    .replace(TOOL_LINE, "")
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z| \+0000 UTC)?( m=\+[\d.]+)?/g, "<time>")
    .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}/g, "<time>")
    .replace(/m=&#43;[\d.]+/g, "m=+<monotonic>")
    .replace(/<[^<>@\s]+@[^<>\s]+>/g, "<message-id>")
    .replace(/boundary=\S+/g, "boundary=<boundary>")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
}

describe("npm run preview: the rendered notifications of one alert, from the real Alertmanager", function () {
  this.timeout(PREVIEW_BOUND_MS + 30_000);

  it("prints what each integration of the prod stack's on-call receiver receives (slack, pagerduty, email, webhook, msteams), as pinned", () => {
    const run = runScript("scripts/preview.ts", ["--stack", "prod", ...ALERT], PREVIEW_BOUND_MS);
    assert.strictEqual(run.status, 0, run.output);
    const got = stable(run.output);
    assert.strictEqual(got, readFileSync(PINNED, "utf8"));
    for (const kind of ["slack", "pagerduty", "email", "webhook", "msteams"]) assert.match(got, new RegExp(`^oncall-critical · ${kind} · firing$`, "m"));
  });

  it("--receiver keeps one receiver; an unknown receiver, a receiver the labels do not reach and a label set that reaches nothing exit 1, saying so", () => {
    const one = runScript("scripts/preview.ts", ["--stack", "dev", "--receiver", "slack-urgent", "alertname=Settlement", "severity=high"], PREVIEW_BOUND_MS);
    assert.strictEqual(one.status, 0, one.output);
    assert.deepStrictEqual(one.output.match(/^\S+ · \S+ · \S+$/gm), ["slack-urgent · slack · firing"]);
    assert.match(one.output, /^ {2}title: \[FIRING:1\] Settlement \(high\)/m);

    const unknown = runScript("scripts/preview.ts", ["--stack", "dev", "--receiver", "nobody", "severity=critical"]);
    assert.strictEqual(unknown.status, 1);
    assert.match(unknown.output, /preview: unknown receiver "nobody"; the dev stack's receivers: .*oncall-critical/);

    const elsewhere = runScript("scripts/preview.ts", ["--stack", "dev", "--receiver", "slack-urgent", "severity=critical"]);
    assert.strictEqual(elsewhere.status, 1);
    assert.match(elsewhere.output, /preview: severity=critical does not reach receiver slack-urgent; it goes to oncall-critical/);

    const nothing = runScript("scripts/preview.ts", ["--stack", "dev", "alertname=Watchdog"]);
    assert.strictEqual(nothing.status, 1, nothing.output);
    assert.match(nothing.output, /preview: alertname=Watchdog reaches nothing: null has no integration/);
  });
});
