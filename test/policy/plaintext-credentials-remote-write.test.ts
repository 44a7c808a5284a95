/**
 * no-plaintext-credentials on Prometheus' remote_write: a URL or header carrying a credential in a
 * prometheus.yml held in a ConfigMap or uploaded into a container is flagged, by the shapes every
 * file gets and by what remote_write itself says; the program's own form (`*_file`) is not.
 */
import * as assert from "assert";
import { RegisteredResource } from "../../offline/program";
import { cm, configMap, dockerContainer, flagged, messages, PLAINTEXT_POLICY as POLICY } from "./support";

const PUSH = "https://mimir.example.com/api/v1/push";
const prometheusYml = (endpoint: string) => `global:\n  scrape_interval: 30s\nremote_write:\n  - name: mimir\n${endpoint}`;
const inConfigMap = (endpoint: string) => [configMap({ "prometheus.yml": prometheusYml(endpoint) })];
const uploaded = (endpoint: string) => [dockerContainer({ uploads: [{ file: "/etc/prometheus/config/prometheus.yml", content: prometheusYml(endpoint) }] })];
const URL_ADVICE = 'a remote_write "url" carrying credentials (use basic_auth, authorization or oauth2 with a "*_file")';
const file = (what: string) => `Container "c" file /etc/prometheus/config/prometheus.yml holds ${what}.`;

/** An endpoint's lines, and what a ConfigMap and an upload holding it are flagged for. */
const violations: [title: string, endpoint: string, found: string[]][] = [
  ["basic auth in the URL", "    url: https://prom:s3cret@mimir.example.com/api/v1/push\n", ["basic-auth credentials in a URL", URL_ADVICE]],
  ["a token as the URL's user name, with no password", "    url: https://glc_abcdef@mimir.example.com/api/v1/push\n", [URL_ADVICE]],
  ["a long token in the query", `    url: ${PUSH}?token=abcdef123456\n`, ["a token in a URL query", URL_ADVICE]],
  ["a short token in the query, which only remote_write's own check sees", `    url: ${PUSH}?token=abc\n`, [URL_ADVICE]],
  ["an API key in the query", `    url: ${PUSH}?tenant=a&api_key=k1\n`, [URL_ADVICE]],
  [
    "an API key header",
    `    url: ${PUSH}\n    headers:\n      X-Api-Key: abc123\n`,
    ['a remote_write header "X-Api-Key" holding a credential (use basic_auth, authorization or oauth2 with a "*_file")'],
  ],
  [
    "a bearer token in a header",
    `    url: ${PUSH}\n    headers:\n      X-Forwarded-Authorization: Bearer abcdefghijklmnopqrstuvwx\n`,
    ["a bearer token", 'a remote_write header "X-Forwarded-Authorization" holding a credential (use basic_auth, authorization or oauth2 with a "*_file")'],
  ],
  [
    "an inline basic-auth password",
    `    url: ${PUSH}\n    basic_auth:\n      username: prom\n      password: hunter2\n`,
    ['an inline "password" (use "password_file")'],
  ],
  [
    "an inline OAuth2 client secret",
    `    url: ${PUSH}\n    oauth2:\n      client_id: prom\n      client_secret: hunter2\n      token_url: https://auth.example.com/token\n`,
    ['an inline "client_secret" (use "client_secret_file")'],
  ],
];

const lookAlikes: [title: string, endpoint: string][] = [
  [
    "credentials as files, a tenant header, a query without a credential",
    `    url: ${PUSH}?extra_label=env=prod\n    headers:\n      X-Scope-OrgID: team-a\n    basic_auth:\n      username: prom\n      password_file: /etc/prometheus/secrets/rwPassword\n`,
  ],
  ["a bearer token file", `    url: ${PUSH}\n    authorization:\n      type: Bearer\n      credentials_file: /etc/prometheus/secrets/rwToken\n`],
  ["an empty token parameter", `    url: ${PUSH}?token=\n`],
  ["parameters whose names only contain a credential word", `    url: ${PUSH}?monkey=1&keyspace=a\n`],
  ["a path that is not a URL", "    url: /api/v1/push\n"],
];

describe("no-plaintext-credentials: Prometheus remote_write", () => {
  for (const [title, endpoint, found] of violations) {
    it(`${title}: flagged by this policy alone, in a ConfigMap and in an upload`, async () => {
      for (const [rs, expected] of [
        [inConfigMap(endpoint), found.map((what) => cm(what, "prometheus.yml"))],
        [uploaded(endpoint), found.map(file)],
      ] as [RegisteredResource[], string[]][]) {
        assert.deepStrictEqual(await flagged(rs), [POLICY]);
        assert.deepStrictEqual(await messages(rs, POLICY), expected);
      }
    });
  }

  for (const [title, endpoint] of lookAlikes) {
    it(`fine: ${title}`, async () => {
      assert.deepStrictEqual(await flagged(inConfigMap(endpoint)), []);
      assert.deepStrictEqual(await flagged(uploaded(endpoint)), []);
    });
  }
});
