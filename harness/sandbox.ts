/**
 * A live sandbox: a stack's rendered configuration on the real binaries (Prometheus and every
 * Alertmanager replica), every receiver delivering to the capture stand-ins, each notification
 * printed as one line and shown on a local page with the routing tree. No Docker, no Pulumi CLI,
 * no credential.
 */
import { readFileSync } from "fs";
import { routingDiagram, routingSvg } from "../offline/routing-diagram";
import { binaries } from "./binaries";
import { notificationLine, summarize } from "./notification-line";
import { Pipeline, startPipeline } from "./pipeline";
import { Link, SandboxPage } from "./sandbox-page";
import { alertmanagerPathsIn } from "./work-paths";

/** How often new captures are looked for: quick enough to feel live. */
const POLL_MS = 250;
/** The alert the printed curl line fires: critical, so it pages every on-call integration. */
const TEST_ALERT = [{ labels: { alertname: "SandboxTest", severity: "critical", tenant_id: "sandbox" }, annotations: { summary: "fired from the sandbox" } }];

export interface Sandbox {
  pipeline: Pipeline;
  pageUrl: string;
  links: Link[];
  /** A shell line that fires a test alert at the first Alertmanager. */
  curl: string;
  stop(): Promise<void>;
}

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
  const poll = setInterval(() => {
    const all = pipeline.notifications();
    for (const n of all.slice(shown)) {
      print(notificationLine(n));
      page.publish(summarize(n));
    }
    shown = all.length;
  }, POLL_MS);
  const auth = pipeline.access.headers?.authorization;
  const curl = [
    "curl -s -XPOST -H 'content-type: application/json'",
    ...(auth ? [`-H 'authorization: ${auth}'`] : []),
    ...(pipeline.access.ca ? ["-k"] : []),
    `${pipeline.urls[0]}/api/v2/alerts -d '${JSON.stringify(TEST_ALERT)}'`,
  ].join(" ");
  return {
    pipeline,
    pageUrl,
    links,
    curl,
    stop: async () => {
      clearInterval(poll);
      await page.close();
      await pipeline.stop();
    },
  };
}
