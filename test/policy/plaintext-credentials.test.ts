/** policy/plaintext-credentials.ts: no credential in plain text, wherever a workload could read it. */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { runPolicies } from "../../offline/policy-runner";
import { RegisteredResource } from "../../offline/program";
import {
  AM_INLINE,
  amConfig,
  cm,
  configMap,
  deployment,
  dockerContainer,
  flagged,
  good,
  inline,
  messages,
  PLAINTEXT_POLICY as POLICY,
  resource,
  SLACK_URL,
  TEAMS_URL,
  workload,
} from "./support";

/** Each case changes one thing of a resource that passes; every case is flagged by this policy alone. */
const violations: [title: string, rs: RegisteredResource[], expected: string[]][] = [
  // Kubernetes env literals and arguments
  [
    "env literal with a Slack webhook URL",
    [deployment({ env: [{ name: "NOTIFY_URL", value: SLACK_URL }] })],
    ['container "app" env NOTIFY_URL holds a Slack webhook URL as a literal; use valueFrom.secretKeyRef.'],
  ],
  [
    "env literal named like a password",
    [workload("StatefulSet", { containers: [good({ env: [{ name: "DB_PASSWORD", value: "hunter2" }] })] })],
    ['container "app" env DB_PASSWORD holds a value named "DB_PASSWORD" as a literal; use valueFrom.secretKeyRef.'],
  ],
  [
    "env literal with basic auth in a URL",
    [deployment({ env: [{ name: "UPSTREAM", value: "https://admin:s3cret@am.example.com" }] })],
    ['container "app" env UPSTREAM holds basic-auth credentials in a URL as a literal; use valueFrom.secretKeyRef.'],
  ],
  [
    "env literal in an init container",
    [workload("Deployment", { initContainers: [good({ name: "init", env: [{ name: "API_TOKEN", value: "abc123" }] })], containers: [good()] })],
    ['init container "init" env API_TOKEN holds a value named "API_TOKEN" as a literal; use valueFrom.secretKeyRef.'],
  ],
  [
    "container argument with a token in a URL",
    [deployment({ args: ["--notify=https://api.example.com/hook?token=abcdef123456"] })],
    ['container "app" argument --notify holds a token in a URL query.'],
  ],
  [
    "container argument --password=...",
    [deployment({ args: ["--web.password=hunter2"] })],
    ['container "app" argument --web.password holds a value named "web.password".'],
  ],
  [
    "container command with a key=value credential",
    [deployment({ command: ["notifier", "slack-api-token=xyz123"] })],
    ['container "app" argument slack-api-token holds a value named "slack-api-token".'],
  ],
  [
    "container argument that is a bearer token",
    [deployment({ args: ["-H", "Authorization: Bearer abcdefghijklmnopqrstuvwx"] })],
    ['container "app" argument Authorization: Bearer abcdefghijklmnopqrstuvwx holds a bearer token.'],
  ],
  // ConfigMaps
  [
    "ConfigMap with an inline Slack api_url",
    [configMap({ "alertmanager.yml": AM_INLINE(`    slack_configs:\n      - api_url: ${SLACK_URL}\n`) })],
    [cm("a Slack webhook URL"), cm(inline("api_url"))],
  ],
  [
    "ConfigMap with an inline routing key",
    [configMap({ "alertmanager.yml": AM_INLINE("    pagerduty_configs:\n      - routing_key: 0123456789abcdef0123456789abcdef\n") })],
    [cm(inline("routing_key"))],
  ],
  [
    "ConfigMap with a webhook url carrying a token",
    [configMap({ "alertmanager.yml": AM_INLINE("    webhook_configs:\n      - url: https://incidents.example.com/hooks/Zk3qL9xPw2mN8vB4tY7rA1sD\n") })],
    [cm('a webhook "url" carrying credentials (use "url_file")')],
  ],
  [
    "ConfigMap with an inline SMTP password",
    [configMap({ "alertmanager.yml": "global:\n  smtp_auth_password: hunter2\nroute:\n  receiver: r\nreceivers:\n  - name: r\n" })],
    [cm(inline("smtp_auth_password"))],
  ],
  [
    "ConfigMap with an inline Opsgenie API key in global",
    [amConfig("global:\n  opsgenie_api_key: 0a1b2c3d-4e5f\n" + AM_INLINE("    opsgenie_configs:\n      - responders: [{ name: ops, type: team }]\n"))],
    [cm(inline("opsgenie_api_key"))],
  ],
  [
    "ConfigMap with a private key",
    [configMap({ "tls.key": "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n" })],
    [cm("a private key", "tls.key")],
  ],
  ["ConfigMap key named like a password", [configMap({ password: "hunter2" })], [cm('a value named "password"', "password")]],
  [
    "ConfigMap key named like a webhook holding a Slack URL (named once)",
    [configMap({ SLACK_WEBHOOK: SLACK_URL })],
    [cm("a Slack webhook URL", "SLACK_WEBHOOK")],
  ],
  // docker
  [
    "docker env with a Teams webhook URL",
    [dockerContainer({ envs: [`TEAMS_URL=${TEAMS_URL}`] })],
    ['Container "c" env TEAMS_URL holds a Microsoft Teams webhook URL; upload it as a secret file instead.'],
  ],
  [
    "docker env named like an API key",
    [dockerContainer({ envs: ["OPSGENIE_API_KEY=a1b2c3d4e5"] })],
    ['Container "c" env OPSGENIE_API_KEY holds a value named "OPSGENIE_API_KEY"; upload it as a secret file instead.'],
  ],
  [
    "docker env whose value has an = in it",
    [dockerContainer({ envs: ["HOOK=https://api.example.com/hook?token=abcdefgh12"] })],
    ['Container "c" env HOOK holds a token in a URL query; upload it as a secret file instead.'],
  ],
  [
    "docker label with a Slack URL",
    [dockerContainer({ labels: [{ label: "notify", value: SLACK_URL }] })],
    ['Container "c" label notify holds a Slack webhook URL.'],
  ],
  [
    "docker command argument with a Slack URL",
    [dockerContainer({ command: [`--slack.api-url=${SLACK_URL}`] })],
    ['Container "c" argument --slack.api-url holds a Slack webhook URL.'],
  ],
  [
    "docker command argument --password=...",
    [dockerContainer({ command: ["--db-password=hunter2"] })],
    ['Container "c" argument --db-password holds a value named "db-password".'],
  ],
  [
    "docker command argument with an = in its value",
    [dockerContainer({ command: ["--notify=https://api.example.com/hook?token=abcdefgh12"] })],
    ['Container "c" argument --notify holds a token in a URL query.'],
  ],
  [
    "docker entrypoint argument that is a Slack URL",
    [dockerContainer({ entrypoints: ["/bin/notify", SLACK_URL] })],
    [`Container "c" argument ${SLACK_URL} holds a Slack webhook URL.`],
  ],
  [
    "docker upload of a config with an inline password",
    [dockerContainer({ uploads: [{ file: "/etc/alertmanager/config/alertmanager.yml", content: "global:\n  smtp_auth_password: hunter2\n" }] })],
    ['Container "c" file /etc/alertmanager/config/alertmanager.yml holds an inline "smtp_auth_password" (use "smtp_auth_password_file").'],
  ],
  [
    "docker upload of a template (not YAML) with a bearer token",
    [
      dockerContainer({
        uploads: [
          {
            file: "/etc/alertmanager/templates/notify.tmpl",
            content: '{{ define "x" }}{{ .Status }}{{ end }}\ncurl -H "Authorization: Bearer abcdefghijklmnopqrstuvwx" https://api.example.com\n',
          },
        ],
      }),
    ],
    ['Container "c" file /etc/alertmanager/templates/notify.tmpl holds a bearer token.'],
  ],
];

