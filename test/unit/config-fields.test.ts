/** Every field builder of config/fields.ts: what it accepts and the exact message for what it refuses. */
import * as assert from "assert";
import type { z } from "zod";
import * as f from "../../config/fields";

/** The messages a schema gives for a value; [] when the value is accepted. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

interface FieldCase {
  field: string;
  schema: () => z.ZodType;
  accepts: unknown[];
  /** Each refused value and the one message it gets. */
  refuses: [unknown, string][];
}

const DURATION = "is not a duration; use e.g. 30s, 5m, 4h";
const CPU = 'is not a positive CPU quantity; use e.g. "100m", "0.5", "2"';
const MEMORY = 'is not a positive memory quantity; use e.g. "128Mi", "2Gi"';
const LABEL = "is not a valid label name; use letters, digits and _, not starting with a digit";
const URL_MSG = "is not an http(s) URL without credentials; use e.g. https://alertmanager.example.com";
const DNS = "is not a DNS label; use lower-case letters, digits and -, at most 63 characters";
const PINNED = 'is not a pinned image; use repository:tag or repository@sha256:digest, e.g. "prom/alertmanager:v0.33.1"';
const EMAIL = "is not an e-mail address; use e.g. oncall@example.com";
const HOST_PORT = "is not host:port; use e.g. smtp.example.com:587";
const IPV4 = "is not an IPv4 address; use e.g. 127.0.0.1";
const CRED = "is not a credential config key; use letters and digits, e.g. slackWebhookUrl";
const NAME = "is not a valid name; use letters, digits, -, _ and ., at most 63 characters";
const TIME = "is not a time of day; use HH:MM from 00:00 to 24:00";
const TZ = "is not an IANA time zone; use e.g. America/Los_Angeles or UTC";
const WEEKDAY = "is not a weekday or range; use e.g. monday:friday or sunday (days: sunday, monday, tuesday, wednesday, thursday, friday, saturday)";
const MATCHER = 'is not a matcher; use e.g. severity="critical" or alertname=~"KEDA.*"';
const REGEX = 'has an invalid regular expression; use RE2 syntax such as "Node.*|.*Disk.*"';
const SUBDOMAIN = "is not a DNS subdomain; use lower-case letters, digits, - and ., starting and ending with a letter or digit, at most 253 characters";
const ANNOTATION_KEY = "is not an annotation key; use e.g. eks.amazonaws.com/role-arn (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)";
const FOLDER = "is not a relative folder path; use a path from the project root, e.g. rules/payments";
const DIGEST = "a".repeat(64);
/** A DNS subdomain of `n` characters: 63-character labels joined by dots. */
const subdomain = (n: number) => `${"a".repeat(63)}.`.repeat(4).slice(0, n - 1) + "a";

