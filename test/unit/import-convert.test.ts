/** import/convert.ts and the generated field tables; the SNS and Slack imports also through the real amtool. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { alertmanagerEnv } from "../../components/render/flags";
import { buildSpec } from "../../config/spec";
import { binaries } from "../../harness/binaries";
import { alertmanagerConfigOf, convertAlertmanager, toMatchers } from "../../import/convert";
import { ALERTMANAGER_SNS_TEMPLATES } from "../../import/sns";
import { globPattern } from "../../import/templates";
import { renderImported, runImport, secretCommand, stackFileText } from "../../import/run";
import { tempDir } from "../support/files";
import { AM_PATHS } from "../support/render-fixtures";
import { RECEIVERS_DOC, withFieldTables } from "../../offline/receiver-fields-doc";

const FIXTURES = path.join(__dirname, "fixtures", "import");
const FULL = path.join(FIXTURES, "full.yml");

describe("import: conversion", () => {
  const converted = convertAlertmanager(parse(readFileSync(FULL, "utf8")), "kubernetes");

  it("keeps no secret value in the values, and lists each with where it was", () => {
    assert.doesNotMatch(JSON.stringify(converted.values), /fake-/);
    assert.deepStrictEqual(converted.errors, []);
    const pd = converted.secrets.find((s) => s.from === "receivers[2].pagerduty_configs[0].service_key");
    assert.deepStrictEqual(pd, {
      key: "pagerV1PagerdutyServiceKey",
      from: "receivers[2].pagerduty_configs[0].service_key",
      value: "fake-pagerduty-service-key-0001",
      also: [],
    });
    const file = converted.secrets.find((s) => s.from === "global.smtp_auth_password_file");
    assert.deepStrictEqual(file, {
      key: "globalSmtpAuthPassword",
      from: "global.smtp_auth_password_file",
      file: "/etc/alertmanager/secrets/smtp-password",
      also: [],
    });
  });

  it("match, match_re and matchers become one matcher list; a matcher in braces loses them", () => {
    assert.deepStrictEqual(toMatchers({ severity: "critical", team: 'a"b' }, { service: "db|cache" }, ["env=prod"]), [
      'severity="critical"',
      'team="a\\"b"',
      'service=~"db|cache"',
      "env=prod",
    ]);
    assert.deepStrictEqual(toMatchers(undefined, undefined, '{job="x"}'), ['job="x"']);
  });

  it("sigv4's secret_key without access_key and a key Alertmanager does not read are refused, each by its place", () => {
    const c = convertAlertmanager(
      { route: { receiver: "r" }, receivers: [{ name: "r", sns_configs: [{ sigv4: { region: "eu-west-1", secret_key: "fake-sk" } }] }], extra: 1 },
      "kubernetes",
    );
    assert.deepStrictEqual(c.errors, [
      "extra: is not a key of Alertmanager 0.33's configuration",
      "receivers[0].sns_configs[0].sigv4.secret_key: Alertmanager 0.33 has no file form for it, so the program will not hold it in alertmanager.yml; give access_key beside it (the import then lifts both into an AWS shared-credentials file), or use sigv4 profile or role_arn, and import again",
    ]);
  });

  it("reads kube-prometheus-stack values at alertmanager.config, and refuses a file that is neither", () => {
    assert.deepStrictEqual(alertmanagerConfigOf({ alertmanager: { config: { route: { receiver: "x" } } } }, "v.yaml"), { route: { receiver: "x" } });
    assert.throws(
      () => alertmanagerConfigOf({ prometheus: {} }, "v.yaml"),
      /^Error: v\.yaml: has neither route nor receivers, nor alertmanager\.config \(kube-prometheus-stack values\); use an alertmanager\.yml$/,
    );
  });

  it("prints a secret's value only when asked, and a file's as a redirect", () => {
    const inline = { key: "k", from: "a.b", value: "s3cr'et", also: ["c.d"] };
    assert.strictEqual(secretCommand("s", inline, false), "pulumi config set --secret --stack s k   # a.b, c.d: prompts for the value");
    assert.strictEqual(secretCommand("s", inline, true), "pulumi config set --secret --stack s k 's3cr'\\''et'   # a.b, c.d");
    assert.strictEqual(
      secretCommand("s", { key: "k", from: "a", file: "/x y", also: [] }, true),
      "pulumi config set --secret --stack s k < '/x y'   # a: the file it named on the old host",
    );
    assert.match(stackFileText({ target: "local" }, "/tmp/am.yml"), /\nconfig:\n {2}alerting:target: local\n$/);
  });

  it("template globs match as Go's filepath.Match does", () => {
    assert.ok(globPattern("*.tmpl").test("a.tmpl"));
    assert.ok(!globPattern("*.tmpl").test("a.tmplx"));
    assert.ok(globPattern("t?.tmpl").test("t1.tmpl"));
  });

  it("docs/receivers.md's field tables are the ones the definition generates", () => {
    const doc = readFileSync(RECEIVERS_DOC, "utf8");
    assert.strictEqual(doc, withFieldTables(doc), "stale: run npm run docs");
  });
});

/** What the program renders for an imported fixture, the real amtool's word on it, and the routing proof, in a throwaway project. */
async function importWithAmtool(project: string, fixture: string) {
  const lines: string[] = [];
  const report = await runImport({
    file: path.join(FIXTURES, fixture),
    stack: "imported",
    project,
    target: "kubernetes",
    force: false,
    showSecrets: false,
    amtool: binaries().amtool,
    print: (l) => lines.push(l),
  });
  return { report, lines, stackText: readFileSync(report.stackFile, "utf8") };
}

