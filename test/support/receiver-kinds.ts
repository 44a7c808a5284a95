/** One valid integration of every receiver kind, with only the fields each kind requires: the compiler refuses a kind without its entry. */
import type { IntegrationKind } from "../../config/integrations";

export const EVERY_KIND: Record<IntegrationKind, Record<string, unknown>> = {
  slack: { channel: "#alerts" },
  pagerduty: {},
  webhook: {},
  msteams: {},
  msteamsv2: {},
  discord: {},
  mattermost: {},
  telegram: { chatId: -1001234567890 },
  opsgenie: {},
  victorops: { routingKey: "ops" },
  pushover: {},
  webex: { roomId: "room-1" },
  rocketchat: { channel: "#alerts" },
  jira: { apiUrl: "https://example.atlassian.net/rest/api/2", username: "alerts@example.com", project: "OPS", issueType: "Bug" },
  wechat: { corpId: "corp", agentId: "1000002", toParty: "2" },
  incidentio: {},
  sns: { region: "eu-west-1", topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts", credential: "snsAwsCredentials" },
};

export const KINDS = Object.keys(EVERY_KIND) as IntegrationKind[];

/** One receiver holding an integration of every kind. */
export const everyKindReceiver = (name: string) => ({ name, ...EVERY_KIND });

/** One receiver per kind, named `kind-<kind>`. */
export const receiverPerKind = () => KINDS.map((kind) => ({ name: `kind-${kind}`, [kind]: EVERY_KIND[kind] }));
