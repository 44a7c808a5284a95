/** alerting:audit: defaults, what is refused (naming the key, the value and why) and the volume warning. */
import * as assert from "assert";
import { buildSpec } from "../../config/spec";
import { formatIssue } from "../../config/errors";
import { issues, local, Values, warnings } from "../support/config-values";

const audit = (a: Values, extra: Values = {}) => local({ audit: a, ...extra });
const messages = (values: Values, secretKeys: string[] = []) => issues(values, secretKeys).map(formatIssue);

describe("config: alerting:audit", () => {
  it("is off by default, with a 50Mi file and 3 files kept when turned on", () => {
    assert.deepStrictEqual(buildSpec({ values: local(), secretKeys: new Set() }).audit, { enabled: false, maxFileSize: "50Mi", maxFiles: 3 });
    const spec = buildSpec({ values: audit({ enabled: true }), secretKeys: new Set() });
    assert.deepStrictEqual(spec.audit, { enabled: true, maxFileSize: "50Mi", maxFiles: 3 });
    assert.deepStrictEqual(
      spec.credentials.filter((c) => c.kinds.includes("audit")),
      [],
    );
  });

  it("makes the collector's credential a secret key of its own, delivered like a receiver's", () => {
    const spec = buildSpec({
      values: audit({ enabled: true, webhook: { url: "https://audit.example.com/events", credential: "auditToken" } }, { auditToken: "t0k3n" }),
      secretKeys: new Set(["auditToken"]),
    });
    assert.deepStrictEqual(
      spec.credentials.filter((c) => c.kinds.includes("audit")),
      [{ key: "auditToken", kinds: ["audit"], usedBy: ["audit"], holds: "key", source: "secret" }],
    );
    assert.deepStrictEqual(spec.audit.webhook, { url: "https://audit.example.com/events", credential: "auditToken", authorization: "bearer" });
  });

  const INLINE = "Alertmanager's event recorder takes its webhook URL inline only (no url_file)";
  const refused: [title: string, url: string, expect: string][] = [
    [
      "a user and password in the URL",
      "https://u:p@audit.example.com/events",
      'alerting:audit.webhook.url: "https://u:p@audit.example.com/events" carries credentials (user:password@); remove them.',
    ],
    ["a token in the query", "https://audit.example.com/events?token=abc&x=1", "carries a credential in its query (token); remove it."],
    ["a token-shaped path segment", "https://audit.example.com/in/Zk3qL9xPw2mN8vB4tY7rA1sD", "has a path segment shaped like a token"],
    ["a URL that is not http(s)", "ftp://audit.example.com/", '"ftp://audit.example.com/" is not an http(s) URL'],
  ];
  for (const [title, url, expect] of refused) {
    it(`refuses ${title}, saying why (Alertmanager's schema)`, () => {
      const found = messages(audit({ enabled: true, webhook: { url } }));
      assert.strictEqual(found.length, 1, found.join("\n"));
      assert.ok(found[0].includes(expect), found[0]);
      if (!title.includes("not http")) assert.ok(found[0].includes(INLINE), found[0]);
    });
  }

  it("refuses sizes and counts out of range, naming key and value", () => {
    assert.deepStrictEqual(messages(audit({ enabled: true, maxFileSize: "512Ki", maxFiles: 1 })), [
      'alerting:audit.maxFileSize: "512Ki" is below 1Mi; use e.g. "50Mi"',
      "alerting:audit.maxFiles: 1 is out of range; use a whole number from 2 to 20",
    ]);
    assert.deepStrictEqual(messages(audit({ enabled: true, maxFileSize: "lots" })), [
      'alerting:audit.maxFileSize: "lots" is not a positive memory quantity; use e.g. "128Mi", "2Gi"',
    ]);
  });

  it("checks the webhook's keys together: basic needs a user and a credential, a user needs basic, a webhook needs the recorder", () => {
    assert.deepStrictEqual(messages(audit({ enabled: true, webhook: { url: "https://a.example.com/e", authorization: "basic" } })), [
      "alerting:audit.webhook.username: is required with authorization: basic; set the collector's user name",
      "alerting:audit.webhook.credential: is required with authorization: basic; name the secret key holding the password",
    ]);
    assert.deepStrictEqual(messages(audit({ enabled: false, webhook: { url: "https://a.example.com/e", username: "u" } })), [
      'alerting:audit.webhook: "https://a.example.com/e" is set while alerting:audit.enabled is false; set enabled: true or remove the webhook',
      'alerting:audit.webhook.username: "u" is set while authorization is bearer; use authorization: basic or remove it',
    ]);
  });

  it("requires the collector's credential on the local target too, and as a secret", () => {
    const values = audit({ enabled: true, webhook: { url: "https://a.example.com/e", credential: "auditToken" } });
    assert.deepStrictEqual(messages(values), [
      "alerting:auditToken: is required by alerting:audit.webhook (the collector's credential); set it with: pulumi config set --secret auditToken <value>",
    ]);
    assert.deepStrictEqual(messages({ ...values, auditToken: "plain" }), [
      "alerting:auditToken: is a credential set in plain text; remove it and set it with: pulumi config set --secret auditToken <value>",
    ]);
    assert.deepStrictEqual(messages({ ...values, auditToken: "s" }, ["auditToken"]), []);
  });

  it("on kubernetes, requires it with every other credential", () => {
    const found = messages({ target: "kubernetes", audit: { enabled: true, webhook: { url: "https://a.example.com/e", credential: "auditToken" } } });
    assert.ok(
      found.includes("alerting:auditToken: is required by audit (audit); set it with: pulumi config set --secret auditToken <value>"),
      found.join("\n"),
    );
  });

  it("warns when the files could take more than a tenth of Alertmanager's volume (kubernetes only)", () => {
    const big = { enabled: true, maxFileSize: "200Mi", maxFiles: 3 };
    const k8s = (a: Values) => ({ target: "kubernetes", receivers: [{ name: "a" }], route: { receiver: "a" }, routes: [], inhibitRules: [], audit: a });
    const found = (a: Values) => buildSpec({ values: k8s(a), secretKeys: new Set() }).warnings.filter((w) => w.startsWith("alerting:audit"));
    assert.deepStrictEqual(found(big), [
      "alerting:audit: 3 files of up to 2 x 200Mi could fill more than a tenth of the 10Gi volume (alerting:alertmanager.storage.size), which also holds silences and the notification log; lower maxFileSize or maxFiles",
    ]);
    assert.deepStrictEqual(found({ enabled: true }), []);
    assert.deepStrictEqual(
      warnings(local({ audit: big })).filter((w) => w.startsWith("alerting:audit")),
      [],
    );
  });
});
