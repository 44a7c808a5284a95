/**
 * npm run import, end to end: a fixture alertmanager.yml with every field family (and
 * kube-prometheus-stack's values) becomes a stack file with no secret value in it; the program
 * renders it into an alertmanager.yml that the real amtool accepts, with every secret as a file,
 * and the import's own proof (real amtool) finds the routing equal.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { binaries } from "../../harness/binaries";
import { proveEqualRouting } from "../../proof/equal-routing";
import { checkConfig, renderImported, runImport, verdictLine, withProgramWatchdog } from "../../import/run";
import { tempDir } from "../support/files";

const FIXTURES = path.join(__dirname, "..", "unit", "fixtures", "import");
const FULL = path.join(FIXTURES, "full.yml");
/** Every secret value in the fixtures starts so; none may reach a file the import writes. */
const FAKE = /fake-/;

async function importInto(project: string, file: string, extra: { force?: boolean; showSecrets?: boolean; stack?: string } = {}) {
  const lines: string[] = [];
  const report = await runImport({
    file,
    stack: extra.stack ?? "imported",
    project,
    target: "kubernetes",
    force: extra.force ?? false,
    showSecrets: extra.showSecrets ?? false,
    amtool: binaries().amtool,
    print: (l) => lines.push(l),
  });
  return { report, lines };
}