const lookAlikes: [title: string, rs: RegisteredResource[]][] = [
  [
    "env from a secretKeyRef named like a webhook",
    [deployment({ env: [{ name: "SLACK_WEBHOOK_URL", valueFrom: { secretKeyRef: { name: "s", key: "slack" } } }] })],
  ],
  ["env naming a credential file", [deployment({ env: [{ name: "TOKEN_FILE", value: "/etc/secrets/token" }] })]],
  ["env with a number under a password-ish name", [deployment({ env: [{ name: "PASSWORD_MIN_LENGTH", value: "12" }] })]],
  ["env with a Slack channel", [deployment({ env: [{ name: "SLACK_CHANNEL", value: "#alerts" }] })]],
  [
    "arguments naming credential files",
    [deployment({ args: ["--web.config.file=/etc/web.yml", "token-file=token.txt", "--password-file", "/etc/secrets/pw"] })],
  ],
  [
    "ConfigMap using *_file references",
    [
      configMap({
        "alertmanager.yml": AM_INLINE(
          "    slack_configs:\n      - api_url_file: /etc/alertmanager/secrets/slack\n    pagerduty_configs:\n      - routing_key_file: /etc/alertmanager/secrets/pd\n    webhook_configs:\n      - url_file: /etc/alertmanager/secrets/hook\n",
        ),
      }),
    ],
  ],
  [
    "ConfigMap with a PagerDuty url that carries no key",
    [
      configMap({
        "alertmanager.yml": AM_INLINE(
          "    pagerduty_configs:\n      - routing_key_file: /s/pd\n        url: http://alerting-capture:9099/pagerduty/pagerdutyRoutingKey\n",
        ),
      }),
    ],
  ],
  [
    "ConfigMap with Prometheus basic_auth password_file",
    [
      configMap({
        "prometheus.yml": "alerting:\n  alertmanagers:\n    - basic_auth:\n        username: prometheus\n        password_file: /etc/prometheus/secrets/web\n",
      }),
    ],
  ],
  ["ConfigMap with a checksum", [configMap({ checksum: "8c3036c37b292fbda333681fc73f22473a4fa87b9a8ca56a144e9fbd743535e9" })]],
  [
    "docker label key with the word token",
    [
      dockerContainer({
        labels: [
          { label: "com.example.token-rotation", value: "weekly" },
          { label: "proven-alerting.config-hash", value: "d9fb99ad8953727fd6c5ae697413d35e" },
        ],
      }),
    ],
  ],
  [
    "docker upload of a credential file into the secrets directory",
    [dockerContainer({ uploads: [{ file: "/etc/alertmanager/secrets/slackWebhookUrl", content: SLACK_URL }] })],
  ],
  [
    "docker upload into a secret/ directory",
    [dockerContainer({ uploads: [{ file: "/etc/alertmanager/secret/app.yml", content: "global:\n  slack_api_url: https://chat.example.com/x\n" }] })],
  ],
  [
    "docker upload from a source file (no content to read)",
    [dockerContainer({ uploads: [{ file: "/etc/alertmanager/alertmanager.yml", source: "/tmp/alertmanager.yml" }] })],
  ],
  ["docker env without a value", [dockerContainer({ envs: ["PASSWORD"] })]],
  ["ConfigMap value that is not text", [configMap({ replicas: 3 as unknown as string })]],
];

