/** The receiver kinds' configuration (config/integrations.ts, config/checks.ts): what each refuses, and the credential checks across an integration. */
import * as assert from "assert";
import { buildSpec, credentialKeys } from "../../config/spec";
import { issues, minimal, Values } from "../support/config-values";
import { EVERY_KIND, everyKindReceiver, KINDS } from "../support/receiver-kinds";

const ROLE = { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/alerting" };
const SNS = { region: "eu-west-1", topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts" };
const REFUSED_AWS_KEY =
  "is refused: Alertmanager would keep it in plain text in alertmanager.yml; use credential (an AWS shared-credentials file set with pulumi config set --secret) or a workload role (alertmanager.serviceAccountAnnotations)";
/** One receiver `a` with the given integrations, and a receiver `b` for the root route. */
const withA = (integrations: Values, extra: Values = {}) => minimal({ receivers: [{ name: "a", ...integrations }, { name: "b" }], ...extra });

describe("config: receiver kinds", () => {
  it("a receiver with every kind is accepted, and names every default credential key", () => {
    const values = minimal({ receivers: [everyKindReceiver("a"), { name: "b" }] });
    const keys = credentialKeys(values);
    assert.deepStrictEqual(keys, [
      "slackWebhookUrl",
      "pagerdutyRoutingKey",
      "webhookUrl",
      "msteamsWebhookUrl",
      "msteamsv2WebhookUrl",
      "discordWebhookUrl",
      "mattermostWebhookUrl",
      "telegramBotToken",
      "opsgenieApiKey",
      "victoropsApiKey",
      "pushoverUserKey",
      "pushoverToken",
      "webexBotToken",
      "rocketchatToken",
      "rocketchatTokenId",
      "jiraApiToken",
      "wechatApiSecret",
      "incidentioUrl",
      "incidentioAlertSourceToken",
      "snsAwsCredentials",
    ]);
    const spec = buildSpec({ values: { ...values, ...Object.fromEntries(keys.map((k) => [k, "v"])) }, secretKeys: new Set(keys) });
    assert.deepStrictEqual(
      KINDS.filter((k) => spec.receivers[0][k] === undefined),
      [],
    );
  });

  it("an unknown kind names the receiver and the accepted keys", () => {
    assert.deepStrictEqual(issues(withA({ hipchat: {} })), [
      {
        path: ["receivers", 0],
        message:
          'unknown key "hipchat"; accepted keys: name, slack, pagerduty, webhook, msteams, msteamsv2, discord, mattermost, telegram, opsgenie, victorops, pushover, webex, rocketchat, jira, wechat, incidentio, sns, discord_configs, email_configs, incidentio_configs, pagerduty_configs, slack_configs, webhook_configs, opsgenie_configs, wechat_configs, pushover_configs, victorops_configs, sns_configs, telegram_configs, webex_configs, msteams_configs, msteamsv2_configs, jira_configs, rocketchat_configs, mattermost_configs, email',
      },
    ]);
  });

  it("on Kubernetes every credential slot is required: both of Pushover's and of Rocket.Chat's, Incident.io's URL and token", () => {
    const required = (key: string, receiver: string, kind: string) => ({
      path: [key],
      message: `is required by ${receiver} (${kind}); set it with: pulumi config set --secret ${key} <value>`,
    });
    assert.deepStrictEqual(
      issues(
        minimal({
          target: "kubernetes",
          receivers: [
            { name: "a", pushover: {}, incidentio: {} },
            { name: "b", rocketchat: { channel: "#x" }, telegram: { chatId: 1 } },
          ],
        }),
      ),
      [
        required("pushoverUserKey", "a", "pushover"),
        required("pushoverToken", "a", "pushover"),
        required("incidentioUrl", "a", "incidentio"),
        required("incidentioAlertSourceToken", "a", "incidentio"),
        required("telegramBotToken", "b", "telegram"),
        required("rocketchatToken", "b", "rocketchat"),
        required("rocketchatTokenId", "b", "rocketchat"),
      ],
    );
  });

  describe("SNS", () => {
    it("inline access and secret keys are refused, with what to use instead", () => {
      assert.deepStrictEqual(issues(withA({ sns: { ...SNS, accessKey: "AKIAEXAMPLE", secretKey: "wJalr" } })), [
        { path: ["receivers", 0, "sns", "accessKey"], value: "AKIAEXAMPLE", message: REFUSED_AWS_KEY },
        { path: ["receivers", 0, "sns", "secretKey"], value: "wJalr", message: REFUSED_AWS_KEY },
      ]);
    });

    it("on Kubernetes: a shared-credentials file or a workload role, one of them", () => {
      const kubernetes = (sns: Values, alertmanager: Values = {}) => issues(withA({ sns }, { target: "kubernetes", alertmanager }), ["aws"]);
      assert.deepStrictEqual(kubernetes(SNS), [
        {
          path: ["receivers", 0, "sns", "credential"],
          message:
            "is not set and alerting:alertmanager.serviceAccountAnnotations is empty, so Alertmanager has no AWS credentials; name a secret key holding an AWS shared-credentials file, or give its ServiceAccount a workload role (e.g. eks.amazonaws.com/role-arn)",
        },
      ]);
      assert.deepStrictEqual(kubernetes(SNS, { serviceAccountAnnotations: ROLE }), []);
      assert.deepStrictEqual(issues(withA({ sns: { ...SNS, credential: "aws" } }, { target: "kubernetes", aws: "[default]" }), ["aws"]), []);
    });

    it("one shared-credentials file for the whole process: two keys are refused", () => {
      const second = { region: "eu-west-1", phoneNumber: "+14155550100", credential: "awsB" };
      assert.deepStrictEqual(
        issues(
          minimal({
            receivers: [
              { name: "a", sns: { ...SNS, credential: "awsA" } },
              { name: "b", sns: second },
            ],
          }),
        ),
        [
          {
            path: ["receivers", 1, "sns", "credential"],
            value: "awsB",
            message:
              "differs from awsA (receivers[0].sns.credential): Alertmanager reads one file from AWS_SHARED_CREDENTIALS_FILE; name the same key and pick a section with profile",
          },
        ],
      );
    });

    it("exactly one of topicArn, targetArn, phoneNumber", () => {
      assert.deepStrictEqual(
        issues(
          minimal({
            receivers: [
              { name: "a", sns: { region: "eu-west-1" } },
              { name: "b", sns: { ...SNS, phoneNumber: "+14155550100" } },
            ],
          }),
        ),
        [
          { path: ["receivers", 0, "sns", "topicArn"], value: undefined, message: "is not set; set exactly one of topicArn, targetArn, phoneNumber" },
          {
            path: ["receivers", 1, "sns", "phoneNumber"],
            value: "+14155550100",
            message: "is set with topicArn; set exactly one of topicArn, targetArn, phoneNumber",
          },
        ],
      );
    });
  });

  describe("alertmanager.serviceAccountAnnotations", () => {
    it("a bad annotation key names the key and what is accepted", () => {
      assert.deepStrictEqual(issues(minimal({ target: "kubernetes", alertmanager: { serviceAccountAnnotations: { "bad key!": "x" } } })), [
        {
          path: ["alertmanager", "serviceAccountAnnotations", "bad key!"],
          value: "bad key!",
          message: "is not an annotation key; use e.g. eks.amazonaws.com/role-arn (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)",
        },
      ]);
    });

    it("is Kubernetes only", () => {
      assert.deepStrictEqual(issues(minimal({ alertmanager: { serviceAccountAnnotations: ROLE } })), [
        {
          path: ["alertmanager", "serviceAccountAnnotations"],
          value: ROLE,
          message: "is set while alerting:target is local; service account annotations apply on kubernetes only",
        },
      ]);
    });
  });

  describe("credential slots", () => {
    it("one key for two slots of an integration is refused", () => {
      assert.deepStrictEqual(issues(withA({ rocketchat: { channel: "#x", credential: "rc", tokenIdCredential: "rc" } })), [
        {
          path: ["receivers", 0, "rocketchat", "tokenIdCredential"],
          value: "rc",
          message: "is already this kind's credential; give each credential of an integration its own key",
        },
      ]);
    });

    it("a second slot's key used by another kind is refused too", () => {
      assert.deepStrictEqual(issues(withA({ pushover: { tokenCredential: "shared" }, opsgenie: { credential: "shared" } })), [
        {
          path: ["receivers", 0, "pushover", "tokenCredential"],
          value: "shared",
          message: "is already used by a opsgenie integration; give each kind of integration its own credential key",
        },
        {
          path: ["receivers", 0, "pushover", "credential"],
          value: "pushoverUserKey",
          message:
            "names a credential that is not set, and the capture stand-in cannot take pushover's place on the local stack (its URL is fixed in Alertmanager); set it with: pulumi config set --secret pushoverUserKey <value>",
        },
        {
          path: ["receivers", 0, "pushover", "tokenCredential"],
          value: "shared",
          message:
            "names a credential that is not set, and the capture stand-in cannot take pushover's place on the local stack (its URL is fixed in Alertmanager); set it with: pulumi config set --secret shared <value>",
        },
      ]);
    });

    it("local stack: an integration's credentials are all set or all left to the capture stand-in", () => {
      assert.deepStrictEqual(issues(withA({ rocketchat: { channel: "#x" } }, { rocketchatToken: "t" }), ["rocketchatToken"]), [
        {
          path: ["receivers", 0, "rocketchat", "tokenIdCredential"],
          value: "rocketchatTokenId",
          message:
            "names a credential that is not set while rocketchatToken is; set it with: pulumi config set --secret rocketchatTokenId <value>, or unset them all to use the capture stand-in",
        },
      ]);
      assert.deepStrictEqual(issues(withA({ rocketchat: { channel: "#x" } })), []);
    });

    it("local stack: Pushover, whose URL is fixed, is never left to the capture stand-in", () => {
      const set = { pushoverUserKey: "u", pushoverToken: "t" };
      assert.deepStrictEqual(issues(withA({ pushover: {} }, set), Object.keys(set)), []);
      assert.deepStrictEqual(
        issues(withA({ pushover: {} })).map((i) => i.path.join(".")),
        ["receivers.0.pushover.credential", "receivers.0.pushover.tokenCredential"],
      );
    });
  });

  describe("fields", () => {
    it("each kind's required fields, named", () => {
      const required = KINDS.flatMap((kind) => issues(withA({ [kind]: {} })).filter((i) => i.message.startsWith("is required;"))).map((i) =>
        i.path.slice(2).join("."),
      );
      assert.deepStrictEqual(required, [
        "slack.channel",
        "telegram.chatId",
        "victorops.routingKey",
        "webex.roomId",
        "rocketchat.channel",
        "jira.apiUrl",
        "jira.username",
        "jira.project",
        "jira.issueType",
        "wechat.corpId",
        "wechat.agentId",
        "sns.region",
      ]);
    });

    it("a user's text field must be a well-formed Go template", () => {
      assert.deepStrictEqual(issues(withA({ discord: { title: "{{ .CommonLabels.alertname " } })), [
        { path: ["receivers", 0, "discord", "title"], value: "{{ .CommonLabels.alertname ", message: "is not a valid template: it has a {{ without its }}" },
      ]);
      assert.deepStrictEqual(issues(withA({ opsgenie: { message: "{{ if .CommonLabels.x }}y" } })), [
        {
          path: ["receivers", 0, "opsgenie", "message"],
          value: "{{ if .CommonLabels.x }}y",
          message: "is not a valid template: it has a {{ if }} without its {{ end }}",
        },
      ]);
    });

    it("values each kind refuses, with what it accepts", () => {
      const problem = (integrations: Values) => issues(withA(integrations)).map((i) => [i.path.slice(2).join("."), i.message]);
      assert.deepStrictEqual(problem({ telegram: { chatId: 0 } }), [["telegram.chatId", "is 0; use the chat's id, e.g. -1001234567890"]]);
      assert.deepStrictEqual(problem({ telegram: { chatId: 1, parseMode: "html" } }), [
        ["telegram.parseMode", "is not accepted; use one of HTML, Markdown, MarkdownV2"],
      ]);
      assert.deepStrictEqual(problem({ wechat: { corpId: "c", agentId: "1" } }), [["wechat.toUser", "is not set, nor toParty or toTag; set at least one"]]);
      assert.deepStrictEqual(problem({ opsgenie: { responders: [{ type: "squad", name: "x" }] } }), [
        ["opsgenie.responders.0.type", "is not accepted; use one of team, user, escalation, schedule"],
      ]);
      assert.deepStrictEqual(problem({ jira: { ...EVERY_KIND.jira, apiType: "server" } }), [
        ["jira.apiType", "is not accepted; use one of auto, cloud, datacenter"],
      ]);
      assert.deepStrictEqual(problem({ sns: { ...SNS, region: "Europe" } }), [["sns.region", "is not an AWS region; use e.g. eu-west-1"]]);
      assert.deepStrictEqual(problem({ sns: { region: "eu-west-1", phoneNumber: "0123" } }), [
        ["sns.phoneNumber", "is not an E.164 phone number; use e.g. +14155550100"],
      ]);
      assert.deepStrictEqual(problem({ sns: { ...SNS, roleArn: "role/x" } }), [
        ["sns.roleArn", "is not an IAM role ARN; use e.g. arn:aws:iam::123456789012:role/alerting"],
      ]);
      assert.deepStrictEqual(problem({ pushover: { proxyUrl: "http://user:pw@proxy:3128" }, pushoverUserKey: "u" }).slice(0, 1), [
        ["pushover.proxyUrl", "is not an http(s) URL without credentials; use e.g. https://alertmanager.example.com"],
      ]);
    });
  });
});
