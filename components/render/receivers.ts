/**
 * Each integration kind's Alertmanager block (`<kind>_configs`), one row per kind of the registry in
 * config/integrations.ts: the compiler refuses a kind without its row here. Credentials appear only
 * as `*_file` paths.
 */
import { INTEGRATIONS, IntegrationConfig, IntegrationKind } from "../../config/integrations";

export interface IntegrationContext {
  /** The path of the file Alertmanager reads a credential from. */
  file: (key: string) => string;
  /** The endpoint to post to instead of the service's own (the local capture container). */
  endpoint?: string;
}

interface IntegrationRenderer<K extends IntegrationKind> {
  /** The receiver key Alertmanager reads the list from. */
  configsKey: string;
  /** Everything but `send_resolved`, which every kind shares. */
  render: (config: IntegrationConfig<K>, context: IntegrationContext) => Record<string, unknown>;
}

const template = (name: string) => `{{ template "${name}" . }}`;

export const INTEGRATION_RENDERERS: { [K in IntegrationKind]: IntegrationRenderer<K> } = {
  slack: {
    configsKey: "slack_configs",
    render: (c, { file }) => ({
      api_url_file: file(c.credential),
      channel: c.channel,
      title: template("slack.alerting.title"),
      text: template("slack.alerting.text"),
    }),
  },
  pagerduty: {
    configsKey: "pagerduty_configs",
    render: (c, { file, endpoint }) => ({
      routing_key_file: file(c.credential),
      ...((endpoint ?? c.url) && { url: endpoint ?? c.url }),
      description: template("pagerduty.alerting.description"),
      severity: template("pagerduty.alerting.severity"),
      source: template("pagerduty.alerting.source"),
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
        { href: template("alerting.runbook"), text: "Runbook" },
        { href: "{{ (index .Alerts 0).GeneratorURL }}", text: "Source" },
      ],
    }),
  },
  webhook: {
    configsKey: "webhook_configs",
    render: (c, { file }) => ({ url_file: file(c.credential), max_alerts: c.maxAlerts }),
  },
  msteams: {
    configsKey: "msteams_configs",
    render: (c, { file }) => ({
      webhook_url_file: file(c.credential),
      title: template("msteams.alerting.title"),
      text: template("msteams.alerting.text"),
    }),
  },
};

/** One integration's entry in its `<kind>_configs` list. */
export function renderIntegration<K extends IntegrationKind>(kind: K, config: IntegrationConfig<K>, context: IntegrationContext): Record<string, unknown> {
  return { ...INTEGRATION_RENDERERS[kind].render(config, context), send_resolved: config.sendResolved };
}

/** Whether a kind's credential is a key sent to an endpoint the capture container can stand in for. */
export const sendsKeyToEndpoint = (kind: IntegrationKind) => INTEGRATIONS[kind].credential.holds === "key";
