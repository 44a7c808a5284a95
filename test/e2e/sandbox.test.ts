/**
 * `npm start` as a new user meets it: the dev stack up with its URLs printed, an alert fired with
 * the printed curl line shown as a line and on the page, and Ctrl-C leaving nothing behind.
 */
import * as assert from "assert";
import { ChildProcess, execSync, spawn } from "child_process";
import { existsSync, readdirSync } from "fs";
import { get } from "http";
import { tmpdir } from "os";
import * as path from "path";
import { Browser, chromium as playwright, Page } from "playwright-core";
import { request } from "../../harness/alertmanager-api";
import { processesMentioning, waitFor } from "../../harness/processes";
import { Sandbox, SANDBOX_FILE, startSandbox } from "../../preview/sandbox";
import { binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { explainRoute, formatAnswer } from "../../harness/route-explain";
import { ROUTING_TABLE } from "../../harness/scenarios";
import { runScript } from "../support/exec";
import { ROOT, stackConfig } from "../../offline/program";

/** Cold start of Prometheus and Alertmanager on a loaded machine; the promise is about 15 s. */
const READY_BOUND_MS = 60_000;

/** Debian's Chromium (the browser test drives it through playwright-core), or undefined when it is not installed. */
function browserPath(): string | undefined {
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
}

/** The first server-sent event of a stream, bounded. */
function firstEvent(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      let buffer = "";
      res.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          resolve(buffer.slice(0, end));
          req.destroy();
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no event from ${url} within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

describe("npm start: the sandbox (dev stack, real binaries)", function () {
  this.timeout(120_000);
  const marker = `proven-alerting-sandbox-${process.pid}-${Date.now()}`;
  let child: ChildProcess;
  let output = "";

  before(async () => {
    // As the README says it, in a process group of its own, as a terminal runs it.
    child = spawn("npm", ["start"], {
      cwd: ROOT,
      env: { ...process.env, PROVEN_ALERTING_WORKDIR_PREFIX: marker },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString("utf8")));
    await waitFor("the sandbox ready", () => (output.includes("sandbox: ready") ? true : undefined), READY_BOUND_MS);
  });

  after(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
    for (const pid of processesMentioning(marker)) process.kill(pid, "SIGKILL");
  });

  it("prints the page, Alertmanager and Prometheus URLs and a curl line", () => {
    assert.match(output, /notifications and the routing tree: http:\/\/127\.0\.0\.1:\d+\//, output);
    assert.match(output, /Alertmanager 0: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /Prometheus 0: http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /^ {4}curl -s -XPOST .*\/api\/v2\/alerts -d '\[.*\]'$/m);
  });

  it("an alert fired with the printed curl line shows as a line, and on the page", async () => {
    execSync(/^ {4}(curl .*)$/m.exec(output)![1], { shell: "/bin/sh", timeout: 10_000 });
    await waitFor(
      "the notification line",
      () => (/\d\d:\d\d:\d\d {2}oncall-critical \(\w+\) {2}firing {2}SandboxTest/.test(output) ? true : undefined),
      30_000,
    );
    const page = /notifications and the routing tree: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1];
    assert.match((await request(page)).body, /<title>proven-alerting sandbox<\/title>/);
    assert.match((await request(`${page}routing.svg`)).body, /receiver: oncall-critical/);
    assert.match(await firstEvent(`${page}events`, 10_000), /^data: \{"id":0,"summary":\{.*"status":"firing","alerts":\["SandboxTest"\]\},"view":\{.*\}\}$/);
  });

  it("the page in a real browser (headless Chromium): the fired alert is listed, the routing tree drawn; the browser leaves nothing", async function () {
    const chromium = browserPath();
    if (!chromium) {
      // CI installs Chromium (.ci/run): there its absence is a failure, not a skip.
      if (process.env.CI) throw new Error("chromium is not installed; .ci/run installs it with apt-get");
      console.log("      skipped: chromium is not installed (apt-get install chromium)");
      this.skip();
    }
    const before = new Set(processesMentioning("chromium"));
    const browser = await playwright.launch({ executablePath: chromium, headless: true });
    try {
      const tab = await browser.newPage();
      await tab.goto(/notifications and the routing tree: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]);
      const row = tab.locator("details.notification.firing > summary", { hasText: "SandboxTest" }).first();
      await row.waitFor({ timeout: 20_000 });
      assert.match(await row.innerText(), /oncall-critical\s+\w+\s+firing\s+SandboxTest/);
      assert.ok(Number(await tab.locator("#count").innerText()) >= 1);
      const tree = tab.locator('img[alt="the routing tree"]');
      await tree.waitFor({ timeout: 10_000 });
      // The test compiles without the DOM types: the element is read as the two fields it needs.
      const loaded = await tree.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });
      assert.ok(loaded, "the routing tree loads");
    } finally {
      await browser.close();
    }
    await waitFor("the browser's processes gone", () => (processesMentioning("chromium").every((pid) => before.has(pid)) ? true : undefined), 10_000).catch(
      () => undefined,
    );
    assert.deepStrictEqual(
      processesMentioning("chromium").filter((pid) => !before.has(pid)),
      [],
    );
  });

  it("npm run route -- --fire explains an alert, then sends it into the running sandbox", async () => {
    const routed = runScript("scripts/route.ts", ["--stack", "dev", "--fire", "alertname=RouteFired", "severity=warning", "tenant_id=route"]);
    assert.strictEqual(routed.status, 0, routed.output);
    assert.match(routed.output, /-> slack-alerts \(slack\)|-x slack-alerts \(slack\)/);
    assert.match(routed.output, /route: fired into the running sandbox \(1 Alertmanager\)/);
    await waitFor("the routed alert's line", () => (/ {2}slack-alerts \(slack\) {2}firing {2}RouteFired/.test(output) ? true : undefined), 30_000);
    const wrongStack = runScript("scripts/route.ts", ["--stack", "prod", "--fire", "alertname=RouteFired"]);
    assert.strictEqual(wrongStack.status, 1);
    assert.match(wrongStack.output, /route: the running sandbox runs the dev stack: use --stack dev, or start a prod sandbox/);
  });

  it("Ctrl-C stops everything: no process and no work directory left", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
    // Ctrl-C in a terminal signals the whole foreground group: npm, the sandbox and the servers it started.
    process.kill(-child.pid!, "SIGINT");
    assert.notStrictEqual(await exited, null);
    await waitFor("the children gone", () => (processesMentioning(marker).length === 0 ? true : undefined), 10_000).catch(() => undefined);
    assert.deepStrictEqual(processesMentioning(marker), []);
    assert.deepStrictEqual(
      readdirSync(tmpdir()).filter((name) => name.includes(marker)),
      [],
    );
    assert.strictEqual(existsSync(SANDBOX_FILE), false, "the sandbox's address file is removed");
  });
});

