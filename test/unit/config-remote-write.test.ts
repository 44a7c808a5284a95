/** config/remote-write.ts and its credentials (config/scrape-checks.ts): each issue exactly, and the happy path. */
import * as assert from "assert";
import { buildSpec } from "../../config/spec";
import { issues, local, Values } from "../support/config-values";

const endpoint = (extra: Values = {}) => ({ name: "mimir", url: "https://mimir.example.com/api/v1/push", ...extra });
const remoteWrite = (...endpoints: Values[]) => local({ prometheus: { remoteWrite: endpoints } });
const at = (...path: PropertyKey[]) => ["prometheus", "remoteWrite", 0, ...path];
const USE = "use basicAuth, bearerTokenCredential or oauth2, which name secret config keys";
/** A kubernetes stack with no receiver credential, so only the endpoint's is missing. */
const kubernetes = (values: Values) => ({
  ...values,
  target: "kubernetes",
  web: { auth: false },
  receivers: [{ name: "null" }],
  route: { receiver: "null" },
  routes: [],
});

describe("config: remote write, issue by issue", () => {
  it("a URL with credentials inline: user:password@, or a token-ish query parameter (each named); other queries are fine", () => {
    const url = "https://prom:s3cret@mimir.example.com/api/v1/push";
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ url }))), [
      { path: at("url"), value: url, message: `carries credentials (user:password@); remove them and ${USE}` },
    ]);
    for (const [query, named] of [
      ["?token=abc", "token"],
      ["?tenant=a&api_key=k&X-Amz-Signature=s", "api_key, X-Amz-Signature"],
      ["?access_token=t&access_token=u", "access_token"],
    ]) {
      const withQuery = `https://mimir.example.com/api/v1/push${query}`;
      assert.deepStrictEqual(issues(remoteWrite(endpoint({ url: withQuery }))), [
        { path: at("url"), value: withQuery, message: `carries a credential in its query (${named}); remove it and ${USE}` },
      ]);
    }
    for (const url of ["ftp://mimir.example.com/push", "mimir.example.com/push"]) {
      assert.deepStrictEqual(issues(remoteWrite(endpoint({ url }))), [
        { path: at("url"), value: url, message: "is not an http(s) URL; use e.g. https://mimir.example.com/api/v1/push" },
      ]);
    }
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ url: "http://vm.example.com:8428/api/v1/write?extra_label=env=prod&db=x" }))), []);
  });

  it("headers: none that carries a credential, none Prometheus sets itself, valid names; a tenant header is fine", () => {
    const headers = { Authorization: "Bearer x", "X-Api-Key": "k", "Content-Type": "text/plain", "bad name": "v", "X-Scope-OrgID": "team-a" };
    const credential = `carries a credential, and headers are plain text in prometheus.yml; remove it and ${USE}`;
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ headers }))), [
      { path: at("headers", "Authorization"), value: "Authorization", message: credential },
      { path: at("headers", "X-Api-Key"), value: "X-Api-Key", message: credential },
      { path: at("headers", "Content-Type"), value: "Content-Type", message: "is a header Prometheus sets itself; remove it" },
      { path: at("headers", "bad name"), value: "bad name", message: "is not a header name; use letters, digits and -, e.g. X-Scope-OrgID" },
    ]);
  });

  it("one auth kind at most: the second and third are named", () => {
    const oauth2 = { clientId: "prom", clientSecretCredential: "s", tokenUrl: "https://auth.example.com/token" };
    const found = issues(remoteWrite(endpoint({ basicAuth: { username: "u", passwordCredential: "p" }, bearerTokenCredential: "t", oauth2 })));
    const message = "is set with basicAuth; Prometheus authenticates a remote write one way, use one of basicAuth, bearerTokenCredential, oauth2";
    assert.deepStrictEqual(found, [
      { path: at("bearerTokenCredential"), value: "t", message },
      { path: at("oauth2"), value: { ...oauth2, scopes: [] }, message },
    ]);
  });

  it("queue: each value in range and positive, and the pairs in order", () => {
    const queue = { capacity: 0, maxSamplesPerSend: 1.5, batchSendDeadline: "0s" };
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ queue }))), [
      { path: at("queue", "capacity"), value: 0, message: "is out of range; use a whole number from 1 to 1000000" },
      { path: at("queue", "maxSamplesPerSend"), value: 1.5, message: "is not a whole number; use a whole number from 1 to 100000" },
      { path: at("queue", "batchSendDeadline"), value: "0s", message: "is zero; use a positive duration, e.g. 5s" },
    ]);
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ queue: { maxShards: 2, minShards: 5, minBackoff: "10s", maxBackoff: "1s" } }))), [
      { path: at("queue", "minShards"), value: 5, message: "is above maxShards (2); use at most 2" },
      { path: at("queue", "minBackoff"), value: "10s", message: "is above maxBackoff (1s); use at most 1s" },
    ]);
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ queue: { capacity: 500, maxSamplesPerSend: 1000 } }))), [
      { path: at("queue", "capacity"), value: 500, message: "is below maxSamplesPerSend (1000); use at least that, Prometheus recommends 3 to 10 times it" },
    ]);
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ queue: { shards: 3 } }))), [
      {
        path: at("queue"),
        message: 'unknown key "shards"; accepted keys: capacity, maxShards, minShards, maxSamplesPerSend, batchSendDeadline, minBackoff, maxBackoff',
      },
    ]);
  });

  it("names: unique, as Prometheus requires", () => {
    assert.deepStrictEqual(issues(remoteWrite(endpoint(), endpoint({ url: "https://other.example.com/push" }))), [
      { path: ["prometheus", "remoteWrite", 1, "name"], value: "mimir", message: "is defined twice; remote write names must be unique" },
    ]);
  });

  it("write relabel rules are scrape jobs' relabel rules, checked the same way", () => {
    assert.deepStrictEqual(issues(remoteWrite(endpoint({ writeRelabelConfigs: [{ source_labels: ["__name__"], action: "replace" }] }))), [
      { path: at("writeRelabelConfigs", 0, "target_label"), value: undefined, message: "is required by action replace" },
    ]);
  });

  describe("credentials: like scrape credentials, one collection", () => {
    const withBearer = kubernetes(remoteWrite(endpoint({ bearerTokenCredential: "mimirToken" })));

    it("a missing credential on kubernetes names the endpoint and its use", () => {
      assert.deepStrictEqual(issues(withBearer), [
        { path: ["mimirToken"], message: "is required by remote write mimir (bearer token); set it with: pulumi config set --secret mimirToken <value>" },
      ]);
    });

    it("a credential set in plain text is refused", () => {
      assert.deepStrictEqual(issues({ ...withBearer, mimirToken: "t" }), [
        { path: ["mimirToken"], message: "is a credential set in plain text; remove it and set it with: pulumi config set --secret mimirToken <value>" },
      ]);
    });

    it("never a receiver's key; one key may serve a scrape job and an endpoint", () => {
      const shared = { ...remoteWrite(endpoint({ bearerTokenCredential: "slackWebhookUrl" })), slackWebhookUrl: "x" };
      assert.deepStrictEqual(
        issues(shared, ["slackWebhookUrl"]).filter((i) => i.path[0] === "slackWebhookUrl"),
        [{ path: ["slackWebhookUrl"], message: "is used by a receiver and by remote write mimir (bearer token); give Prometheus its own credential key" }],
      );
      const values = {
        ...local({
          prometheus: {
            scrapeJobs: [{ name: "api", targets: ["a:1"], bearerTokenCredential: "tok" }],
            remoteWrite: [endpoint({ bearerTokenCredential: "tok" })],
          },
        }),
        tok: "t",
      };
      assert.deepStrictEqual(buildSpec({ values, secretKeys: new Set(["tok"]) }).scrapeCredentials, [
        { key: "tok", usedBy: ["scrape job api (bearer token)", "remote write mimir (bearer token)"] },
      ]);
    });

    it("every auth kind's credential is collected with the scrape credentials Prometheus reads", () => {
      const oauth2 = { clientId: "prom", clientSecretCredential: "oauthSecret", tokenUrl: "https://auth.example.com/token", scopes: ["write"] };
      const values = {
        ...remoteWrite(
          endpoint({ name: "basic", basicAuth: { username: "prom", passwordCredential: "rwPassword" } }),
          endpoint({ name: "bearer", bearerTokenCredential: "rwToken" }),
          endpoint({ name: "oauth", oauth2 }),
        ),
        rwPassword: "p",
        rwToken: "t",
        oauthSecret: "s",
      };
      const spec = buildSpec({ values, secretKeys: new Set(["rwPassword", "rwToken", "oauthSecret"]) });
      assert.deepStrictEqual(spec.scrapeCredentials, [
        { key: "rwPassword", usedBy: ["remote write basic (basic auth password)"] },
        { key: "rwToken", usedBy: ["remote write bearer (bearer token)"] },
        { key: "oauthSecret", usedBy: ["remote write oauth (OAuth2 client secret)"] },
      ]);
      assert.deepStrictEqual(
        spec.credentials.filter((c) => ["rwPassword", "rwToken", "oauthSecret"].includes(c.key)),
        [],
      );
    });
  });
});
