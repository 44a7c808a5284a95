/** alertmanager.yml from the spec. Credentials appear only as `*_file` paths; no value ever reaches this file. */
import type { AlertingSpec } from "../../config/spec";
import type { ReceiverConfig, RouteConfig } from "../../config/schema";
import { formatMatcher, parseMatcher } from "../../config/matchers";
import { AlertmanagerPaths, credentialFile } from "./paths";
import { captureUrl } from "./capture";
import { toYaml } from "./yaml";

export interface AlertmanagerRenderOptions {
  paths: AlertmanagerPaths;
  /** Base URL of the capture endpoint; used for PagerDuty integrations whose credential is not set (local stack). */
  captureBaseUrl?: string;
}

const normalise = (matchers: string[]) => matchers.map((m) => formatMatcher(parseMatcher(m)!));

function timings(t: Pick<RouteConfig, "groupBy" | "groupWait" | "groupInterval" | "repeatInterval">) {
  return {
    ...(t.groupBy && { group_by: t.groupBy }),
    ...(t.groupWait && { group_wait: t.groupWait }),
    ...(t.groupInterval && { group_interval: t.groupInterval }),
    ...(t.repeatInterval && { repeat_interval: t.repeatInterval }),
  };
}

function route(r: RouteConfig) {
  return {
    receiver: r.receiver,
    matchers: normalise(r.matchers),
    ...timings(r),
    ...(r.continue && { continue: true }),
    ...(r.muteTimeIntervals.length > 0 && { mute_time_intervals: r.muteTimeIntervals }),
    ...(r.activeTimeIntervals.length > 0 && { active_time_intervals: r.activeTimeIntervals }),
  };
}

function receiver(r: ReceiverConfig, spec: AlertingSpec, options: AlertmanagerRenderOptions) {
  const file = (key: string) => credentialFile(options.paths, key);
  const captured = (key: string) => spec.credentials.find((c) => c.key === key)?.source === "capture";
  return {
    name: r.name,
    ...(r.slack && {
      slack_configs: [
        {
          api_url_file: file(r.slack.credential),
          channel: r.slack.channel,
          send_resolved: r.slack.sendResolved,
          title: '{{ template "slack.alerting.title" . }}',
          text: '{{ template "slack.alerting.text" . }}',
        },
      ],
    }),
    ...(r.pagerduty && {
      pagerduty_configs: [
        {
          routing_key_file: file(r.pagerduty.credential),
          ...(captured(r.pagerduty.credential) && options.captureBaseUrl
            ? { url: captureUrl(options.captureBaseUrl, "pagerduty", r.pagerduty.credential) }
            : r.pagerduty.url && { url: r.pagerduty.url }),
          send_resolved: r.pagerduty.sendResolved,
          description: '{{ template "pagerduty.alerting.description" . }}',
          severity: '{{ template "pagerduty.alerting.severity" . }}',
          source: '{{ template "pagerduty.alerting.source" . }}',
          component: "{{ or .CommonLabels.component .CommonLabels.service .CommonLabels.job }}",
          group: "{{ or .CommonLabels.domain .CommonLabels.namespace }}",
          class: "{{ .CommonLabels.alertname }}",
          // Alertmanager (0.30+) reads each rendered value as YAML: the alert lists go as JSON, so a
          // summary containing ": " cannot turn into a map (upstream's own default since 0.30).
          details: {
            firing: "{{ .Alerts.Firing | toJson }}",
            resolved: "{{ .Alerts.Resolved | toJson }}",
            num_firing: "{{ .Alerts.Firing | len }}",
            num_resolved: "{{ .Alerts.Resolved | len }}",
            tenant_id: "{{ .CommonLabels.tenant_id }}",
            severity: "{{ .CommonLabels.severity }}",
          },
          links: [
            { href: '{{ template "alerting.runbook" . }}', text: "Runbook" },
            { href: "{{ (index .Alerts 0).GeneratorURL }}", text: "Source" },
          ],
        },
      ],
    }),
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
    ...(r.webhook && {
      webhook_configs: [{ url_file: file(r.webhook.credential), send_resolved: r.webhook.sendResolved, max_alerts: r.webhook.maxAlerts }],
    }),
    ...(r.msteams && {
      msteams_configs: [
        {
          webhook_url_file: file(r.msteams.credential),
          send_resolved: r.msteams.sendResolved,
          title: '{{ template "msteams.alerting.title" . }}',
          text: '{{ template "msteams.alerting.text" . }}',
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
      source_matchers: normalise(rule.sourceMatchers),
      target_matchers: normalise(rule.targetMatchers),
      ...(rule.equal.length > 0 && { equal: rule.equal }),
    })),
    time_intervals: spec.timeIntervals.map((ti) => ({
      name: ti.name,
      time_intervals: ti.intervals.map((i) => ({
        ...(i.weekdays && { weekdays: i.weekdays }),
        ...(i.times && { times: i.times.map((t) => ({ start_time: t.start, end_time: t.end })) }),
        location: i.location,
      })),
    })),
    receivers: spec.receivers.map((r) => receiver(r, spec, options)),
  };
  return toYaml(config);
}

