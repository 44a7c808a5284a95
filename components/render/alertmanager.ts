/** alertmanager.yml from the spec. Credentials appear only as `*_file` paths; no value ever reaches this file. */
import type { AlertingSpec } from "../../config/spec";
import type { ReceiverConfig } from "../../config/schema";
import type { RouteConfig, TimeIntervalConfig } from "../../config/routing-schema";
import { canonicalMatchers } from "../../config/matchers";
import { SeverityWords, widenSeverityComparisons } from "../../config/severity-words";
import { AlertmanagerPaths, credentialFile } from "./paths";
import { INTEGRATION_KINDS } from "../../config/integrations";
import { captureUrl } from "./capture";
import { hasEndpoint, INTEGRATION_RENDERERS, renderIntegration, renderNativeIntegrations } from "./receivers";
import { renderNativeGlobal } from "../../config/native-config";
import { toYaml } from "./yaml";
import { renderEventRecorder } from "./audit";

/** `event_recorder`, read by Alertmanager under --enable-feature=event-recorder (flags.ts), when alerting:audit is on. */
function auditBlock(spec: AlertingSpec, paths: AlertmanagerPaths): { event_recorder?: Record<string, unknown> } {
  const block = renderEventRecorder(spec, paths);
  return block ? { event_recorder: block } : {};
}

export interface AlertmanagerRenderOptions {
  paths: AlertmanagerPaths;
  /** Base URL of the capture endpoint; used for integrations with an endpoint field whose credential is not set (local stack). */
  captureBaseUrl?: string;
}

function timings(t: Pick<RouteConfig, "groupBy" | "groupWait" | "groupInterval" | "repeatInterval">) {
  return {
    ...(t.groupBy && { group_by: t.groupBy }),
    ...(t.groupWait && { group_wait: t.groupWait }),
    ...(t.groupInterval && { group_interval: t.groupInterval }),
    ...(t.repeatInterval && { repeat_interval: t.repeatInterval }),
  };
}

function route(r: RouteConfig): Record<string, unknown> {
  return {
    ...(r.receiver && { receiver: r.receiver }),
    matchers: canonicalMatchers(r.matchers),
    ...timings(r),
    ...(r.continue && { continue: true }),
    ...(r.muteTimeIntervals.length > 0 && { mute_time_intervals: r.muteTimeIntervals }),
    ...(r.activeTimeIntervals.length > 0 && { active_time_intervals: r.activeTimeIntervals }),
    ...(r.routes.length > 0 && { routes: r.routes.map(route) }),
  };
}

function timeInterval(ti: TimeIntervalConfig) {
  return {
    name: ti.name,
    time_intervals: ti.intervals.map((i) => ({
      ...(i.times && { times: i.times.map((t) => ({ start_time: t.start, end_time: t.end })) }),
      ...(i.weekdays && { weekdays: i.weekdays }),
      ...(i.daysOfMonth && { days_of_month: i.daysOfMonth }),
      ...(i.months && { months: i.months }),
      ...(i.years && { years: i.years }),
      location: i.location,
    })),
  };
}

/** Every template string of a rendered integration with its severity comparisons widened to the mapped words (config/severity-words.ts). */
function widenTemplates<T>(value: T, words: SeverityWords): T {
  if (typeof value === "string") return widenSeverityComparisons(value, words) as T;
  if (Array.isArray(value)) return value.map((v) => widenTemplates(v, words)) as T;
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, widenTemplates(v, words)])) as T;
  return value;
}

function receiver(r: ReceiverConfig, spec: AlertingSpec, options: AlertmanagerRenderOptions) {
  const file = (key: string) => credentialFile(options.paths, key);
  // Stryker disable next-line OptionalChaining: spec.credentials holds every key a receiver names (config/spec.ts), so find never misses
  const captured = (key: string) => spec.credentials.find((c) => c.key === key)?.source === "capture";
  const integrations = INTEGRATION_KINDS.flatMap((kind) => {
    const config = r[kind];
    if (!config) return [];
    // A kind with an endpoint field whose credential is not set (local stack) posts to the capture container.
    const endpoint =
      hasEndpoint(kind) && config.credential !== undefined && captured(config.credential) && options.captureBaseUrl
        ? captureUrl(options.captureBaseUrl, kind, config.credential)
        : undefined;
    const rendered = widenTemplates(renderIntegration(kind, config as never, { file, endpoint }), spec.mappedSeverityWords);
    return [[INTEGRATION_RENDERERS[kind].configsKey, [rendered]]];
  });
  return {
    name: r.name,
    ...Object.fromEntries(integrations),
    ...renderNativeIntegrations(r, { file, captured, captureBaseUrl: options.captureBaseUrl }),
    ...(r.email && {
      email_configs: [
        {
          to: r.email.to.join(", "),
          send_resolved: r.email.sendResolved,
          headers: { Subject: '{{ template "email.alerting.subject" . }}' },
          html: '{{ template "email.alerting.html" . }}',
        },
      ],
    }),
  };
}

export function renderAlertmanagerConfig(spec: AlertingSpec, options: AlertmanagerRenderOptions): string {
  const smtp = spec.smtp;
  const config = {
    global: {
      resolve_timeout: spec.resolveTimeout,
      ...renderNativeGlobal(spec.global, (key) => credentialFile(options.paths, key)),
      ...(smtp && {
        smtp_smarthost: smtp.smarthost,
        smtp_from: smtp.from,
        smtp_require_tls: smtp.requireTls,
        ...(smtp.hello && { smtp_hello: smtp.hello }),
        ...(smtp.username && {
          smtp_auth_username: smtp.username,
          smtp_auth_password_file: credentialFile(options.paths, smtp.passwordCredential),
        }),
      }),
    },
    templates: [`${options.paths.templatesDir}/*.tmpl`],
    route: {
      receiver: spec.route.receiver,
      ...timings(spec.route),
      routes: spec.routes.map(route),
    },
    inhibit_rules: spec.inhibitRules.map((rule) => ({
      source_matchers: canonicalMatchers(rule.sourceMatchers),
      target_matchers: canonicalMatchers(rule.targetMatchers),
      ...(rule.equal.length > 0 && { equal: rule.equal }),
    })),
    time_intervals: spec.timeIntervals.map(timeInterval),
    receivers: spec.receivers.map((r) => receiver(r, spec, options)),
    ...auditBlock(spec, options.paths),
  };
  return toYaml(config);
}
