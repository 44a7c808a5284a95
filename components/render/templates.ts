/**
 * Notification templates (Go text/template, loaded by Alertmanager from templatesDir): the shared
 * ones and e-mail's here, then each receiver kind's `<kind>.alerting.<field>` from its row in
 * receivers.ts. Every body carries alertname, severity, tenant, counts, labels, runbook and source links.
 */
import { INTEGRATION_KINDS, snakeCase } from "../../config/integrations";
import { INTEGRATION_RENDERERS } from "./receivers";

const SHARED_TEMPLATES = String.raw`{{/* Shared */}}
{{ define "alerting.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.severity }} ({{ . }}){{ end }}{{ with .CommonLabels.tenant_id }} tenant={{ . }}{{ end }}
{{- end }}

{{ define "alerting.runbook" }}{{ with .CommonAnnotations.runbook_url }}{{ . }}{{ else }}{{ .ExternalURL }}{{ end }}{{ end }}

{{/* One block per alert, in plain text and in Markdown, for the kinds' templates */}}
{{ define "alerting.alerts.text" -}}
{{ range .Alerts -}}
- {{ .Labels.alertname }} [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
{{ with .Annotations.description }}  {{ . }}
{{ end }}{{ with .Annotations.runbook_url }}  runbook: {{ . }}
{{ end }}  source: {{ .GeneratorURL }}
{{ end -}}
{{- end }}
{{ define "alerting.alerts.markdown" -}}
{{ range .Alerts -}}
**{{ .Labels.alertname }}** [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}{{ with .Annotations.runbook_url }} — [runbook]({{ . }}){{ end }} — [source]({{ .GeneratorURL }})
{{ end -}}
{{- end }}

{{/* E-mail */}}
{{ define "email.alerting.subject" }}{{ template "alerting.title" . }}{{ end }}
{{ define "email.alerting.html" -}}
<!DOCTYPE html>
<html><body style="font-family: sans-serif">
<h2 style="color: {{ if eq .Status "firing" }}#b00020{{ else }}#2e7d32{{ end }}">{{ template "alerting.title" . }}</h2>
<p>Firing: {{ .Alerts.Firing | len }} &middot; Resolved: {{ .Alerts.Resolved | len }}</p>
{{ range .Alerts -}}
<table style="border-collapse: collapse; margin-bottom: 1em" border="1" cellpadding="4">
<tr><th align="left">alertname</th><td>{{ .Labels.alertname }}</td></tr>
<tr><th align="left">status</th><td>{{ .Status }}</td></tr>
<tr><th align="left">severity</th><td>{{ .Labels.severity }}</td></tr>
<tr><th align="left">tenant</th><td>{{ .Labels.tenant_id }}</td></tr>
{{ with .Annotations.summary }}<tr><th align="left">summary</th><td>{{ . }}</td></tr>{{ end }}
{{ with .Annotations.description }}<tr><th align="left">description</th><td>{{ . }}</td></tr>{{ end }}
<tr><th align="left">labels</th><td>{{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}</td></tr>
<tr><th align="left">started</th><td>{{ .StartsAt }}</td></tr>
{{ with .Annotations.runbook_url }}<tr><th align="left">runbook</th><td><a href="{{ . }}">{{ . }}</a></td></tr>{{ end }}
<tr><th align="left">source</th><td><a href="{{ .GeneratorURL }}">{{ .GeneratorURL }}</a></td></tr>
</table>
{{ end -}}
<p><a href="{{ .ExternalURL }}">Alertmanager</a></p>
</body></html>
{{- end }}
`;

/** Each kind's text templates, one define per field: `{{ define "<kind>.alerting.<field>" }}`. */
const KIND_TEMPLATES = INTEGRATION_KINDS.flatMap((kind) =>
  Object.entries(INTEGRATION_RENDERERS[kind].templates as Record<string, string>).map(
    ([field, body]) => `{{ define "${kind}.alerting.${snakeCase(field)}" -}}\n${body}\n{{- end }}`,
  ),
).join("\n");

export const NOTIFICATION_TEMPLATES = `${SHARED_TEMPLATES}\n${KIND_TEMPLATES}\n`;
