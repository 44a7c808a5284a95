/**
 * no-plaintext-credentials: each credential shape of the services teams page through is flagged
 * wherever a workload could read it, under a name that says nothing; its look-alike is not.
 */
import * as assert from "assert";
import {
  AWS_KEY_ID,
  AWS_SECRET_KEY,
  cm,
  configMap,
  deployment,
  DISCORD_URL,
  dockerContainer,
  flagged,
  MATTERMOST_URL,
  messages,
  PLAINTEXT_POLICY as POLICY,
  TELEGRAM_TOKEN,
  VICTOROPS_URL,
} from "./support";

const INCIDENTIO_SOURCE = "https://api.incident.io/v2/alert_events/http/01GW2G3V0S59R238FAHPDS1R66";
const GENIE_KEY = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** A shape, a value of it, and a look-alike that is none. */
const shapes: [what: string, value: string, lookAlike: string][] = [
  ["a Discord webhook URL", DISCORD_URL, "https://discord.com/channels/123456789012345678/876543210987654321"],
  ["a Discord webhook URL", "https://discordapp.com/api/webhooks/123456789012345678/abc_DEF-123", "https://discord.com/developers/docs/resources/webhook"],
  ["a Mattermost webhook URL", MATTERMOST_URL, "https://mattermost.example.com/hooks/incoming"],
  ["a Telegram bot token", TELEGRAM_TOKEN, "-1001234567890"],
  ["a Telegram bot token", `https://api.telegram.org/bot${TELEGRAM_TOKEN}/sendMessage`, "https://api.telegram.org"],
  ["a VictorOps key in a URL", VICTOROPS_URL, "https://help.victorops.com/knowledge-base/rest-endpoint-integration-guide/"],
  ["a VictorOps key in a URL", VICTOROPS_URL.replace("ops-team", "db-team"), "https://alert.victorops.com/integrations/generic/20131114/alert/"],
  ["an incident.io token in a URL", `${INCIDENTIO_SOURCE}?token=x1y2z3`, INCIDENTIO_SOURCE],
  ["an Opsgenie key in a GenieKey header", `Authorization: GenieKey ${GENIE_KEY}`, "Authorization: GenieKey"],
  ["an AWS access key ID", AWS_KEY_ID, "TAKIAIOSFODNN7EXAMPLE"],
  ["an AWS secret access key", `aws_secret_access_key=${AWS_SECRET_KEY}`, "aws_secret_access_key=${AWS_SECRET_ACCESS_KEY}"],
];

describe("credential shapes of paging services", () => {
  for (const [what, value, lookAlike] of shapes) {
    describe(`${what}: ${value}`, () => {
      it("an env literal under a plain name is flagged", async () => {
        const rs = [deployment({ env: [{ name: "NOTIFY", value }] })];
        assert.deepStrictEqual(await flagged(rs), [POLICY]);
        assert.deepStrictEqual(await messages(rs, POLICY), [`container "app" env NOTIFY holds ${what} as a literal; use valueFrom.secretKeyRef.`]);
      });
      it("a ConfigMap value under a plain key is flagged", async () => {
        assert.deepStrictEqual(await messages([configMap({ "notify.txt": `target: ${value}\n` })], POLICY), [cm(what, "notify.txt")]);
      });
      it(`its look-alike is fine: ${lookAlike}`, async () => {
        assert.deepStrictEqual(await flagged([deployment({ env: [{ name: "NOTIFY", value: lookAlike }] })]), []);
        assert.deepStrictEqual(await flagged([configMap({ "notify.txt": `target: ${lookAlike}\n` })]), []);
      });
    });
  }

  it("an AWS shared credentials file uploaded to a docker container is named by its secret key", async () => {
    const content = `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET_KEY}\n`;
    assert.deepStrictEqual(await messages([dockerContainer({ uploads: [{ file: "/home/am/.aws/config", content }] })], POLICY), [
      'Container "c" file /home/am/.aws/config holds an AWS secret access key.',
    ]);
    assert.deepStrictEqual(
      await messages([dockerContainer({ uploads: [{ file: "/home/am/.aws/config", content: "[default]\nregion = eu-west-1\n" }] })], POLICY),
      [],
    );
  });

  it("an SNS receiver's access key in an Alertmanager config is named by shape, its secret key by field", async () => {
    const sns = `route:\n  receiver: r\nreceivers:\n  - name: r\n    sns_configs:\n      - topic_arn: arn:aws:sns:eu-west-1:123456789012:alerts\n        sigv4:\n          region: eu-west-1\n          access_key: ${AWS_KEY_ID}\n          secret_key: ${AWS_SECRET_KEY}\n`;
    assert.deepStrictEqual(await messages([configMap({ "alertmanager.yml": sns })], POLICY), [
      cm("an AWS access key ID"),
      cm('an inline "secret_key" (sigv4 has no "secret_key_file": use "profile" or "role_arn")'),
    ]);
  });

  it("a Discord, Mattermost or Telegram credential in a docker argument is flagged", async () => {
    const rs = [dockerContainer({ command: [`--discord=${DISCORD_URL}`, `--mattermost=${MATTERMOST_URL}`, TELEGRAM_TOKEN] })];
    assert.deepStrictEqual(await messages(rs, POLICY), [
      'Container "c" argument --discord holds a Discord webhook URL.',
      'Container "c" argument --mattermost holds a Mattermost webhook URL.',
      `Container "c" argument ${TELEGRAM_TOKEN} holds a Telegram bot token.`,
    ]);
  });
});