describe("import: SNS keys inline in sigv4", function () {
  // The import renders with the program and runs amtool a few times.
  this.timeout(60_000);
  const converted = convertAlertmanager(parse(readFileSync(path.join(FIXTURES, "sns-inline-keys.yml"), "utf8")), "kubernetes");
  const tmp = tempDir("import-sns");
  after(() => tmp.remove());

  it("lifts every inline pair into one shared-credentials file, a section per profile, under one secret key", () => {
    assert.deepStrictEqual(converted.errors, []);
    assert.doesNotMatch(JSON.stringify(converted.values), /fake-/);
    assert.deepStrictEqual(converted.secrets, [
      {
        key: "snsAwsCredentials",
        from: "receivers[0].sns_configs[0].sigv4",
        value:
          "[default]\naws_access_key_id=fake-access-key-ops\naws_secret_access_key=fake-secret-key-ops\n\n[billing]\naws_access_key_id=fake-access-key-billing\naws_secret_access_key=fake-secret-key-billing\n",
        holds: "awsSharedCredentials",
        also: ["receivers[1].sns_configs[0].sigv4"],
      },
    ]);
  });

  it("puts each keyed entry in the program's sns form, naming that key, with Alertmanager's own subject and message where it had none", () => {
    const receivers = converted.values.receivers as Record<string, unknown>[];
    assert.deepStrictEqual(receivers[0], {
      name: "ops-sns",
      sns: {
        apiUrl: "https://sns.eu-west-1.amazonaws.com",
        topicArn: "arn:aws:sns:eu-west-1:123456789012:ops",
        attributes: { severity: "Sev2" },
        region: "eu-west-1",
        subject: `{{ template "${ALERTMANAGER_SNS_TEMPLATES.subject.name}" . }}`,
        message: `{{ template "${ALERTMANAGER_SNS_TEMPLATES.message.name}" . }}`,
        credential: "snsAwsCredentials",
      },
    });
    assert.deepStrictEqual(receivers[1], {
      name: "billing-sns",
      sns: {
        topicArn: "arn:aws:sns:eu-west-1:123456789012:billing",
        subject: "billing {{ .Status }}",
        message: "billing alert",
        sendResolved: false,
        region: "eu-west-1",
        profile: "billing",
        roleArn: "arn:aws:iam::123456789012:role/alerting",
        credential: "snsAwsCredentials",
      },
    });
    // An entry without keys stays in Alertmanager's schema.
    assert.deepStrictEqual(receivers[2], {
      name: "audit-sns",
      sns_configs: [{ topic_arn: "arn:aws:sns:eu-west-1:123456789012:audit", sigv4: { region: "eu-west-1", profile: "billing" } }],
    });
    assert.deepStrictEqual(converted.templateFiles, {
      [ALERTMANAGER_SNS_TEMPLATES.file]:
        "{{/* Alertmanager's own SNS subject and message, for the SNS entries npm run import moved to the program's sns form (docs/migrating.md). */}}\n" +
        '{{ define "imported.sns.default.subject" }}{{ template "sns.default.subject" . }}{{ end }}\n' +
        '{{ define "imported.sns.default.message" }}{{ template "sns.default.message" . }}{{ end }}\n',
    });
  });

  it("gives Alertmanager the file through AWS_SHARED_CREDENTIALS_FILE once the stack is read as pulumi up reads it", () => {
    const folder = "templates/imported";
    const spec = buildSpec({
      values: { ...converted.values, templates: { folders: [folder] }, snsAwsCredentials: "set" },
      secretKeys: new Set(["snsAwsCredentials"]),
      readFolder: (f) => (f === folder ? Object.entries(converted.templateFiles).map(([name, text]) => ({ path: `${folder}/${name}`, text })) : undefined),
    });
    assert.deepStrictEqual(alertmanagerEnv(spec, AM_PATHS), { AWS_SHARED_CREDENTIALS_FILE: "/c/s/snsAwsCredentials" });
  });

  it("prints the line that sets the file, naming its sections and never a key", () => {
    const line = secretCommand("prod", converted.secrets[0], false);
    assert.strictEqual(
      line,
      "pulumi config set --secret --stack prod snsAwsCredentials < aws-credentials   # receivers[0].sns_configs[0].sigv4, receivers[1].sns_configs[0].sigv4: an AWS shared-credentials file; write aws-credentials with [default], [billing], each with aws_access_key_id and aws_secret_access_key, the keys that were inline there (--show-secrets prints it)",
    );
    assert.match(secretCommand("prod", converted.secrets[0], true), /aws_secret_access_key=fake-secret-key-billing/);
  });

  it("renders what the real amtool accepts, and proves the routing equal", async () => {
    const { report, stackText } = await importWithAmtool(tmp.dir, "sns-inline-keys.yml");
    assert.strictEqual(report.amtoolCheck, undefined);
    assert.ok(report.verdict?.equal, report.verdictLine);
    assert.doesNotMatch(stackText, /fake-/);
  });

  it("refuses only what one file per Alertmanager cannot hold, or the sns form has no place for, naming each place", () => {
    const keyed = (profile: string | undefined, key: string, extra: Record<string, unknown> = {}) => ({
      topic_arn: "arn:aws:sns:eu-west-1:123456789012:t",
      ...extra,
      sigv4: { region: "eu-west-1", ...(profile && { profile }), access_key: `fake-ak-${key}`, secret_key: `fake-sk-${key}` },
    });
    const c = convertAlertmanager(
      {
        route: { receiver: "a" },
        receivers: [
          { name: "a", sns_configs: [keyed(undefined, "a", { http_config: { follow_redirects: true } })] },
          { name: "b", sns_configs: [keyed("default", "b")] },
          { name: "c", sns_configs: [keyed("c", "c"), keyed("c", "c")] },
        ],
      },
      "kubernetes",
    );
    assert.deepStrictEqual(c.errors, [
      'receivers[1].sns_configs[0].sigv4: holds other inline keys than receivers[0].sns_configs[0].sigv4 for the same AWS profile "default"; Alertmanager reads one AWS shared-credentials file per process (AWS_SHARED_CREDENTIALS_FILE), with one pair of keys per profile: give one of them its own sigv4.profile and import again',
      "receivers[0].sns_configs[0].http_config: the inline sigv4 keys of this entry go to an AWS shared-credentials file, which only the program's sns form carries to Alertmanager, and that form has no http_config; remove it, or remove the keys (a workload role instead), and import again",
      "receivers[2].sns_configs[1].sigv4: is the second SNS entry with inline keys in receiver c; such an entry is imported in the program's sns form, one per receiver (receivers[2].sns_configs[0] is this receiver's): move it to a receiver of its own, or remove its keys (a workload role instead), and import again",
    ]);
  });
});

