/**
 * The integration registry: one row per receiver kind that delivers over HTTP with a credential.
 * The receiver schema, the credential checks, the renderer (components/render/receivers.ts, which
 * the compiler holds to these kinds), the capture rewrite, `npm run verify` and the leak test all
 * loop over it. E-mail is not a row: it delivers through the global SMTP settings.
 */
import { z } from "zod";
import { bool, credentialKey, httpUrl, int, obj, text } from "./fields";

export interface IntegrationRow {
  /** The Pulumi config key (also Secret key and file name) a receiver uses unless it names another. */
  defaultCredential: string;
  /**
   * What the credential holds: the whole endpoint URL (`url`), or a key sent to an endpoint whose
   * URL is the field `endpointField` (`key`).
   */
  credential: { holds: "url" } | { holds: "key"; endpointField: string };
  /** Alertmanager's own send_resolved default; the program sends resolved notifications everywhere unless told not to. */
  upstreamSendResolved: boolean;
  /** The kind's own fields, besides `credential` and `sendResolved`. */
  fields: z.ZodRawShape;
}

export const INTEGRATIONS = {
  slack: {
    defaultCredential: "slackWebhookUrl",
    credential: { holds: "url" },
    upstreamSendResolved: false,
    fields: { channel: text("a Slack channel").regex(/^[#@]?[\w.-]{1,80}$/, { error: "is not a Slack channel; use e.g. #alerts" }) },
  },
  pagerduty: {
    defaultCredential: "pagerdutyRoutingKey",
    credential: { holds: "key", endpointField: "url" },
    upstreamSendResolved: true,
    fields: { url: httpUrl().optional() },
  },
  webhook: {
    defaultCredential: "webhookUrl",
    credential: { holds: "url" },
    upstreamSendResolved: true,
    fields: { maxAlerts: int(0, 10000).default(0) },
  },
  msteams: {
    defaultCredential: "msteamsWebhookUrl",
    credential: { holds: "url" },
    upstreamSendResolved: true,
    fields: {},
  },
} as const satisfies Record<string, IntegrationRow>;

export type IntegrationKind = keyof typeof INTEGRATIONS;
export const INTEGRATION_KINDS = Object.keys(INTEGRATIONS) as IntegrationKind[];

function integrationSchema<S extends z.ZodRawShape>(fields: S, defaultCredential: string) {
  return obj({ ...fields, credential: credentialKey().default(defaultCredential), sendResolved: bool().default(true) });
}

type IntegrationSchemas = {
  [K in IntegrationKind]: z.ZodOptional<ReturnType<typeof integrationSchema<(typeof INTEGRATIONS)[K]["fields"]>>>;
};

/** One optional key per kind, for the receiver schema. */
export const integrationSchemas = Object.fromEntries(
  INTEGRATION_KINDS.map((kind) => [kind, integrationSchema(INTEGRATIONS[kind].fields, INTEGRATIONS[kind].defaultCredential).optional()]),
) as IntegrationSchemas;

/** What a receiver's integration of one kind looks like once parsed: its own fields and the shared two. */
export type IntegrationConfig<K extends IntegrationKind> = z.output<ReturnType<typeof integrationSchema<(typeof INTEGRATIONS)[K]["fields"]>>> & {
  credential: string;
  sendResolved: boolean;
};
