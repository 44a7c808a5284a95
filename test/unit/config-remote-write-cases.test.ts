/** config/remote-write.ts: the neighbours of each refused value, every header Prometheus reserves, and the schema's own issues. */
import * as assert from "assert";
import { remoteWriteSchema } from "../../config/remote-write";
import { issues, local, Values } from "../support/config-values";

const endpoint = (extra: Values = {}) => ({ name: "mimir", url: "https://mimir.example.com/api/v1/push", ...extra });
const remoteWrite = (extra: Values) => issues(local({ prometheus: { remoteWrite: [endpoint(extra)] } }));
const at = (...path: PropertyKey[]) => ["prometheus", "remoteWrite", 0, ...path];
const USE = "use basicAuth, bearerTokenCredential or oauth2, which name secret config keys";

describe("remote write: the URL", () => {
  for (const url of ["https://prom@mimir.example.com/push", "https://:pw@mimir.example.com/push"]) {
    it(`refuses a user name or a password alone: ${url}`, () => {
      assert.deepStrictEqual(remoteWrite({ url }), [{ path: at("url"), value: url, message: `carries credentials (user:password@); remove them and ${USE}` }]);
    });
  }

  it("only whole query parameter names count as credentials", () => {
    assert.deepStrictEqual(remoteWrite({ url: "https://mimir.example.com/push?monkey=a&keyspace=c&zipcode=1" }), []);
  });
});

describe("remote write: headers", () => {
  const header = (name: string) => remoteWrite({ headers: { [name]: "v" } });
  const RESERVED = [
    "Host",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "User-Agent",
    "Connection",
    "Keep-Alive",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "WWW-Authenticate",
    "Accept-Encoding",
    "X-Prometheus-Remote-Write-Version",
    "X-Prometheus-Remote-Read-Version",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
  ];
  for (const name of RESERVED) {
    it(`refuses ${name}, which Prometheus sets itself`, () => {
      assert.deepStrictEqual(header(name), [{ path: at("headers", name), value: name, message: "is a header Prometheus sets itself; remove it" }]);
    });
  }

  const CREDENTIAL = `carries a credential, and headers are plain text in prometheus.yml; remove it and ${USE}`;
  for (const name of ["Cookie", "X-ApiKey", "X-Api_Key", "X-Auth-User", "X-Session-Token", "X-Credential"]) {
    it(`refuses ${name}, which carries a credential`, () => {
      assert.deepStrictEqual(header(name), [{ path: at("headers", name), value: name, message: CREDENTIAL }]);
    });
  }
  for (const name of ["Cookie-Policy", "X-Scope-OrgID", "X-Key-Id"]) {
    it(`accepts ${name}`, () => assert.deepStrictEqual(header(name), []));
  }

  it("headers that are not a map are refused as such", () => {
    assert.deepStrictEqual(remoteWrite({ headers: "X-Scope-OrgID: a" }), [
      { path: at("headers"), value: "X-Scope-OrgID: a", message: "is not a map of header names to values" },
    ]);
  });
});

describe("remote write: queue pairs at their limits", () => {
  it("equal pairs are accepted", () => {
    assert.deepStrictEqual(
      remoteWrite({ queue: { minShards: 4, maxShards: 4, minBackoff: "1s", maxBackoff: "1s", capacity: 500, maxSamplesPerSend: 500 } }),
      [],
    );
  });

  it("a duration that does not parse is refused once, not also as zero", () => {
    assert.deepStrictEqual(remoteWrite({ queue: { maxBackoff: "5x" } }), [
      { path: at("queue", "maxBackoff"), value: "5x", message: "is not a duration; use e.g. 30s, 5m, 4h" },
    ]);
  });
});

describe("remote write: the schema's own issues", () => {
  // config/errors.ts's fromZodIssue treats some zod codes apart; every check of this schema reports a custom one.
  const codes = (value: Values) => {
    const result = remoteWriteSchema.safeParse(endpoint(value));
    return result.success ? [] : result.error.issues.flatMap((i) => (i.code === "invalid_key" ? i.issues : [i])).map((i) => [i.code, i.message]);
  };

  it("URL, header, queue and auth checks report custom issues with their messages", () => {
    assert.deepStrictEqual(codes({ url: "ftp://x" }), [["custom", "is not an http(s) URL; use e.g. https://mimir.example.com/api/v1/push"]]);
    assert.deepStrictEqual(codes({ url: "https://u:p@x.example.com" }), [["custom", `carries credentials (user:password@); remove them and ${USE}`]]);
    assert.deepStrictEqual(codes({ url: "https://x.example.com/?token=t" }), [["custom", `carries a credential in its query (token); remove it and ${USE}`]]);
    assert.deepStrictEqual(codes({ headers: { "a b": "v", Host: "h", "X-Token": "t" } }), [
      ["custom", "is not a header name; use letters, digits and -, e.g. X-Scope-OrgID"],
      ["custom", "is a header Prometheus sets itself; remove it"],
      ["custom", `carries a credential, and headers are plain text in prometheus.yml; remove it and ${USE}`],
    ]);
    assert.deepStrictEqual(codes({ queue: { minShards: 2, maxShards: 1, minBackoff: "2s", maxBackoff: "1s", capacity: 1, maxSamplesPerSend: 2 } }), [
      ["custom", "is above maxShards (1); use at most 1"],
      ["custom", "is above maxBackoff (1s); use at most 1s"],
      ["custom", "is below maxSamplesPerSend (2); use at least that, Prometheus recommends 3 to 10 times it"],
    ]);
    assert.deepStrictEqual(codes({ basicAuth: { username: "u", passwordCredential: "p" }, bearerTokenCredential: "t" }), [
      ["custom", "is set with basicAuth; Prometheus authenticates a remote write one way, use one of basicAuth, bearerTokenCredential, oauth2"],
    ]);
  });
});
