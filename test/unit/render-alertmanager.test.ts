/** components/render/alertmanager.ts and receivers.ts: the rendered alertmanager.yml, block by block. */
import * as assert from "assert";
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { hasEndpoint, INTEGRATION_RENDERERS, renderIntegration } from "../../components/render/receivers";
import { INTEGRATION_KINDS } from "../../config/integrations";
import { NOTIFICATION_TEMPLATES } from "../../components/render/templates";
import { AM_PATHS, localSpec } from "../support/render-fixtures";

const SMTP = { smarthost: "smtp.example.com:587", from: "am@example.com" };

describe("render/alertmanager: alertmanager.yml", () => {
  // Built inside each test, never at load: Stryker then knows which tests cover each mutant.
  const spec = () =>
    localSpec(
      {
        resolveTimeout: "7m",
        smtp: { ...SMTP, username: "mailer", hello: "am.example.com", requireTls: false },
        route: { receiver: "all", groupBy: ["..."], groupWait: "1s", groupInterval: "2m", repeatInterval: "3h" },
        receivers: [
          { name: "none" },
          {
            name: "all",
            slack: { channel: "#a" },
            pagerduty: { url: "https://events.example.com/v2" },
            webhook: { maxAlerts: 5, sendResolved: false },
            msteams: { credential: "teams" },
            email: { to: ["a@example.com", "b@example.com"], sendResolved: false },
          },
          { name: "pd", pagerduty: { credential: "pdKey" } },
        ],
        routes: [
          {
            name: "first",
            matchers: ['  severity = "critical" ', "team=~ops.*"],
            receiver: "pd",
            groupBy: ["x"],
            groupWait: "5s",
            groupInterval: "6m",
            repeatInterval: "7h",
            continue: true,
            muteTimeIntervals: ["night"],
            activeTimeIntervals: ["day"],
          },
          { matchers: ["a!=b"], receiver: "none" },
        ],
        inhibitRules: [
          { sourceMatchers: ["a=b"], targetMatchers: ['c=~"d.*"'], equal: ["tenant_id"] },
          { sourceMatchers: ['x="y"'], targetMatchers: ['z!~"w"'] },
        ],
        timeIntervals: [
          { name: "day", intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "Europe/Paris" }] },
          { name: "night", intervals: [{ times: [{ start: "00:00", end: "06:00" }] }, { weekdays: ["sunday"] }] },
        ],
      },
      { smtpPassword: "p", pdKey: "k" },
    );

  const am = () => parse(renderAlertmanagerConfig(spec(), { paths: AM_PATHS, captureBaseUrl: "http://capture:9099/" }));

  it("global: resolve timeout and SMTP with user, password file and HELO", () => {
    assert.deepStrictEqual(am().global, {
      resolve_timeout: "7m",
      smtp_smarthost: "smtp.example.com:587",
      smtp_from: "am@example.com",
      smtp_require_tls: false,
      smtp_hello: "am.example.com",
      smtp_auth_username: "mailer",
      smtp_auth_password_file: "/c/s/smtpPassword",
    });
  });

  it("global without SMTP user or HELO, and without SMTP at all", () => {
    const plain = parse(renderAlertmanagerConfig(localSpec({ smtp: SMTP }), { paths: AM_PATHS }));
    assert.deepStrictEqual(plain.global, {
      resolve_timeout: "5m",
      smtp_smarthost: "smtp.example.com:587",
      smtp_from: "am@example.com",
      smtp_require_tls: true,
    });
    const none = parse(renderAlertmanagerConfig(localSpec(), { paths: AM_PATHS }));
    assert.deepStrictEqual(none.global, { resolve_timeout: "5m" });
  });

  it("templates from the templates directory", () => assert.deepStrictEqual(am().templates, ["/c/t/*.tmpl"]));

  it("the route tree: timings, canonical matchers, continue and time intervals only when set", () => {
    assert.deepStrictEqual(am().route, {
      receiver: "all",
      group_by: ["..."],
      group_wait: "1s",
      group_interval: "2m",
      repeat_interval: "3h",
      routes: [
        // The program's own first route: Watchdog goes nowhere while alerting:heartbeat is unset.
        { receiver: "null", matchers: ['alertname="Watchdog"'] },
        {
          receiver: "pd",
          matchers: ['severity="critical"', 'team=~"ops.*"'],
          group_by: ["x"],
          group_wait: "5s",
          group_interval: "6m",
          repeat_interval: "7h",
          continue: true,
          mute_time_intervals: ["night"],
          active_time_intervals: ["day"],
        },
        { receiver: "none", matchers: ['a!="b"'] },
      ],
    });
  });

  it("inhibit rules: canonical matchers, equal only when given", () => {
    assert.deepStrictEqual(am().inhibit_rules, [
      { source_matchers: ['a="b"'], target_matchers: ['c=~"d.*"'], equal: ["tenant_id"] },
      { source_matchers: ['x="y"'], target_matchers: ['z!~"w"'] },
    ]);
  });

  it("time intervals: weekdays and times only when given, the location always", () => {
    assert.deepStrictEqual(am().time_intervals, [
      { name: "day", time_intervals: [{ weekdays: ["monday:friday"], times: [{ start_time: "09:00", end_time: "17:00" }], location: "Europe/Paris" }] },
      {
        name: "night",
        time_intervals: [
          { times: [{ start_time: "00:00", end_time: "06:00" }], location: "UTC" },
          { weekdays: ["sunday"], location: "UTC" },
        ],
      },
    ]);
  });

  it("receivers: every kind as *_file paths, send_resolved as configured, e-mail with the templates", () => {
    const [none, all, pd] = am().receivers;
    assert.deepStrictEqual(none, { name: "none" });
    assert.deepStrictEqual(Object.keys(all), ["name", "slack_configs", "pagerduty_configs", "webhook_configs", "msteams_configs", "email_configs"]);
    assert.deepStrictEqual(all.slack_configs, [
      {
        api_url_file: "/c/s/slackWebhookUrl",
        channel: "#a",
        title: '{{ template "slack.alerting.title" . }}',
        text: '{{ template "slack.alerting.text" . }}',
        send_resolved: true,
      },
    ]);
    // The default PagerDuty credential is not set: the capture container stands in for the endpoint.
    assert.strictEqual(all.pagerduty_configs[0].routing_key_file, "/c/s/pagerdutyRoutingKey");
    assert.strictEqual(all.pagerduty_configs[0].url, "http://capture:9099/pagerduty/pagerdutyRoutingKey");
    assert.deepStrictEqual(all.webhook_configs, [{ url_file: "/c/s/webhookUrl", max_alerts: 5, send_resolved: false }]);
    assert.deepStrictEqual(all.msteams_configs, [
      {
        webhook_url_file: "/c/s/teams",
        title: '{{ template "msteams.alerting.title" . }}',
        text: '{{ template "msteams.alerting.text" . }}',
        send_resolved: true,
      },
    ]);
    assert.deepStrictEqual(all.email_configs, [
      {
        to: "a@example.com, b@example.com",
        send_resolved: false,
        headers: { Subject: '{{ template "email.alerting.subject" . }}' },
        html: '{{ template "email.alerting.html" . }}',
      },
    ]);
    // A set PagerDuty key without its own URL: no url field (the service default).
    assert.strictEqual(pd.pagerduty_configs[0].routing_key_file, "/c/s/pdKey");
    assert.ok(!("url" in pd.pagerduty_configs[0]));
  });

  it("PagerDuty: the configured URL when the key is set, nothing captured without a capture URL", () => {
    const receivers = [{ name: "p", pagerduty: { url: "https://events.example.com/v2" } }];
    const set = localSpec({ receivers, route: { receiver: "p" }, routes: [] }, { pagerdutyRoutingKey: "k" });
    const withSet = parse(renderAlertmanagerConfig(set, { paths: AM_PATHS, captureBaseUrl: "http://capture:9099" }));
    assert.strictEqual(withSet.receivers[0].pagerduty_configs[0].url, "https://events.example.com/v2");
    const unset = localSpec({ receivers, route: { receiver: "p" }, routes: [] });
    const noCapture = parse(renderAlertmanagerConfig(unset, { paths: AM_PATHS }));
    assert.strictEqual(noCapture.receivers[0].pagerduty_configs[0].url, "https://events.example.com/v2");
    const slackUnset = parse(
      renderAlertmanagerConfig(localSpec({ receivers: [{ name: "s", slack: { channel: "#s" } }], route: { receiver: "s" }, routes: [] }), {
        paths: AM_PATHS,
        captureBaseUrl: "http://c",
      }),
    );
    assert.deepStrictEqual(Object.keys(slackUnset.receivers[0].slack_configs[0]), ["api_url_file", "channel", "title", "text", "send_resolved"]);
  });

  it("the full PagerDuty block", () => {
    const block = renderIntegration("pagerduty", { credential: "k", sendResolved: true, url: undefined }, { file: (k) => `/s/${k}` });
    assert.deepStrictEqual(block, {
      routing_key_file: "/s/k",
      description: '{{ template "pagerduty.alerting.description" . }}',
      severity: '{{ template "pagerduty.alerting.severity" . }}',
      source: '{{ template "pagerduty.alerting.source" . }}',
      component: "{{ or .CommonLabels.component .CommonLabels.service .CommonLabels.job }}",
      group: "{{ or .CommonLabels.domain .CommonLabels.namespace }}",
      class: "{{ .CommonLabels.alertname }}",
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
      send_resolved: true,
    });
    const withEndpoint = renderIntegration("pagerduty", { credential: "k", sendResolved: false, url: "https://x" }, { file: (k) => k, endpoint: "http://e" });
    assert.strictEqual(withEndpoint.url, "http://e");
    assert.strictEqual(withEndpoint.send_resolved, false);
  });

  it("one configs key per kind, <kind>_configs; the kinds whose endpoint the stand-in takes at a field", () => {
    for (const [kind, renderer] of Object.entries(INTEGRATION_RENDERERS)) assert.strictEqual(renderer.configsKey, `${kind}_configs`);
    assert.deepStrictEqual(INTEGRATION_KINDS.filter(hasEndpoint), [
      "pagerduty",
      "telegram",
      "opsgenie",
      "victorops",
      "pushover",
      "webex",
      "rocketchat",
      "jira",
      "wechat",
      "sns",
    ]);
  });

  it("Slack shows each label as inline code", () => {
    assert.ok(NOTIFICATION_TEMPLATES.includes("*Labels:*{{ range .Labels.SortedPairs }} `{{ .Name }}={{ .Value }}`{{ end }}"));
  });

  it("every template a receiver names is defined in the notification templates", () => {
    const text = renderAlertmanagerConfig(spec(), { paths: AM_PATHS });
    const named = new Set([...text.matchAll(/template "([\w.]+)"/g)].map((m) => m[1]));
    assert.ok(named.size >= 9, [...named].join(", "));
    for (const name of named) assert.ok(NOTIFICATION_TEMPLATES.includes(`{{ define "${name}"`), name);
  });
});
