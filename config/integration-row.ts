/**
 * What a registry row (config/integrations.ts) is made of: credential slots, the endpoint, the
 * kind's fields and text fields, and the field builders the rows share.
 */
import { z } from "zod";
import { httpUrl, text } from "./fields";
import { templateProblem } from "./rule-syntax";

/**
 * What a credential holds: the whole endpoint URL (`url`), a key sent to the endpoint (`key`), or an
 * AWS shared-credentials file (`awsSharedCredentials`: `[profile]` sections with aws_access_key_id and
 * aws_secret_access_key), which Alertmanager's AWS SDK reads from AWS_SHARED_CREDENTIALS_FILE.
 */
export type CredentialHolds = "url" | "key" | "awsSharedCredentials";

export interface CredentialSlot {
  /** The integration field that names the secret config key; the first slot's is `credential`. */
  field: string;
  /** The secret key used when the integration names none; a slot without one is optional. */
  defaultKey?: string;
  /** Where Alertmanager finds the file's path: a dotted field of the `<kind>_configs` entry, or an environment variable. */
  file: { field: string } | { env: string };
  holds: CredentialHolds;
  /** Alertmanager reads this file when it loads its configuration, not at each send: a rotated value waits for a reload. */
  readAtLoad?: true;
}

export interface IntegrationRow {
  /** The credentials, the primary one (field `credential`) first. */
  credentials: readonly [CredentialSlot & { field: "credential" }, ...CredentialSlot[]];
  /**
   * The kind's endpoint when its credential is not the URL: the config field (one of `fields`) and
   * the Alertmanager field it is rendered to. The local stack and the tests point it at the capture
   * stand-in. `proxy`: the service URL is fixed in Alertmanager (Pushover), so the stand-in is
   * reached as an HTTPS proxy whose certificate Alertmanager must trust.
   */
  endpoint?: { field: string; path: string; proxy?: true };
  /** Alertmanager's own send_resolved default; the program sends resolved notifications everywhere unless told not to. */
  upstreamSendResolved: boolean;
  /** The kind's own fields, besides the credential fields, the template fields and `sendResolved`. */
  fields: z.ZodRawShape;
  /**
   * The kind's text fields (camelCase; Alertmanager's name is the snake_case one). Each defaults to
   * our template `<kind>.alerting.<snake_case field>` (components/render/templates.ts) and takes a
   * Go template of the user's instead.
   */
  templates: readonly string[];
  /** Fields the stand-in leaves out because they reach a service other than the endpoint (SNS: STS for the role). */
  standInDrops?: readonly string[];
  /** Problems across the kind's fields, each with the field it names. */
  check?: (config: Record<string, unknown>) => { field: string; message: string }[];
}

export const slot = (field: string, defaultKey: string | undefined, file: string, holds: CredentialHolds) =>
  ({ field, ...(defaultKey && { defaultKey }), file: { field: file }, holds }) as const;
export const primary = (defaultKey: string, file: string, holds: CredentialHolds) =>
  slot("credential", defaultKey, file, holds) as CredentialSlot & { field: "credential" };

/** A user's Go template for a text field, checked for well-formed actions. */
export const notificationTemplate = () =>
  text("a string (a Go template, e.g. {{ .CommonLabels.alertname }})").superRefine((value, ctx) => {
    const problem = templateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `is not a valid template: it ${problem}` });
  });

/** A key Alertmanager would hold in plain text in alertmanager.yml: refused, with what to do instead. */
export const refused = (instead: string) =>
  z
    .never({ error: `is refused: Alertmanager would keep it in plain text in alertmanager.yml; use ${instead}` })
    .optional()
    .describe("Refused, with what to use instead: an inline key would sit in plain text in alertmanager.yml.");

/** An endpoint field Alertmanager has a default for; the local stack and the tests point it at the capture stand-in. */
export const apiUrl = (upstream: string) => httpUrl().optional().describe(`The API URL; unset: Alertmanager's default, ${upstream}.`);
