/**
 * A live sandbox: a stack's rendered configuration on the real binaries (Prometheus and every
 * Alertmanager replica), every receiver delivering to the capture stand-ins, each notification
 * printed as one line and shown on a local page with the routing tree. No Docker, no Pulumi CLI,
 * no credential.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { postAlerts, RequestOptions, TestAlert } from "./alertmanager-api";
import { ROOT } from "../offline/program";
import { routingDiagram, routingSvg } from "../offline/routing-diagram";
import { binaries } from "./binaries";
import { notificationLine, summarize } from "./notification-line";
import { startPipeline } from "./pipeline";
import { atExit } from "./processes";
import { Link, SandboxPage } from "./sandbox-page";
import { alertmanagerPathsIn } from "./work-paths";

/** How often new captures are looked for: quick enough to feel live. */
const POLL_MS = 250;
/** The alert the printed curl line fires: critical, so it pages every on-call integration. */
const TEST_ALERT = [{ labels: { alertname: "SandboxTest", severity: "critical", tenant_id: "sandbox" }, annotations: { summary: "fired from the sandbox" } }];

/** Where a running sandbox says how to reach it, for `npm run route -- --fire` (git-ignored, removed when it stops). */
export const SANDBOX_FILE = path.join(ROOT, "out", "sandbox.json");

interface SandboxAddress {
  stack: string;
  alertmanagers: string[];
  access: RequestOptions;
}

/** Fires alerts at every Alertmanager of the running sandbox, as Prometheus does; says which stack it runs. */
export async function fireIntoSandbox(stack: string, alerts: TestAlert[]): Promise<number> {
  let address: SandboxAddress;
  try {
    address = JSON.parse(readFileSync(SANDBOX_FILE, "utf8")) as SandboxAddress;
  } catch {
    throw new Error(`no sandbox is running (${path.relative(ROOT, SANDBOX_FILE)} is missing): start one with npm start`);
  }
  if (address.stack !== stack)
    throw new Error(`the running sandbox runs the ${address.stack} stack: use --stack ${address.stack}, or start a ${stack} sandbox`);
  await Promise.all(address.alertmanagers.map((url) => postAlerts(url, alerts, address.access)));
  return address.alertmanagers.length;
}

export interface Sandbox {
  pageUrl: string;
  links: Link[];
  /** A shell line that fires a test alert at the first Alertmanager. */
  curl: string;
}

/**
 * Runs until the process exits (Ctrl-C): the servers and processes it started, its work directory
 * and its address file are removed then (harness/processes.ts, atExit).
 */
export async function startSandbox(stack: string, print: (line: string) => void): Promise<Sandbox> {
  const pipeline = await startPipeline({ stack, binaries: binaries(), prometheus: true });
  const links: Link[] = [
    ...pipeline.replicas.map((r) => ({ name: `Alertmanager ${r.index}`, url: r.url })),
    ...pipeline.prometheuses.replicas.map((r) => ({ name: `Prometheus ${r.index}`, url: r.url })),
  ];
  const svg = routingSvg(routingDiagram(readFileSync(alertmanagerPathsIn(pipeline.workDir).configFile, "utf8")));
  const page = new SandboxPage(svg, links);
  const pageUrl = await page.listen();
  let shown = 0;
  setInterval(() => {
    const all = pipeline.notifications();
    for (const n of all.slice(shown)) {
      print(notificationLine(n));
      page.publish(summarize(n));
    }
    shown = all.length;
  }, POLL_MS);
  const address: SandboxAddress = { stack, alertmanagers: pipeline.urls, access: pipeline.access };
  mkdirSync(path.dirname(SANDBOX_FILE), { recursive: true });
  // It holds the made-up web password's header when the stack protects its API: readable by the owner only.
  writeFileSync(SANDBOX_FILE, `${JSON.stringify(address, null, 2)}\n`, { mode: 0o600 });
  atExit(() => rmSync(SANDBOX_FILE, { force: true }));
  const auth = pipeline.access.headers?.authorization;
  const curl = [
    "curl -s -XPOST -H 'content-type: application/json'",
    ...(auth ? [`-H 'authorization: ${auth}'`] : []),
    ...(pipeline.access.ca ? ["-k"] : []),
    `${pipeline.urls[0]}/api/v2/alerts -d '${JSON.stringify(TEST_ALERT)}'`,
  ].join(" ");
  return { pageUrl, links, curl };
}