describe("import: Slack with an app token", function () {
  this.timeout(60_000);
  const converted = convertAlertmanager(parse(readFileSync(path.join(FIXTURES, "slack-app-token.yml"), "utf8")), "kubernetes");
  const tmp = tempDir("import-slack");
  after(() => tmp.remove());

  it("keeps global slack_api_url inline beside global slack_app_token (Slack's Web API method), and lifts an entry's webhook URL", () => {
    assert.deepStrictEqual(converted.errors, []);
    assert.deepStrictEqual(converted.values.global, {
      slack_app_token: { credential: "globalSlackAppToken" },
      slack_api_url: "https://slack.com/api/chat.postMessage",
    });
    const [chat, hook] = converted.values.receivers as { slack_configs: Record<string, unknown>[] }[];
    assert.deepStrictEqual(chat.slack_configs[1], {
      channel: "#team",
      app_token: { credential: "chatSlackAppToken" },
      app_url: "https://slack.example.org/api/chat.postMessage",
    });
    assert.deepStrictEqual(hook.slack_configs[0], { api_url: { credential: "hookSlackApiUrl" } });
    assert.deepStrictEqual(
      converted.secrets.map((s) => s.from),
      ["global.slack_app_token", "receivers[0].slack_configs[1].app_token", "receivers[1].slack_configs[0].api_url"],
    );
  });

  it("renders what the real amtool accepts (no slack_api_url_file beside the token, which 0.33.1's loader crashes on), and proves the routing equal", async () => {
    const { report, stackText } = await importWithAmtool(tmp.dir, "slack-app-token.yml");
    assert.strictEqual(report.amtoolCheck, undefined);
    assert.ok(report.verdict?.equal, report.verdictLine);
    assert.doesNotMatch(stackText, /fake-/);
    const rendered = await renderImported(report.conversion.values, report.conversion.secrets, tmp.dir);
    assert.doesNotMatch(rendered, /slack_api_url_file/);
    assert.match(rendered, /slack_api_url: https:\/\/slack\.com\/api\/chat\.postMessage/);
  });

  it("still refuses global slack_api_url_file beside an app token, saying to write the URL inline", () => {
    const c = convertAlertmanager(
      { global: { slack_app_token: "fake-t", slack_api_url_file: "/etc/am/slack-url" }, route: { receiver: "r" }, receivers: [{ name: "r" }] },
      "kubernetes",
    );
    assert.deepStrictEqual(c.errors, [
      "global.slack_api_url_file: beside slack_app_token, Alertmanager 0.33.1 cannot load it from a file (its loader crashes); write the URL it holds inline as slack_api_url (beside an app token it is Slack's Web API method, e.g. https://slack.com/api/chat.postMessage, not a secret) and import again",
    ]);
  });
});