describe("npm run import", function () {
  this.timeout(120_000);
  const tmp = tempDir("import");
  after(() => tmp.remove());
  let result: Awaited<ReturnType<typeof importInto>>;

  // How long this takes is measured by the benchmark (bench/import-speed.ts), not asserted here.
  before(async () => {
    result = await importInto(tmp.dir, FULL);
  });

  it("checks what the program renders with amtool check-config, templates included, and reports a refusal", () => {
    assert.strictEqual(result.report.amtoolCheck, undefined);
    const refused = checkConfig(binaries().amtool, { "alertmanager.yml": "route:\n  receiver: nowhere\nreceivers: []\n" });
    assert.match(refused!, /undefined receiver "nowhere" used in route/);
  });

  it("proves the routing equal with the real amtool, and says so in one line", () => {
    assert.ok(result.report.verdict?.equal, JSON.stringify(result.report.verdict, null, 1));
    const v = result.report.verdict!;
    assert.ok(v.sameTree || v.labelSets >= 8, JSON.stringify(v));
    assert.match(result.lines[result.lines.length - 1], /^routing proven equal: (amtool reads both routing trees alike|\d+ label sets route alike)/);
  });

  it("writes the stack file with every part and no secret value; prints the set --secret lines without values", () => {
    const text = readFileSync(path.join(tmp.dir, "Pulumi.imported.yaml"), "utf8");
    assert.doesNotMatch(text, FAKE);
    const config = parse(text).config;
    for (const key of ["target", "resolveTimeout", "global", "route", "receivers", "routes", "inhibitRules", "timeIntervals", "templates"])
      assert.ok(`alerting:${key}` in config, key);
    assert.strictEqual(result.report.conversion.secrets.length, 26);
    const commands = result.lines.filter((l) => l.includes("pulumi config set --secret --stack imported "));
    assert.strictEqual(commands.length, 26);
    assert.ok(
      result.lines.every((l) => !FAKE.test(l)),
      "no value printed without --show-secrets",
    );
    assert.ok(commands.some((l) => l.includes("globalSmtpAuthPassword < '/etc/alertmanager/secrets/smtp-password'")));
  });

  it("rewrites match, match_re, source_match and target_match_re to matchers, and keeps routes without matchers", () => {
    const config = parse(readFileSync(path.join(tmp.dir, "Pulumi.imported.yaml"), "utf8")).config;
    const routes = config["alerting:routes"];
    assert.deepStrictEqual(routes[0].matchers, ['severity="critical"']);
    assert.strictEqual(routes[0].routes[0].matchers, undefined);
    assert.deepStrictEqual(routes[0].routes[1].matchers, ['service=~"db|cache"']);
    assert.strictEqual(routes[2].matchers, undefined);
    assert.deepStrictEqual(config["alerting:inhibitRules"][0], {
      sourceMatchers: ['severity="critical"'],
      targetMatchers: ['severity=~"warning|info"'],
      equal: ["alertname", "cluster"],
    });
    assert.doesNotMatch(JSON.stringify(config), /"(?:match|match_re|source_match|target_match_re)"/);
  });

  it("copies the template files it finds and warns about the one it does not", () => {
    assert.deepStrictEqual(result.report.templates.copied, ["templates/imported/example.tmpl"]);
    assert.deepStrictEqual(result.report.templates.missing, ["/etc/alertmanager/not-on-this-machine/*.tmpl"]);
    assert.ok(result.lines.some((l) => l.startsWith("warning: templates: /etc/alertmanager/not-on-this-machine/*.tmpl was not found")));
  });

  it("the program renders it into an alertmanager.yml amtool accepts, every secret a file, no value", async () => {
    const rendered = await renderImported(result.report.conversion.values, result.report.conversion.secrets, tmp.dir);
    assert.doesNotMatch(rendered, FAKE);
    for (const s of result.report.conversion.secrets) assert.ok(rendered.includes(`/etc/alertmanager/secrets/${s.key}`), s.key);
    const dir = path.join(tmp.dir, "check");
    mkdirSync(path.join(dir, "templates"), { recursive: true });
    writeFileSync(path.join(dir, "templates", "example.tmpl"), readFileSync(path.join(FIXTURES, "templates", "example.tmpl")));
    writeFileSync(path.join(dir, "alertmanager.yml"), rendered.replace("/etc/alertmanager/templates/", `${dir}/templates/`));
    const out = execFileSync(binaries().amtool, ["check-config", path.join(dir, "alertmanager.yml")], { encoding: "utf8" });
    assert.match(out, /SUCCESS/);
  });

  it("the proof tells a difference: a route sent elsewhere is named with its label set", async () => {
    const values = structuredClone(result.report.conversion.values) as { routes: { receiver: string }[] };
    // routes[0]'s own receiver never receives (its first child has no matchers and takes every alert), so routes[1] is changed.
    values.routes[1].receiver = "chat";
    const rendered = await renderImported(values, result.report.conversion.secrets, tmp.dir);
    const original = withProgramWatchdog(parse(readFileSync(FULL, "utf8")));
    const verdict = await proveEqualRouting(
      { name: "full.yml", text: stringify(original) },
      { name: "changed", text: rendered },
      { amtool: binaries().amtool },
    );
    assert.ok(!verdict.equal);
    assert.ok(
      verdict.routing.some((d) => d.labels.team === "web" && d.base.receivers.includes("web-hooks") && d.candidate.receivers.includes("chat")),
      JSON.stringify(verdict.routing),
    );
    assert.match(verdictLine(verdict), /^routing DIFFERS: \d+ label sets/);
  });

  it("refuses to overwrite the stack file without --force, and overwrites it with", async () => {
    await assert.rejects(
      importInto(tmp.dir, FULL),
      (err: Error) => err.message === `${path.join(tmp.dir, "Pulumi.imported.yaml")}: exists; the import writes a new stack's file (--force overwrites it)`,
    );
    const again = await importInto(tmp.dir, FULL, { force: true, showSecrets: true });
    assert.ok(again.report.verdict?.equal);
    assert.ok(
      again.lines.some((l) => l.includes("'fake-email-password-0001'")),
      "--show-secrets prints values",
    );
    assert.doesNotMatch(readFileSync(path.join(tmp.dir, "Pulumi.imported.yaml"), "utf8"), FAKE);
  });

  it("imports kube-prometheus-stack's values: alertmanager.config and its templateFiles", async () => {
    const kps = await importInto(tmp.dir, path.join(FIXTURES, "kube-prometheus-stack-values.yml"), { stack: "kps" });
    assert.ok(kps.report.verdict?.equal, JSON.stringify(kps.report.verdict, null, 1));
    assert.deepStrictEqual(kps.report.templates.copied, ["templates/kps/k8s.tmpl"]);
    assert.doesNotMatch(readFileSync(path.join(tmp.dir, "Pulumi.kps.yaml"), "utf8"), FAKE);
  });
});