/** A laptop screen: the page must be readable at this size (and the README's screenshot is taken at it). */
const LAPTOP = { width: 1366, height: 768 };
const RUNBOOK = "https://runbooks.example.com/checkout-latency";
const SUMMARY = "Checkout p99 latency above 2s for 10 minutes";
/** Rows of the routing table whose route path the form must give as `npm run route` does. */
const ROUTE_ROWS = 10;

describe("the sandbox page: what the on-call engineer reads (prod stack, one Alertmanager, headless Chromium)", function () {
  this.timeout(180_000);
  let sandbox: Sandbox | undefined;
  let browser: Browser | undefined;
  let tab: Page;

  before(async function () {
    const chromium = browserPath();
    if (!chromium) {
      if (process.env.CI) throw new Error("chromium is not installed; .ci/run installs it with apt-get");
      console.log("      skipped: chromium is not installed (apt-get install chromium)");
      this.skip();
    }
    // The prod stack: its on-call receiver has every kind the issue names (Slack, PagerDuty, e-mail, webhook, Teams).
    sandbox = await startSandbox("prod", () => undefined, { replicas: 1 });
    browser = await playwright.launch({ executablePath: chromium, headless: true });
    tab = await browser.newPage({ viewport: LAPTOP });
    await tab.goto(sandbox.pageUrl);
  });

  after(async () => {
    await browser?.close();
    await sandbox?.stop();
  });

  /** Types the labels into the form, asks for the route, and waits for that answer (not the last one). */
  async function askRoute(labels: Record<string, string>): Promise<void> {
    const before = Number((await tab.locator("#answer").getAttribute("data-answers")) ?? "0");
    await tab.locator("#labels").fill(
      Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n"),
    );
    await tab.getByRole("button", { name: "Show route" }).click();
    await tab.locator(`#answer[data-answers="${before + 1}"]`).waitFor({ timeout: 20_000 });
  }

  it("fire a critical alert from the form: the Slack message with its summary and runbook link, the PagerDuty summary, the e-mail HTML in a sandboxed frame", async () => {
    await tab.locator("#labels").fill("alertname=CheckoutLatencyHigh\nseverity=critical\ntenant_id=acme");
    await tab.locator("#annotations").fill(`summary=${SUMMARY}\nrunbook_url=${RUNBOOK}`);
    // The keyboard alone: the button is reachable and works with Enter.
    await tab.locator("#fire").focus();
    await tab.keyboard.press("Enter");
    await tab.locator(".fired").waitFor({ timeout: 20_000 });
    assert.match(await tab.locator("#answer .receiver").first().innerText(), /oncall-critical \(slack, pagerduty, webhook, msteams, email\)/);

    const card = (kind: string) => tab.locator(`details.notification.caused[data-receiver="oncall-critical"][data-kind="${kind}"]`).first();
    for (const kind of ["slack", "pagerduty", "email", "webhook", "msteams"]) await card(kind).waitFor({ timeout: 30_000 });

    const slack = card("slack");
    await slack.locator(":scope > summary").click();
    assert.match(await slack.locator(".content .text").first().innerText(), new RegExp(SUMMARY));
    assert.strictEqual(await slack.locator(`.view-links a[href="${RUNBOOK}"]`).count(), 1, "the Slack message links the runbook");
    assert.match(await slack.locator(".colour").innerText(), /Colour: danger/);
    // The README's picture: the form, its answer and the Slack message open, at the top of a laptop screen.
    await tab.locator("h1").scrollIntoViewIfNeeded();
    await tab.screenshot({ path: path.join(ROOT, "docs", "sandbox.png") });

    const pagerduty = card("pagerduty");
    await pagerduty.locator(":scope > summary").click();
    assert.match(await pagerduty.locator("h3.title").innerText(), new RegExp(`Summary: \\[FIRING:1\\] CheckoutLatencyHigh .*: ${SUMMARY}`));
    assert.match(await pagerduty.locator(".severity").innerText(), /Severity: critical/);

    const email = card("email");
    await email.locator(":scope > summary").click();
    const frame = email.locator("iframe.mail");
    assert.strictEqual(await frame.getAttribute("sandbox"), "", "the e-mail's HTML runs in an empty sandbox");
    assert.match((await frame.getAttribute("srcdoc")) ?? "", new RegExp(`${SUMMARY}[\\s\\S]*${RUNBOOK}`));
    assert.match(await email.frameLocator("iframe.mail").locator("body").innerText(), new RegExp(SUMMARY));
  });

  it(`the form gives the route path npm run route gives, for ${ROUTE_ROWS} rows of the routing table`, async () => {
    const spec = deployedSpec(stackConfig("prod"));
    const rows = ROUTING_TABLE.filter((row) => row.alerts.length === 1).slice(0, ROUTE_ROWS);
    assert.strictEqual(rows.length, ROUTE_ROWS);
    for (const row of rows) {
      const labels = { ...row.alerts[0], tenant_id: "acme" };
      await askRoute(labels);
      // What npm run route prints (scripts/route.ts prints formatAnswer of explainRoute, nothing else).
      const printed = formatAnswer(explainRoute(spec, labels, new Date(), binaries().amtool));
      const expected = [...printed.matchAll(/^(?:->|-x) (\S+) .*\n {3}(route: .*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
      const shown = await tab
        .locator("#answer .receiver")
        .evaluateAll((items) =>
          items.map(
            (li) =>
              `${li.getAttribute("data-receiver")} ${(li as unknown as { querySelector(s: string): { textContent: string } }).querySelector(".route").textContent}`,
          ),
        );
      assert.ok(expected.length > 0, printed);
      assert.deepStrictEqual(shown, expected, `${row.name}: ${JSON.stringify(labels)}`);
    }
  });

  it("Audit events: the stack records them (alerting:audit), and the page lists the notifications the replica recorded", async () => {
    const audit = tab.locator("#sections section", { hasText: "Audit events" }).locator("pre.audit");
    await waitFor(
      "the recorded notification on the page",
      async () => (/\bnotification {2}CheckoutLatencyHigh {2}receiver oncall-critical/.test(await audit.innerText().catch(() => "")) ? true : undefined),
      30_000,
    );
  });

  it("a label the form cannot take is named, and the page keeps working", async () => {
    await tab.locator("#labels").fill("not a label=x");
    await tab.getByRole("button", { name: "Show route" }).click();
    assert.match(await tab.getByRole("alert").innerText(), /label "not a label" is not a label name/);
  });

  it("the page loads nothing from elsewhere: every request goes to the sandbox's own address", async () => {
    const origin = new URL(sandbox!.pageUrl).origin;
    const fresh = await browser!.newPage({ viewport: LAPTOP });
    const requested: string[] = [];
    fresh.on("request", (r) => requested.push(r.url()));
    await fresh.goto(sandbox!.pageUrl);
    await fresh.locator("details.notification").first().waitFor({ timeout: 20_000 });
    await fresh.close();
    assert.ok(requested.length >= 3, requested.join("\n"));
    assert.deepStrictEqual(
      requested.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("about:")),
      [],
    );
  });
});
