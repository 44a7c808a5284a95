/** import/convert.ts and the generated field tables: the parts of npm run import that need no binary. */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { alertmanagerConfigOf, convertAlertmanager, toMatchers } from "../../import/convert";
import { globPattern } from "../../import/templates";
import { secretCommand, stackFileText } from "../../import/run";
import { RECEIVERS_DOC, withFieldTables } from "../../offline/receiver-fields-doc";

const FULL = path.join(__dirname, "fixtures", "import", "full.yml");

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

  it("sigv4's secret_key and a key Alertmanager does not read are refused, each by its place", () => {
    const c = convertAlertmanager(
      { route: { receiver: "r" }, receivers: [{ name: "r", sns_configs: [{ sigv4: { region: "eu-west-1", access_key: "AK", secret_key: "sk" } }] }], extra: 1 },
      "kubernetes",
    );
    assert.deepStrictEqual(c.errors, [
      "extra: is not a key of Alertmanager 0.33's configuration",
      "receivers[0].sns_configs[0].sigv4.secret_key: Alertmanager 0.33 has no file form for it, so the program will not hold it in alertmanager.yml; use sigv4 profile (an AWS shared-credentials file) or role_arn and import again",
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
