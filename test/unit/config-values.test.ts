/** The value parsers (config/quantities.ts, config/matchers.ts) and the error format (config/errors.ts). */
import * as assert from "assert";
import { z } from "zod";
import { ConfigError, formatIssue, formatKey, fromZodIssue } from "../../config/errors";
import { compileMatcherRegex, formatMatcher, LABEL_NAME_PATTERN, matches, parseMatcher } from "../../config/matchers";
import { cpuToDockerCpus, DURATION_PATTERN, memoryToDockerMb, parseCpu, parseDurationMs, parseMemory } from "../../config/quantities";

describe("config/quantities", () => {
  describe("parseDurationMs", () => {
    const table: [string, number | undefined][] = [
      ["1y", 365 * 24 * 3600_000],
      ["1w", 7 * 24 * 3600_000],
      ["1d", 24 * 3600_000],
      ["1h", 3600_000],
      ["1m", 60_000],
      ["1s", 1000],
      ["1ms", 1],
      ["0s", 0],
      ["90s", 90_000],
      ["10y", 10 * 365 * 24 * 3600_000],
      ["12w", 12 * 7 * 24 * 3600_000],
      ["30d", 30 * 24 * 3600_000],
      ["48h", 48 * 3600_000],
      ["15m", 15 * 60_000],
      ["250ms", 250],
      ["1h30m", 5400_000],
      ["2y3w4d5h6m7s8ms", 2 * 31536000_000 + 3 * 604800_000 + 4 * 86400_000 + 5 * 3600_000 + 6 * 60_000 + 7000 + 8],
      ["", undefined],
      ["5", undefined],
      ["5 m", undefined],
      ["30m1h", undefined],
      ["x5m", undefined],
      ["5mx", undefined],
      ["-5m", undefined],
    ];
    for (const [value, ms] of table) it(`${JSON.stringify(value)} -> ${ms}`, () => assert.strictEqual(parseDurationMs(value), ms));

    it("DURATION_PATTERN is anchored at both ends and allows the empty string (the schema refuses it)", () => {
      assert.ok(DURATION_PATTERN.test(""));
      assert.ok(!DURATION_PATTERN.test("a5m"));
      assert.ok(!DURATION_PATTERN.test("5ma"));
    });
  });

  describe("parseCpu (cores)", () => {
    const table: [string, number | undefined][] = [
      ["500m", 0.5],
      ["1m", 0.001],
      ["2", 2],
      ["0.5", 0.5],
      ["1.25", 1.25],
      ["0", 0],
      ["12", 12],
      ["", undefined],
      ["-1", undefined],
      ["1.", undefined],
      [".5", undefined],
      ["1k", undefined],
      ["1 m", undefined],
      ["x1", undefined],
      ["1mm", undefined],
      ["1.5.2", undefined],
    ];
    for (const [value, cores] of table) it(`${JSON.stringify(value)} -> ${cores}`, () => assert.strictEqual(parseCpu(value), cores));
  });

  describe("parseMemory (bytes)", () => {
    const table: [string, number | undefined][] = [
      ["1", 1],
      ["10", 10],
      ["1k", 1e3],
      ["1M", 1e6],
      ["1G", 1e9],
      ["1T", 1e12],
      ["1Ki", 1024],
      ["1Mi", 1024 ** 2],
      ["1Gi", 1024 ** 3],
      ["1Ti", 1024 ** 4],
      ["1.5Gi", 1.5 * 1024 ** 3],
      ["1.25Mi", 1.25 * 1024 ** 2],
      ["0", 0],
      ["", undefined],
      ["1Pi", undefined],
      ["1K", undefined],
      ["1mi", undefined],
      ["-1Mi", undefined],
      ["1 Mi", undefined],
      ["Mi", undefined],
      ["x1Mi", undefined],
      ["1Mix", undefined],
      ["1.", undefined],
    ];
    for (const [value, bytes] of table) it(`${JSON.stringify(value)} -> ${bytes}`, () => assert.strictEqual(parseMemory(value), bytes));
  });

  it("memoryToDockerMb: whole MiB, rounded down", () => {
    assert.strictEqual(memoryToDockerMb("128Mi"), 128);
    assert.strictEqual(memoryToDockerMb("1Gi"), 1024);
    assert.strictEqual(memoryToDockerMb("1536Ki"), 1);
    assert.strictEqual(memoryToDockerMb("2047Ki"), 1);
    assert.strictEqual(memoryToDockerMb("1G"), 953);
  });

  it("cpuToDockerCpus: decimal cores", () => {
    assert.strictEqual(cpuToDockerCpus("500m"), "0.5");
    assert.strictEqual(cpuToDockerCpus("2"), "2");
    assert.strictEqual(cpuToDockerCpus("1250m"), "1.25");
  });
});

