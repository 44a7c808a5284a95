/**
 * `npm run preview`: the notifications one alert would produce, for each integration it reaches,
 * exactly as the services would receive them, without a stack (no Docker, no Pulumi).
 *
 * How: the real Alertmanager runs once (one replica, the stack's rendered configuration with
 * every endpoint pointed at the in-process capture stand-ins and group_wait 0), the alert is
 * fired, each captured notification is shown through the same view as the sandbox page, and
 * everything stops. `amtool template render` was the other way; it was not taken because it
 * renders one template string against made-up data: it does not apply a receiver's own fields
 * (Slack's colour and actions, PagerDuty's details and links, e-mail headers), the notifier's
 * payload shape, or Alertmanager's grouping, so it could pass while the real message differs.
 */
import { AlertingSpec } from "../config/spec";
import { deployedStackSpec } from "../harness/capture-config";
import { Binaries } from "../harness/binaries";
import { startPipeline } from "../harness/pipeline";
import { waitFor } from "../harness/processes";
import { explainRoute, RoutedReceiver } from "../harness/route-explain";
import { captured } from "./captured";
import { NotificationView, notificationView } from "./notification-view";

/** No group wait: the notification leaves as soon as the alert arrives. The other timings only need to outlast one run. */
const PREVIEW_TIMINGS = { groupWait: "0s", groupInterval: "1m", repeatInterval: "1h", peerTimeout: "3s" };
/** One start of Alertmanager and one delivery per integration on a loaded machine, with a wide margin. */
const DELIVERY_BOUND_MS = 30_000;

export interface PreviewRequest {
  stack: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Only this receiver's integrations. */
  receiver?: string;
}

export interface PreviewResult {
  views: NotificationView[];
  /** Receivers the alert reaches that send nothing now (silenced, muted, or outside their active time), each with why. */
  notNow: string[];
}

/** A user error of `npm run preview`: printed as it is, exit 1. */
export class PreviewError extends Error {}

const integrationsOf = (r: RoutedReceiver) => r.integrations.length;

/** Which receivers to preview and how many notifications to wait for; refuses an unknown receiver or a label set that reaches nothing. */
export function previewTargets(spec: AlertingSpec, req: PreviewRequest, amtool: string): { targets: RoutedReceiver[]; notNow: string[] } {
  if (req.receiver !== undefined && !spec.receivers.some((r) => r.name === req.receiver))
    throw new PreviewError(
      `unknown receiver ${JSON.stringify(req.receiver)}; the ${req.stack} stack's receivers: ${spec.receivers.map((r) => r.name).join(", ")}`,
    );
  const answer = explainRoute(spec, req.labels, new Date(), amtool);
  const reached = answer.receivers.filter((r) => req.receiver === undefined || r.receiver === req.receiver);
  const labels = Object.entries(req.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  if (reached.length === 0)
    throw new PreviewError(
      `${labels} does not reach receiver ${req.receiver}; it goes to ${answer.receivers.map((r) => r.receiver).join(", ")} (npm run route -- --stack ${req.stack} ${labels})`,
    );
  const sending = reached.filter((r) => integrationsOf(r) > 0);
  if (sending.length === 0)
    throw new PreviewError(`${labels} reaches nothing: ${reached.map((r) => r.receiver).join(", ")} ha${reached.length > 1 ? "ve" : "s"} no integration`);
  const why = (r: RoutedReceiver) =>
    answer.silencedBy.length > 0
      ? `silenced by ${answer.silencedBy.map((s) => s.id).join(", ")}`
      : [
          ...r.mutedBy.filter((i) => i.activeNow).map((i) => `muted during ${i.name}, active now`),
          ...r.activeOnlyDuring.filter((i) => !i.activeNow).map((i) => `only during ${i.name}, not active now`),
        ].join("; ");
  const notNow = sending.filter((r) => !r.deliversNow).map((r) => `${r.receiver}: ${why(r)}`);
  const targets = sending.filter((r) => r.deliversNow);
  if (targets.length === 0) throw new PreviewError(`${labels} reaches nothing now:\n  ${notNow.join("\n  ")}`);
  return { targets, notNow };
}

export async function preview(req: PreviewRequest, binaries: Binaries): Promise<PreviewResult> {
  const spec = deployedStackSpec(req.stack);
  const { targets, notNow } = previewTargets(spec, req, binaries.amtool);
  const names = new Set(targets.map((t) => t.receiver));
  const expected = targets.reduce((n, t) => n + integrationsOf(t), 0);
  const pipeline = await startPipeline({ stack: req.stack, binaries, replicas: 1, timings: PREVIEW_TIMINGS });
  try {
    await pipeline.fire([{ labels: req.labels, annotations: req.annotations }]);
    const wanted = () => pipeline.notifications().filter((n) => names.has(n.receiver));
    await waitFor(
      `${expected} notification${expected > 1 ? "s" : ""} for ${[...names].join(", ")}`,
      () => (wanted().length >= expected ? true : undefined),
      DELIVERY_BOUND_MS,
    );
    const views = captured(wanted(), pipeline.http.records, pipeline.smtp.records).map(notificationView);
    // In route order, then by kind: the output does not depend on which delivery arrived first.
    const order = [...names];
    views.sort((a, b) => order.indexOf(a.receiver) - order.indexOf(b.receiver) || a.kind.localeCompare(b.kind));
    return { views, notNow };
  } finally {
    await pipeline.stop();
  }
}