describe("no-plaintext-credentials", () => {
  it("happy path: workloads, ConfigMaps and docker containers without credentials pass", async () => {
    const rs = [
      deployment({ env: [{ name: "LOG_LEVEL", value: "info" }], args: ["--log.level=info"] }),
      configMap({ "alertmanager.yml": AM_INLINE("    webhook_configs:\n      - url: http://alerting-capture:9099/webhook\n") }),
      dockerContainer({
        envs: ["LOG_LEVEL=info"],
        labels: [{ label: "app", value: "am" }],
        command: ["--log.level=info"],
        uploads: [{ file: "/etc/am.yml", content: "route:\n  receiver: r\n" }],
      }),
    ];
    assert.deepStrictEqual(await flagged(rs), []);
  });

  it(`has at least 15 violation cases and 10 look-alikes (${violations.length}, ${lookAlikes.length})`, () =>
    assert.ok(violations.length >= 15 && lookAlikes.length >= 10));

  describe("violations: flagged by this policy alone, with exactly these messages", () => {
    for (const [title, rs, expected] of violations) {
      it(title, async () => {
        assert.deepStrictEqual(await flagged(rs), [POLICY]);
        assert.deepStrictEqual(await messages(rs, POLICY), expected);
      });
    }
  });

  describe("look-alikes that are fine", () => {
    for (const [title, rs] of lookAlikes) {
      it(title, async () => assert.deepStrictEqual(await flagged(rs), []));
    }
  });

  it("is not applicable to what is neither a workload, a ConfigMap nor a docker container", async () => {
    const run = await runPolicies([resource("kubernetes:core/v1:Secret", { stringData: { password: "hunter2" } })], policies);
    assert.deepStrictEqual(
      run.notApplicable.filter((n) => n.policy === POLICY),
      [{ policy: POLICY, resource: "test-secret", reason: "neither a workload, a ConfigMap nor a docker container" }],
    );
  });
});