describe("config/matchers", () => {
  describe("parseMatcher", () => {
    const table: [string, ReturnType<typeof parseMatcher>][] = [
      ['severity="critical"', { name: "severity", op: "=", value: "critical" }],
      ['severity!="none"', { name: "severity", op: "!=", value: "none" }],
      ['alertname=~"KEDA.*"', { name: "alertname", op: "=~", value: "KEDA.*" }],
      ['alertname!~"Node.*"', { name: "alertname", op: "!~", value: "Node.*" }],
      ["severity=critical", { name: "severity", op: "=", value: "critical" }],
      ["severity!=", { name: "severity", op: "!=", value: "" }],
      ['  team =  "a b"  ', { name: "team", op: "=", value: "a b" }],
      ['\tteam\t=\t"x"\t', { name: "team", op: "=", value: "x" }],
      ['msg="say \\"hi\\""', { name: "msg", op: "=", value: 'say "hi"' }],
      ['path="a\\\\b"', { name: "path", op: "=", value: "a\\b" }],
      ['_x9="y"', { name: "_x9", op: "=", value: "y" }],
      ['a=""', { name: "a", op: "=", value: "" }],
      ["severity==critical", undefined],
      ['9a="x"', undefined],
      ['a-b="x"', undefined],
      ['a="x', undefined],
      ['a="x" b', undefined],
      ["a=b c", undefined],
      ["a=b,c", undefined],
      ["a={b}", undefined],
      ["a=~b~", undefined],
      ['a="x"y', undefined],
      ["x a=b", undefined],
      ["", undefined],
      ['a~="x"', undefined],
    ];
    for (const [text, expected] of table) it(`${JSON.stringify(text)}`, () => assert.deepStrictEqual(parseMatcher(text), expected));
  });

  it("formatMatcher writes one canonical, quoted form", () => {
    assert.strictEqual(formatMatcher({ name: "severity", op: "=", value: "critical" }), 'severity="critical"');
    assert.strictEqual(formatMatcher({ name: "a", op: "!~", value: 'x"y' }), 'a!~"x\\"y"');
    assert.strictEqual(formatMatcher(parseMatcher(" alertname =~ KEDA.* ")!), 'alertname=~"KEDA.*"');
  });

  it("compileMatcherRegex anchors the expression and refuses an invalid one", () => {
    const re = compileMatcherRegex("KEDA.*|Node")!;
    assert.strictEqual(re.source, "^(?:KEDA.*|Node)$");
    assert.ok(re.test("KEDAScaler"));
    assert.ok(re.test("Node"));
    assert.ok(!re.test("xNode"));
    assert.ok(!re.test("Nodes"));
    assert.strictEqual(compileMatcherRegex("KEDA("), undefined);
  });

  it("LABEL_NAME_PATTERN", () => {
    assert.ok(LABEL_NAME_PATTERN.test("a_1"));
    assert.ok(!LABEL_NAME_PATTERN.test("1a"));
    assert.ok(!LABEL_NAME_PATTERN.test("a-1"));
  });

  describe("matches: an absent label is the empty string, regexes are anchored", () => {
    const labels = { severity: "critical", alertname: "KEDAScaler" };
    const table: [string, boolean][] = [
      ['severity="critical"', true],
      ['severity="warning"', false],
      ['severity!="critical"', false],
      ['severity!="warning"', true],
      ['alertname=~"KEDA.*"', true],
      ['alertname=~"KEDA"', false],
      ['alertname!~"KEDA.*"', false],
      ['alertname!~"KEDA"', true],
      ['team=""', true],
      ['team!=""', false],
      ['team="x"', false],
      ['team=~".*"', true],
      ['team!~".+"', true],
    ];
    for (const [m, expected] of table) it(`${m} -> ${expected}`, () => assert.strictEqual(matches(parseMatcher(m)!, labels), expected));
  });
});

