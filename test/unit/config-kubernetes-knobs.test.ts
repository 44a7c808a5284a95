/** The field builders and checks of the Kubernetes knobs (ingress, scheduling, retention size): what they accept, and exactly what they refuse. */
import * as assert from "assert";
import type { z } from "zod";
import * as f from "../../config/fields";
import { parseByteSize } from "../../config/quantities";
import { issues, minimal } from "../support/config-values";

const messages = (schema: z.ZodType, value: unknown): string[] => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

const LABEL_KEY =
  "is not a Kubernetes label key; use e.g. kubernetes.io/os or node-role.kubernetes.io/monitoring (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)";
const LABEL_VALUE = "is not a Kubernetes label value; use at most 63 letters, digits, -, _ and ., starting and ending with a letter or digit";
const SUBDOMAIN = "is not a DNS subdomain; use lower-case letters, digits, - and ., starting and ending with a letter or digit, at most 253 characters";
const SIZE = 'is not a positive size with a unit; use a number and one of B, KB, MB, GB, TB, PB, EB, e.g. "50GB" (powers of 2: 1KB is 1024B)';

const cases: { field: string; schema: () => z.ZodType; accepts: unknown[]; refuses: unknown[]; message: string }[] = [
  {
    field: "labelKey",
    schema: f.labelKey,
    accepts: ["kubernetes.io/os", "node-role.kubernetes.io/monitoring", "dedicated", "a_b.c-D"],
    refuses: ["node role", "/os", "Example.com/os", "os/", "-os", "a".repeat(64)],
    message: LABEL_KEY,
  },
  {
    field: "labelValue",
    schema: f.labelValue,
    accepts: ["", "linux", "a.b_c-D", "a".repeat(63)],
    refuses: ["-a", "a b", "a".repeat(64)],
    message: LABEL_VALUE,
  },
  {
    field: "dnsSubdomain",
    schema: f.dnsSubdomain,
    accepts: ["alerting-critical", "fast.ssd", "a", `${"a".repeat(63)}.${"b".repeat(63)}`],
    refuses: ["Alerting", "a_b", "a.", ".a", "a..b", `${"a.".repeat(126)}ab`],
    message: SUBDOMAIN,
  },
  {
    field: "byteSize",
    schema: f.byteSize,
    accepts: ["512MB", "1.5GB", "100B", "1EB"],
    refuses: ["50", "50gb", "50GiB", "0GB", "1GB512MB", "1ZB", " 1GB"],
    message: SIZE,
  },
];

describe("config: Kubernetes knobs", () => {
  for (const c of cases) {
    describe(c.field, () => {
      for (const value of c.accepts) it(`accepts ${JSON.stringify(value)}`, () => assert.deepStrictEqual(messages(c.schema(), value), []));
      for (const value of c.refuses) it(`refuses ${JSON.stringify(value)}`, () => assert.deepStrictEqual(messages(c.schema(), value), [c.message]));
    });
  }

  it("parseByteSize reads Prometheus' units as powers of 2", () => {
    assert.strictEqual(parseByteSize("1KB"), 1024);
    assert.strictEqual(parseByteSize("1.5GB"), 1.5 * 2 ** 30);
    assert.strictEqual(parseByteSize("0.25GB"), 0.25 * 2 ** 30);
    assert.strictEqual(parseByteSize("2EB"), 2 * 2 ** 60);
    assert.strictEqual(parseByteSize("1Gi"), undefined);
  });

  it("accepts every documented form of the knobs with no issue", () => {
    const kubernetes = {
      ingress: {
        controllerNamespace: "traefik",
        alertmanager: { host: "alertmanager.example.com", className: "nginx", tlsSecretName: "am-tls", annotations: { "a.io/b": "c" }, path: "/" },
        prometheus: { host: "monitoring.example.com", path: "/prometheus" },
      },
      scheduling: {
        alertmanager: {
          tolerations: [{ operator: "Exists" }, { key: "dedicated", operator: "Exists", effect: "NoExecute", tolerationSeconds: 0 }, { key: "k", value: "v" }],
          nodeSelector: { "node-role.kubernetes.io/monitoring": "" },
          priorityClassName: "system-cluster-critical",
          maxSkew: 9,
        },
        prometheus: { zoneSpread: false },
      },
    };
    const prometheus = { externalUrl: "https://monitoring.example.com:8443/prometheus", retentionSize: "19.5GB" };
    assert.deepStrictEqual(issues(minimal({ target: "kubernetes", kubernetes, prometheus })), []);
  });

  it("a retention size is only checked against the volume on Kubernetes (docker volumes have no size)", () => {
    assert.deepStrictEqual(issues(minimal({ prometheus: { retentionSize: "1TB" } })), []);
    assert.deepStrictEqual(issues(minimal({ target: "kubernetes", prometheus: { retentionSize: "1TB" } })), [
      {
        path: ["prometheus", "retentionSize"],
        value: "1TB",
        message:
          "is not below alerting:prometheus.storage.size (20Gi); the volume would fill before size-based retention deletes a block, so use a smaller size or a larger volume",
      },
    ]);
  });

  it("both UIs' external URLs are checked against their own Ingress host", () => {
    const kubernetes = { ingress: { alertmanager: { host: "am.example.com" }, prometheus: { host: "prom.example.com" } } };
    const found = issues(
      minimal({
        target: "kubernetes",
        kubernetes,
        alertmanager: { externalUrl: "http://am.example.com/x" },
        prometheus: { externalUrl: "http://prometheus.example.com" },
      }),
    );
    assert.deepStrictEqual(
      found.map((i) => [i.path.join("."), i.value]),
      [["prometheus.externalUrl", "http://prometheus.example.com"]],
    );
  });
});
