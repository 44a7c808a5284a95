/** config/ingress-schema.ts, config/placement-schema.ts and config/kubernetes-checks.ts: each value refused with its exact message, and its neighbours accepted. */
import * as assert from "assert";
import { ingressSchema, ingressUrl } from "../../config/ingress-schema";
import { issues, minimal, Values } from "../support/config-values";

const onKubernetes = (kubernetes: Values, extra: Values = {}) => issues(minimal({ target: "kubernetes", kubernetes, ...extra }));

describe("ingress schema: hosts and paths", () => {
  const HOST = "is not a DNS name; use a host such as alertmanager.example.com (lower-case letters, digits, - and ., no IP address, no wildcard)";
  const PATH = "is not a path; use / or segments of letters, digits, ., _, ~ and - with no trailing slash, e.g. /alertmanager";
  const withHost = (host: string) => onKubernetes({ ingress: { alertmanager: { host } } });
  const withPath = (path: string) => onKubernetes({ ingress: { alertmanager: { host: "am.example.com", path } } });
  const at = (key: string) => ["kubernetes", "ingress", "alertmanager", key];

  for (const host of ["10.0.0.7", "1.2", "*.example.com"]) {
    it(`refuses the host ${JSON.stringify(host)}`, () => assert.deepStrictEqual(withHost(host), [{ path: at("host"), value: host, message: HOST }]));
  }
  for (const host of ["alertmanager", "node-1", "1password.example.com", "am.example.com"]) {
    it(`accepts the host ${JSON.stringify(host)}`, () => assert.deepStrictEqual(withHost(host), []));
  }
  for (const path of ["alertmanager", "a/", "/a/", "/a//b", "x/a"]) {
    it(`refuses the path ${JSON.stringify(path)}`, () => assert.deepStrictEqual(withPath(path), [{ path: at("path"), value: path, message: PATH }]));
  }
  for (const path of ["/", "/alertmanager", "/a/b.c_d~e-f"]) {
    it(`accepts the path ${JSON.stringify(path)}`, () => assert.deepStrictEqual(withPath(path), []));
  }
});

describe("ingress schema: ingressUrl", () => {
  const route = (extra: Values) => ingressSchema.parse({ alertmanager: { host: "am.example.com", ...extra } }).alertmanager!;

  it("http at the host's root when the Ingress has no TLS and the path is /", () => {
    assert.strictEqual(ingressUrl(route({})), "http://am.example.com");
  });

  it("https with a TLS secret, and the path appended when it is not /", () => {
    assert.strictEqual(ingressUrl(route({ tlsSecretName: "am-tls", path: "/alertmanager" })), "https://am.example.com/alertmanager");
  });
});

describe("kubernetes checks: cross-key issues", () => {
  it("an explicit external URL naming another host than the Ingress's, with the exact message", () => {
    const found = onKubernetes(
      { ingress: { alertmanager: { host: "am.example.com", path: "/am" } } },
      { alertmanager: { externalUrl: "https://other.example.com/am" } },
    );
    assert.deepStrictEqual(found, [
      {
        path: ["alertmanager", "externalUrl"],
        value: "https://other.example.com/am",
        message:
          "names host other.example.com, but alerting:kubernetes.ingress.alertmanager.host is am.example.com; make them agree, or leave externalUrl unset to use http://am.example.com/am",
      },
    ]);
  });

  it("a retention size equal to the volume is refused; one just below it is accepted", () => {
    const retention = (retentionSize: string) => onKubernetes({}, { prometheus: { retentionSize, storage: { size: "1Gi" } } });
    assert.deepStrictEqual(retention("1GB"), [
      {
        path: ["prometheus", "retentionSize"],
        value: "1GB",
        message:
          "is not below alerting:prometheus.storage.size (1Gi); the volume would fill before size-based retention deletes a block, so use a smaller size or a larger volume",
      },
    ]);
    assert.deepStrictEqual(retention("1023MB"), []);
  });

  it("ingress and scheduling are refused on the local stack, each with its own message", () => {
    const found = issues(minimal({ kubernetes: { ingress: { alertmanager: { host: "am.example.com" } }, scheduling: { prometheus: { zoneSpread: false } } } }));
    assert.deepStrictEqual(found, [
      {
        path: ["kubernetes", "ingress"],
        value: { alertmanager: { host: "am.example.com" } },
        message:
          "is set while alerting:target is local; an Ingress exists on kubernetes only (the local stack publishes the UIs on alerting:local.bindAddress)",
      },
      {
        path: ["kubernetes", "scheduling"],
        value: { prometheus: { zoneSpread: false } },
        message: "is set while alerting:target is local; scheduling applies to Kubernetes pods only, so remove it from this stack",
      },
    ]);
  });

  it("neither is refused on the local stack when left out", () => {
    assert.deepStrictEqual(issues(minimal({ kubernetes: {} })), []);
  });
});

describe("placement schema: tolerations and node selectors", () => {
  const tolerate = (toleration: Values) => onKubernetes({ scheduling: { alertmanager: { tolerations: [toleration] } } });
  const at = (...path: PropertyKey[]) => ["kubernetes", "scheduling", "alertmanager", "tolerations", 0, ...path];

  it("operator Exists with a value", () => {
    assert.deepStrictEqual(tolerate({ key: "k", operator: "Exists", value: "v" }), [
      { path: at("value"), value: "v", message: "is set with operator Exists, which matches any value; remove value, or use operator Equal" },
    ]);
  });

  it("operator Equal (the default) without a key", () => {
    assert.deepStrictEqual(tolerate({ value: "v" }), [
      {
        path: at(),
        value: { operator: "Equal", value: "v" },
        message: "has no key, which operator Equal needs; name the taint key, or use operator Exists without a key to tolerate every taint",
      },
    ]);
  });

  it("tolerationSeconds without effect NoExecute; with it, accepted", () => {
    assert.deepStrictEqual(tolerate({ key: "k", effect: "NoSchedule", tolerationSeconds: 5 }), [
      { path: at("tolerationSeconds"), value: 5, message: "only applies to effect NoExecute; set effect: NoExecute or remove tolerationSeconds" },
    ]);
    assert.deepStrictEqual(tolerate({ key: "k", effect: "NoExecute", tolerationSeconds: 5 }), []);
  });

  const SECONDS: [unknown, string][] = [
    ["5", "is not a number; use a whole number of seconds, 0 or more"],
    [1.5, "is not a whole number; use a whole number of seconds, 0 or more"],
    [-1, "is negative; use a whole number of seconds, 0 or more"],
  ];
  for (const [value, message] of SECONDS) {
    it(`tolerationSeconds ${JSON.stringify(value)}`, () => {
      assert.deepStrictEqual(tolerate({ key: "k", effect: "NoExecute", tolerationSeconds: value }), [{ path: at("tolerationSeconds"), value, message }]);
    });
  }

  it("a node selector that is not a map, or has a bad key, each with its own message", () => {
    const select = (nodeSelector: unknown) => onKubernetes({ scheduling: { prometheus: { nodeSelector } } });
    const at = ["kubernetes", "scheduling", "prometheus", "nodeSelector"];
    assert.deepStrictEqual(select("linux"), [{ path: at, value: "linux", message: "is not a map of label keys to label values" }]);
    assert.deepStrictEqual(
      select({ "bad key": "x" }).map((i) => i.message),
      [
        "is not a Kubernetes label key; use e.g. kubernetes.io/os or node-role.kubernetes.io/monitoring (a DNS-subdomain prefix, /, a name of letters, digits, -, _ and .)",
      ],
    );
  });
});