describe("config/errors", () => {
  it("formatKey: the namespace, dotted keys and [index]", () => {
    assert.strictEqual(formatKey(["target"]), "alerting:target");
    assert.strictEqual(formatKey(["routes", 2, "matchers", 0]), "alerting:routes[2].matchers[0]");
    assert.strictEqual(formatKey(["alertmanager", "resources", "requests", "cpu"]), "alerting:alertmanager.resources.requests.cpu");
    assert.strictEqual(formatKey(["a", "0"]), "alerting:a.0");
  });

  it("formatIssue: the value as JSON when there is one", () => {
    assert.strictEqual(
      formatIssue({ path: ["routes", 1, "groupWait"], value: "5 min", message: "is not a duration" }),
      'alerting:routes[1].groupWait: "5 min" is not a duration',
    );
    assert.strictEqual(formatIssue({ path: ["replicas"], value: 0, message: "is out of range" }), "alerting:replicas: 0 is out of range");
    assert.strictEqual(formatIssue({ path: ["x"], value: null, message: "m" }), "alerting:x: null m");
    assert.strictEqual(formatIssue({ path: ["target"], message: "is required" }), "alerting:target: is required");
  });

  it("ConfigError lists every problem, singular and plural", () => {
    const one = new ConfigError([{ path: ["target"], message: "is required" }]);
    assert.strictEqual(one.message, "invalid configuration (1 problem):\n  alerting:target: is required");
    assert.strictEqual(one.name, "ConfigError");
    assert.ok(one instanceof Error);
    const two = new ConfigError([
      { path: ["a"], value: 1, message: "m1" },
      { path: ["b", 0], message: "m2" },
    ]);
    assert.strictEqual(two.message, "invalid configuration (2 problems):\n  alerting:a: 1 m1\n  alerting:b[0]: m2");
    assert.strictEqual(two.issues.length, 2);
  });

  describe("fromZodIssue", () => {
    const issueOf = (schema: z.ZodType, value: unknown) => {
      const r = schema.safeParse(value, { reportInput: true });
      assert.ok(!r.success);
      return fromZodIssue(r.error.issues[0]);
    };

    it("unknown keys: no value (the whole map would be noise)", () => {
      const schema = z.strictObject({ a: z.string() }, { error: "unknown key" });
      assert.deepStrictEqual(issueOf(schema, { a: "x", b: 1 }), { path: [], message: "unknown key" });
    });

    it("a missing key is required, keeping what is accepted", () => {
      const schema = z.object({ a: z.string({ error: "is not a string; use a name" }) });
      assert.deepStrictEqual(issueOf(schema, {}), { path: ["a"], message: "is required; use a name" });
    });

    it("a missing enum value is required, keeping what is accepted", () => {
      const schema = z.object({ t: z.enum(["x", "y"], { error: "is not accepted; use one of x, y" }) });
      assert.deepStrictEqual(issueOf(schema, {}), { path: ["t"], message: "is required; use one of x, y" });
    });

    it("a wrong type keeps the value and the whole message", () => {
      const schema = z.object({ a: z.string({ error: "is not a string; use a name" }) });
      assert.deepStrictEqual(issueOf(schema, { a: 3 }), { path: ["a"], value: 3, message: "is not a string; use a name" });
    });

    it("a wrong enum value keeps the value and the whole message", () => {
      const schema = z.object({ t: z.enum(["x", "y"], { error: "is not accepted; use one of x, y" }) });
      assert.deepStrictEqual(issueOf(schema, { t: "z" }), { path: ["t"], value: "z", message: "is not accepted; use one of x, y" });
    });

    it("only a missing value of the wrong type or enum value becomes 'is required'", () => {
      const refusing = (message: string) => z.object({ a: z.any().refine(() => false, { error: message }) });
      assert.strictEqual(issueOf(refusing("is not good; use x"), {}).message, "is not good; use x");
      assert.strictEqual(issueOf(refusing("is not accepted; use x"), {}).message, "is not accepted; use x");
    });

    it("only the leading 'is not ...;' clause is dropped", () => {
      const schema = z.object({ a: z.string({ error: "x is not a string; use a name" }) });
      assert.deepStrictEqual(issueOf(schema, {}), { path: ["a"], message: "is required; x is not a string; use a name" });
      const e = z.object({ t: z.enum(["x"], { error: "x is not accepted; use x" }) });
      assert.deepStrictEqual(issueOf(e, {}), { path: ["t"], message: "is required; x is not accepted; use x" });
    });
  });
});
