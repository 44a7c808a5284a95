/**
 * Notification templates (Go text/template, loaded by Alertmanager from templatesDir).
 * Every body carries alertname, severity, tenant, counts, labels, runbook and source links.
 */
export const NOTIFICATION_TEMPLATES =
  String.raw`{{/* Shared */}}
{{ define "alerting.title" -}}
[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}{{ with .CommonLabels.severity }} ({{ . }}){{ end }}{{ with .CommonLabels.tenant_id }} tenant={{ . }}{{ end }}
{{- end }}

{{ define "alerting.runbook" }}{{ with .CommonAnnotations.runbook_url }}{{ . }}{{ else }}{{ .ExternalURL }}{{ end }}{{ end }}

{{/* Slack */}}
{{ define "slack.alerting.title" }}{{ template "alerting.title" . }}{{ end }}

{{ define "slack.alerting.text" -}}
*Status:* {{ .Status }} | *Firing:* {{ .Alerts.Firing | len }} | *Resolved:* {{ .Alerts.Resolved | len }}
{{ range .Alerts -}}
• *{{ .Labels.alertname }}* [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
{{ with .Annotations.description }}  {{ . }}
{{ end }}  *Labels:*{{ range .Labels.SortedPairs }} ` +
  "`{{ .Name }}={{ .Value }}`" +
  String.raw`{{ end }}
  {{ with .Annotations.runbook_url }}*Runbook:* <{{ . }}|{{ . }}> | {{ end }}*Source:* <{{ .GeneratorURL }}|{{ .GeneratorURL }}>
{{ end -}}
{{- end }}

{{/* PagerDuty Events API v2: severity is one of critical, error, warning, info */}}
{{ define "pagerduty.alerting.description" }}{{ template "alerting.title" . }}{{ with .CommonAnnotations.summary }}: {{ . }}{{ end }}{{ end }}
{{ define "pagerduty.alerting.severity" -}}
{{ if eq .CommonLabels.severity "critical" }}critical{{ else if eq .CommonLabels.severity "high" }}error{{ else if eq .CommonLabels.severity "warning" }}warning{{ else }}info{{ end }}
{{- end }}
{{ define "pagerduty.alerting.source" }}{{ or .CommonLabels.service .CommonLabels.instance .CommonLabels.job .CommonLabels.alertname }}{{ end }}

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

{{/* Microsoft Teams */}}
{{ define "msteams.alerting.title" }}{{ template "alerting.title" . }}{{ end }}
{{ define "msteams.alerting.text" -}}
{{ range .Alerts }}**{{ .Labels.alertname }}** [{{ .Labels.severity }}] {{ .Status }}{{ with .Labels.tenant_id }} tenant={{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}{{ with .Annotations.runbook_url }} — [runbook]({{ . }}){{ end }} — [source]({{ .GeneratorURL }})

{{ end -}}
{{- end }}
`;