const cases: FieldCase[] = [
  {
    field: "text",
    schema: () => f.text("a thing"),
    accepts: ["", "x"],
    refuses: [
      [1, "is not a string; use a thing"],
      [null, "is not a string; use a thing"],
    ],
  },
  { field: "bool", schema: f.bool, accepts: [true, false], refuses: [["true", "is not a boolean; use true or false"]] },
  {
    field: "list",
    schema: () => f.list(f.bool()),
    accepts: [[], [true]],
    refuses: [
      [{}, "is not a list; use a YAML list"],
      [[1], "is not a boolean; use true or false"],
    ],
  },
  {
    field: "int(1, 9)",
    schema: () => f.int(1, 9),
    accepts: [1, 5, 9],
    refuses: [
      ["3", "is not a number; use a whole number from 1 to 9"],
      [1.5, "is not a whole number; use a whole number from 1 to 9"],
      [0, "is out of range; use a whole number from 1 to 9"],
      [10, "is out of range; use a whole number from 1 to 9"],
    ],
  },
  {
    field: "duration",
    schema: f.duration,
    accepts: ["0s", "30s", "5m", "1h30m", "1y2w3d4h5m6s7ms", "250ms"],
    refuses: [
      ["", DURATION],
      ["5 min", DURATION],
      ["5", DURATION],
      ["m5", DURATION],
      ["30m1h", DURATION],
      [" 5m", DURATION],
      ["5m ", DURATION],
      [300, "is not a string; use a duration such as 30s, 5m, 4h"],
    ],
  },
  {
    field: "cpu",
    schema: f.cpu,
    accepts: ["100m", "1m", "0.5", "2", "0.001"],
    refuses: [
      ["0", CPU],
      ["0m", CPU],
      ["0.0", CPU],
      ["-100m", CPU],
      ["", CPU],
      ["lots", CPU],
      [2, 'is not a string; use a CPU quantity such as "500m" or "2"'],
    ],
  },
  {
    field: "memory",
    schema: f.memory,
    accepts: ["128Mi", "2Gi", "1", "1k", "0.5Gi"],
    refuses: [
      ["0", MEMORY],
      ["0Mi", MEMORY],
      ["-1Gi", MEMORY],
      ["", MEMORY],
      ["12MB", MEMORY],
      [128, 'is not a string; use a memory quantity such as "256Mi"'],
    ],
  },
  {
    field: "labelName",
    schema: f.labelName,
    accepts: ["tenant_id", "_x", "a9", "Z"],
    refuses: [
      ["9node", LABEL],
      ["tenant-id", LABEL],
      ["", LABEL],
      ["a b", LABEL],
      ["a\nb", LABEL],
      [1, "is not a string; use a label name"],
    ],
  },
  {
    field: "matcher",
    schema: f.matcher,
    accepts: [
      'severity="critical"',
      "severity!=none",
      'alertname=~"KEDA.*"',
      'severity=~"crit.*"',
      'severity!~"x.*"',
      'team="anything"',
      'team="KEDA("',
      'team!="["',
    ],
    refuses: [
      ["severity==critical", MATCHER],
      ["", MATCHER],
      ['alertname=~"KEDA("', REGEX],
      ['alertname!~"["', REGEX],
      [1, 'is not a string; use a matcher such as severity="critical"'],
    ],
  },
  {
    field: "httpUrl",
    schema: f.httpUrl,
    accepts: ["https://am.example.com", "http://127.0.0.1:9093/path"],
    refuses: [
      ["am.example.com", URL_MSG],
      ["ftp://x.example.com", URL_MSG],
      ["https://admin@am.example.com", URL_MSG],
      ["https://:secret@am.example.com", URL_MSG],
      ["file:///etc/passwd", URL_MSG],
      [1, "is not a string; use an http(s) URL"],
    ],
  },
  {
    field: "dnsSubdomain",
    schema: f.dnsSubdomain,
    accepts: ["a", "a.b", "eks.amazonaws.com", subdomain(253)],
    refuses: [
      [subdomain(254), SUBDOMAIN],
      ["a..b", SUBDOMAIN],
      ["A.b", SUBDOMAIN],
    ],
  },
  {
    field: "annotations",
    schema: f.annotations,
    accepts: [{}, { "eks.amazonaws.com/role-arn": "arn" }],
    refuses: [
      [{ "bad key!": "x" }, ANNOTATION_KEY],
      [[], "is not a map of annotation keys to values"],
      [{ a: 1 }, "is not a string; use an annotation value"],
    ],
  },
  {
    field: "projectFolder",
    schema: f.projectFolder,
    accepts: ["rules/payments", "rules/C:x", "1:x"],
    refuses: [
      ["", FOLDER],
      ["/rules", FOLDER],
      ["C:/rules", FOLDER],
      ["c:rules", FOLDER],
    ],
  },
  {
    field: "dnsLabel",
    schema: f.dnsLabel,
    accepts: ["monitoring", "a", "a-1", "0a", "a".repeat(63)],
    refuses: [
      ["Monitoring", DNS],
      ["-a", DNS],
      ["a-", DNS],
      ["", DNS],
      ["a".repeat(64), DNS],
      ["a_b", DNS],
      ["a.b", DNS],
      [1, "is not a string; use a DNS label"],
    ],
  },
  {
    field: "image",
    schema: f.image,
    accepts: [
      "prom/alertmanager:v0.33.1",
      "quay.io/prometheus/prometheus:v3.5.3",
      "node:24-alpine",
      `prom/prometheus@sha256:${DIGEST}`,
      "localhost:5000/x:1",
      "prom/prometheus:latest-1.0",
    ],
    refuses: [
      ["prom/alertmanager", PINNED],
      ["Prom/alertmanager:v1", PINNED],
      ["prom/alertmanager:", PINNED],
      [`prom/prometheus@sha256:${"a".repeat(63)}`, PINNED],
      [`prom/prometheus@sha256:${"A".repeat(64)}`, PINNED],
      ["prom/alertmanager:v1 ", PINNED],
      [" prom/alertmanager:v1", PINNED],
      ["prom/prometheus:latest", 'uses the "latest" tag; pin a version, e.g. "prom/alertmanager:v0.33.1"'],
      [1, 'is not a string; use an image reference such as "prom/alertmanager:v0.33.1"'],
    ],
  },
  {
    field: "emailAddress",
    schema: f.emailAddress,
    accepts: ["oncall@example.com", "a.b+c@mail.example.org"],
    refuses: [
      ["oncall-at-example.com", EMAIL],
      ["oncall@example", EMAIL],
      ["on call@example.com", EMAIL],
      ["<a@example.com>", EMAIL],
      ["a@b@example.com", EMAIL],
      ["@example.com", EMAIL],
      ["a@.", EMAIL],
      ["a@example.com x", EMAIL],
      ["a@example.com>", EMAIL],
      [1, "is not a string; use an e-mail address"],
    ],
  },
  {
    field: "hostPort",
    schema: f.hostPort,
    accepts: ["smtp.example.com:587", "worker-0:8080", "[::1]:9093", "10.0.0.1:1", "h:65535"],
    refuses: [
      ["smtp.example.com", HOST_PORT],
      ["smtp.example.com:", HOST_PORT],
      ["h:123456", HOST_PORT],
      ["h :25", HOST_PORT],
      [":25", HOST_PORT],
      ["[::1]", HOST_PORT],
      ["h:25/x", HOST_PORT],
      ["x h:25", HOST_PORT],
      [25, "is not a string; use host:port"],
    ],
  },
  {
    field: "ipv4",
    schema: f.ipv4,
    accepts: ["127.0.0.1", "0.0.0.0", "255.255.255.255", "249.199.99.9", "10.20.30.40", "10.249.0.1", "1.1.1.200"],
    refuses: [
      ["256.0.0.1", IPV4],
      ["1.2.3", IPV4],
      ["1.2.3.4.5", IPV4],
      ["1.2.3.260", IPV4],
      ["a.b.c.d", IPV4],
      ["01.2.3.4x", IPV4],
      [" 1.2.3.4", IPV4],
      ["1.2.3.4 ", IPV4],
      [1, "is not a string; use an IPv4 address"],
    ],
  },
  {
    field: "credentialKey",
    schema: f.credentialKey,
    accepts: ["slackWebhookUrl", "a", "a1", "A".repeat(63)],
    refuses: [
      ["slack-url", CRED],
      ["1abc", CRED],
      ["", CRED],
      ["A".repeat(64), CRED],
      ["a_b", CRED],
      ["a b", CRED],
      [1, "is not a string; use a config key name"],
    ],
  },
  {
    field: "name",
    schema: f.name,
    accepts: ["slack-alerts", "a", "9", "a_b.c-d", "a".repeat(63)],
    refuses: [
      ["-a", NAME],
      ["", NAME],
      ["a".repeat(64), NAME],
      ["a b", NAME],
      ["a/b", NAME],
      [".a", NAME],
      [1, "is not a string; use a name"],
    ],
  },
  {
    field: "timeOfDay",
    schema: f.timeOfDay,
    accepts: ["00:00", "09:00", "19:59", "23:59", "24:00"],
    refuses: [
      ["24:01", TIME],
      ["25:00", TIME],
      ["9:00", TIME],
      ["09:60", TIME],
      ["09:0", TIME],
      ["0900", TIME],
      ["09:00 ", TIME],
      [" 24:00", TIME],
      ["30:00", TIME],
      ["x09:00", TIME],
      ["24:00x", TIME],
      ["09:00x", TIME],
      [900, "is not a string; use HH:MM"],
    ],
  },
  {
    field: "timeZone",
    schema: f.timeZone,
    accepts: ["UTC", "America/Los_Angeles", "Europe/Paris"],
    refuses: [
      ["Mars/Olympus_Mons", TZ],
      ["", TZ],
      [0, "is not a string; use an IANA time zone"],
    ],
  },
  {
    field: "weekdayRange",
    schema: f.weekdayRange,
    accepts: ["sunday", "saturday", "monday:friday", "monday:monday", "sunday:saturday"],
    refuses: [
      ["funday", WEEKDAY],
      ["friday:monday", WEEKDAY],
      ["monday:friday:sunday", WEEKDAY],
      ["monday:", WEEKDAY],
      ["Monday", WEEKDAY],
      ["", WEEKDAY],
      ["monday:funday", WEEKDAY],
      [1, "is not a string; use a weekday or range"],
    ],
  },
];

