/** components/render/receivers.ts: receivers in Alertmanager's own schema, rendered with files, and pointed at the capture stand-in where it can stand in. */
import * as assert from "assert";
import { renderNativeIntegrations } from "../../components/render/receivers";

const FILE = (key: string) => `/etc/alertmanager/secrets/${key}`;
const CAPTURE = "http://alerting-capture:9099";

describe("render: receivers in Alertmanager's own schema", () => {
  it("renders each entry with its secrets as files, every other field as written", () => {
    const rendered = renderNativeIntegrations(
      {
        slack_configs: [{ api_url: { credential: "chat" }, channel: "#a", actions: [{ type: "button", text: "Runbook", url: "https://r.example.org" }] }],
        email_configs: [{ to: "ops@example.org", headers: { Subject: "x" }, auth_password: { credential: "mail" } }],
      },
      { file: FILE, captured: () => false },
    );
    assert.deepStrictEqual(rendered, {
      email_configs: [{ to: "ops@example.org", headers: { Subject: "x" }, auth_password_file: FILE("mail") }],
      slack_configs: [{ api_url_file: FILE("chat"), channel: "#a", actions: [{ type: "button", text: "Runbook", url: "https://r.example.org" }] }],
    });
  });

  it("a key left to the stand-in points the kind's endpoint at it; a URL credential's file holds the stand-in's URL instead", () => {
    const rendered = renderNativeIntegrations(
      { opsgenie_configs: [{ api_key: { credential: "genie" } }], webhook_configs: [{ url: { credential: "hook" } }] },
      { file: FILE, captured: () => true, captureBaseUrl: CAPTURE },
    );
    assert.deepStrictEqual(rendered.opsgenie_configs, [{ api_key_file: FILE("genie"), api_url: `${CAPTURE}/opsgenie/genie` }]);
    assert.deepStrictEqual(rendered.webhook_configs, [{ url_file: FILE("hook") }]);
  });

  it("PagerDuty Events API v1 is not pointed at the stand-in by url, which 0.33.1 ignores for a service_key; v2 is", () => {
    const rendered = renderNativeIntegrations(
      { pagerduty_configs: [{ service_key: { credential: "v1" } }, { routing_key: { credential: "v2" } }] },
      { file: FILE, captured: () => true, captureBaseUrl: CAPTURE },
    );
    assert.deepStrictEqual(rendered.pagerduty_configs, [{ service_key_file: FILE("v1") }, { routing_key_file: FILE("v2"), url: `${CAPTURE}/pagerduty/v2` }]);
  });
});
