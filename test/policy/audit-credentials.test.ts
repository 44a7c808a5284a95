/**
 * no-plaintext-credentials on alerting:audit's collector: the event recorder's webhook output takes
 * its credential through http_config, flagged inline, fine as a `*_file` (what the program renders).
 */
import * as assert from "assert";
import { AM_INLINE, amConfig, cm, inline, messages, PLAINTEXT_POLICY as POLICY } from "./support";

const recorder = (httpConfig: string) =>
  amConfig(
    `${AM_INLINE("")}event_recorder:\n  file_outputs:\n    - path: /alertmanager/audit-events.jsonl\n  webhook_outputs:\n    - url: https://audit.example.com/events\n      http_config:\n${httpConfig}`,
  );

describe("no-plaintext-credentials: the event recorder's collector credential", () => {
  it("flags an inline bearer credential, not its credentials_file", async () => {
    assert.deepStrictEqual(await messages([recorder("        authorization:\n          type: Bearer\n          credentials: abc123def456\n")], POLICY), [
      cm(inline("credentials")),
    ]);
    assert.deepStrictEqual(
      await messages([recorder("        authorization:\n          type: Bearer\n          credentials_file: /etc/alertmanager/secrets/auditToken\n")], POLICY),
      [],
    );
  });

  it("flags an inline basic-auth password, not its password_file", async () => {
    assert.deepStrictEqual(await messages([recorder("        basic_auth:\n          username: am\n          password: abc123def456\n")], POLICY), [
      cm(inline("password")),
    ]);
    assert.deepStrictEqual(
      await messages([recorder("        basic_auth:\n          username: am\n          password_file: /etc/alertmanager/secrets/auditToken\n")], POLICY),
      [],
    );
  });
});