describe("config/fields: every field builder accepts what it documents and says why it refuses the rest", () => {
  for (const c of cases) {
    describe(c.field, () => {
      for (const value of c.accepts) {
        it(`accepts ${JSON.stringify(value)}`, () => assert.deepStrictEqual(messages(c.schema(), value), []));
      }
      for (const [value, message] of c.refuses) {
        it(`refuses ${JSON.stringify(value)}`, () => assert.deepStrictEqual(messages(c.schema(), value), [message]));
      }
    });
  }

  it("accepts the exact value it was given (no trimming, no rewriting)", () => {
    assert.strictEqual(f.duration().parse("1h30m"), "1h30m");
    assert.strictEqual(f.matcher().parse(' severity = "critical" '), ' severity = "critical" ');
  });

  it("matcher problems are custom issues (reported with the value)", () => {
    for (const value of ["severity==critical", 'a=~"("']) {
      const result = f.matcher().safeParse(value);
      assert.ok(!result.success);
      assert.deepStrictEqual(
        result.error.issues.map((i) => i.code),
        ["custom"],
        value,
      );
    }
  });

  it("SEVERITIES are the five levels, most urgent first", () => {
    assert.deepStrictEqual([...f.SEVERITIES], ["critical", "high", "warning", "info", "none"]);
  });

  describe("obj: a strict map that names unknown keys and the accepted ones", () => {
    const schema = () => f.obj({ replicas: f.int(1, 9).optional(), retention: f.duration().optional() });
    it("accepts known keys", () => assert.deepStrictEqual(messages(schema(), { replicas: 3 }), []));
    it("one unknown key", () => assert.deepStrictEqual(messages(schema(), { replcas: 3 }), ['unknown key "replcas"; accepted keys: replicas, retention']));
    it("two unknown keys", () => assert.deepStrictEqual(messages(schema(), { a: 1, b: 2 }), ['unknown keys "a", "b"; accepted keys: replicas, retention']));
    it("not a map", () => assert.deepStrictEqual(messages(schema(), "x"), ["is not an object; use a YAML map"]));
    it("an array is not a map", () => assert.deepStrictEqual(messages(schema(), []), ["is not an object; use a YAML map"]));
  });
});
