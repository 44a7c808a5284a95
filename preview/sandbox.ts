/**
 * A live sandbox: a stack's rendered configuration on the real binaries (Prometheus and every
 * Alertmanager replica), every receiver delivering to the capture stand-ins, each notification
 * printed as one line and shown on a local page with the routing tree. No Docker, no Pulumi CLI,
 * no credential.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { renderEventRecorder } from "../components/render/audit";
import { auditEventsFile } from "../components/render/paths";
import { LABEL_NAME_PATTERN } from "../config/matchers";
import { postAlerts, RequestOptions, TestAlert } from "../harness/alertmanager-api";
import { AuditEvent, readAuditEvents } from "../harness/audit-events";
import { binaries } from "../harness/binaries";
import { deployedStackSpec } from "../harness/capture-config";
import { notificationLine, summarize } from "../harness/notification-line";
import { Pipeline } from "../harness/pipeline";
import { atExit } from "../harness/processes";
import { explainRoute, RouteAnswer, routeVia, silenceLine } from "../harness/route-explain";
import { alertmanagerPathsIn } from "../harness/work-paths";
import { ROOT } from "../offline/program";
import { routingDiagram, routingSvg } from "../offline/routing-diagram";
import { captured } from "./captured";
import { notificationView } from "./notification-view";
import { Link, SandboxPage } from "./sandbox-page";

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

/** The newest audit events the page lists: a screenful; the whole record is in the file. */
const AUDIT_EVENTS_SHOWN = 50;

/** One recorded event as one line: time, replica position, what happened, to which alerts, and where. */
export function auditLine(e: AuditEvent): string {
  const alerts = e.alerts.map((a) => a.name).join(", ");
  const where = [e.receiver && `receiver ${e.receiver}`, e.integration, e.reason, e.silence && `silence ${e.silence.id}`].filter(Boolean).join(" ");
  return `${e.time}  #${e.clusterPosition}  ${e.kind}${alerts ? `  ${alerts}` : ""}${where ? `  ${where}` : ""}`;
}

export interface Sandbox {
  pageUrl: string;
  links: Link[];
  /** A shell line that fires a test alert at the first Alertmanager. */
  curl: string;
  /** Stops everything it started (the command instead stops at exit). */
  stop(): Promise<void>;
}

export interface SandboxOptions {
  /** Alertmanager replicas, when not the stack's own number (a test runs the prod stack with one). */
  replicas?: number;
}

/** The form's route, as the page shows it: `npm run route`'s answer with its lines already worded the same way. */
export interface FormRoute {
  severity: string;
  silences: string[];
  receivers: { receiver: string; integrations: string[]; route: string; deliversNow: boolean; intervals: string[] }[];
  inhibitRules: string[];
}

export function formRoute(a: RouteAnswer): FormRoute {
  const state = (i: { name: string; activeNow: boolean }) => `${i.name} (${i.activeNow ? "active" : "not active"} now)`;
  return {
    severity: a.severity,
    silences: a.silencedBy.map((s) => silenceLine(s).trim()),
    receivers: a.receivers.map((r) => ({
      receiver: r.receiver,
      integrations: r.integrations,
      route: routeVia(r.path),
      deliversNow: r.deliversNow,
      intervals: [
        ...(r.mutedBy.length > 0 ? [`muted during: ${r.mutedBy.map(state).join(", ")}`] : []),
        ...(r.activeOnlyDuring.length > 0 ? [`only during: ${r.activeOnlyDuring.map(state).join(", ")}`] : []),
      ],
    })),
    inhibitRules: a.inhibitedBy.map(
      (rule) => `while ${rule.sourceMatchers.join(", ")} fires${rule.equal.length > 0 ? ` with the same ${rule.equal.join(", ")}` : ""}`,
    ),
  };
}

/**
 * Runs until the process exits (Ctrl-C): the servers and processes it started, its work directory
 * and its address file are removed then (harness/processes.ts, atExit).
 */
export async function startSandbox(stack: string, print: (line: string) => void, options: SandboxOptions = {}): Promise<Sandbox> {
  const tools = binaries();
  // The user's own names and checks, as `npm run route` reads them (the pipeline's spec has the capture rewrite).
  const spec = deployedStackSpec(stack);
  const pipeline = new Pipeline({ stack, binaries: tools, prometheus: true, replicas: options.replicas });
  await pipeline.start();
  const links: Link[] = [
    ...pipeline.replicas.map((r) => ({ name: `Alertmanager ${r.index}`, url: r.url })),
    ...pipeline.prometheuses.replicas.map((r) => ({ name: `Prometheus ${r.index}`, url: r.url })),
  ];
  const svg = routingSvg(routingDiagram(readFileSync(alertmanagerPathsIn(pipeline.workDir).configFile, "utf8")));
  const page = new SandboxPage(stack, svg, links, {
    route: (labels) => {
      const bad = Object.keys(labels).find((name) => !LABEL_NAME_PATTERN.test(name));
      if (bad !== undefined) throw new Error(`label ${JSON.stringify(bad)} is not a label name; use letters, digits and _, e.g. severity`);
      if (Object.keys(labels).length === 0) throw new Error("give at least one label, e.g. severity=critical");
      return formRoute(explainRoute(spec, labels, new Date(), tools.amtool));
    },
    fire: (labels, annotations) => pipeline.fire([{ labels, annotations }]),
    sections: async () => {
      // The replicas write the event recorder's file only when the stack turns it on (alerting:audit).
      const paths = alertmanagerPathsIn(pipeline.workDir);
      if (!renderEventRecorder(pipeline.spec, paths)) return [];
      const events = readAuditEvents([{ replica: "sandbox", path: auditEventsFile(paths) }]);
      return [{ title: `Audit events (${events.length})`, text: events.slice(-AUDIT_EVENTS_SHOWN).reverse().map(auditLine).join("\n") || "none yet" }];
    },
  });
  const pageUrl = await page.listen();
  let shown = 0;
  const poll = setInterval(() => {
    const all = pipeline.notifications();
    const fresh = captured(all.slice(shown), pipeline.http.records, pipeline.smtp.records);
    fresh.forEach((n, i) => {
      print(notificationLine(n));
      page.publish({ id: shown + i, summary: summarize(n), view: notificationView(n) });
    });
    shown = all.length;
  }, POLL_MS);
  const address: SandboxAddress = { stack, alertmanagers: pipeline.urls, access: pipeline.access };
  mkdirSync(path.dirname(SANDBOX_FILE), { recursive: true });
  // It holds the made-up web password's header when the stack protects its API: readable by the owner only.
  writeFileSync(SANDBOX_FILE, `${JSON.stringify(address, null, 2)}\n`, { mode: 0o600 });
  const forgetAddress = atExit(() => rmSync(SANDBOX_FILE, { force: true }));
  const auth = pipeline.access.headers?.authorization;
  const curl = [
    "curl -s -XPOST -H 'content-type: application/json'",
    ...(auth ? [`-H 'authorization: ${auth}'`] : []),
    ...(pipeline.access.ca ? ["-k"] : []),
    `${pipeline.urls[0]}/api/v2/alerts -d '${JSON.stringify(TEST_ALERT)}'`,
  ].join(" ");
  const stop = async () => {
    clearInterval(poll);
    await page.close();
    await pipeline.stop();
    rmSync(SANDBOX_FILE, { force: true });
    forgetAddress();
  };
  return { pageUrl, links, curl, stop };
}
