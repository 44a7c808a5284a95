/**
 * SNS entries whose `sigv4` holds the keys inline. Alertmanager 0.33 has no file form for
 * `secret_key`, so the program never writes it into alertmanager.yml; but Alertmanager's AWS SDK
 * falls back to the shared-credentials file that AWS_SHARED_CREDENTIALS_FILE names, and the
 * program's own `sns` form sets that variable from a secret config key (config/integrations.ts,
 * docs/receivers.md#sns-how-alertmanager-gets-aws-credentials). Such an entry is imported in that
 * form, its keys lifted into one shared-credentials file, a section per sigv4 `profile`. Pure.
 */

/** The section the AWS SDK reads when sigv4 names no profile. */
export const AWS_DEFAULT_PROFILE = "default";
/** Name parts of the secret config key holding the lifted file: `snsAwsCredentials`, as docs/receivers.md names it. */
export const AWS_CREDENTIALS_KEY_PARTS = ["sns", "aws", "credentials"];
/**
 * Alertmanager's own SNS subject and message (its default.tmpl's `sns.default.*`, DefaultSNSConfig
 * in config/notifiers.go), kept for an entry that left them unset: the program's sns form would
 * send ours instead. The program checks that every template its sns form calls is defined in a
 * file of the stack, and Alertmanager's built-in templates are in none, so the import writes a
 * template file naming them, and the entry calls those names.
 */
export const ALERTMANAGER_SNS_TEMPLATES = {
  file: "imported-sns-defaults.tmpl",
  subject: { name: "imported.sns.default.subject", calls: "sns.default.subject" },
  message: { name: "imported.sns.default.message", calls: "sns.default.message" },
};
const call = (name: string) => `{{ template "${name}" . }}`;
/** The template file's text: each name's body is exactly the call of Alertmanager's own, so the text sent is the same. */
export const ALERTMANAGER_SNS_TEMPLATE_TEXT = [
  "{{/* Alertmanager's own SNS subject and message, for the SNS entries npm run import moved to the program's sns form (docs/migrating.md). */}}",
  ...[ALERTMANAGER_SNS_TEMPLATES.subject, ALERTMANAGER_SNS_TEMPLATES.message].map((t) => `{{ define "${t.name}" }}${call(t.calls)}{{ end }}`),
  "",
].join("\n");
/** The sns_configs fields the program's sns form holds, by its own names. */
const SNS_FORM: Record<string, string> = {
  send_resolved: "sendResolved",
  api_url: "apiUrl",
  topic_arn: "topicArn",
  target_arn: "targetArn",
  phone_number: "phoneNumber",
  subject: "subject",
  message: "message",
  attributes: "attributes",
};
/** The sigv4 fields it holds; the keys themselves go to the shared-credentials file. */
const SIGV4_FORM: Record<string, string> = { region: "region", profile: "profile", role_arn: "roleArn" };
const LIFTED_KEYS = ["access_key", "secret_key"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const given = (v: unknown): v is string => typeof v === "string" && v !== "";

export interface KeyedSnsEntry {
  receiver: number;
  entry: number;
  /** `receivers[i].sns_configs[j]`. */
  at: string;
  profile: string;
  accessKey: string;
  secretKey: string;
}

/** Every sns_configs entry whose sigv4 holds both keys inline (with one of them only, the SDK uses neither). */
export function keyedSnsEntries(receivers: Record<string, unknown>[]): KeyedSnsEntry[] {
  return receivers.flatMap((r, i) =>
    (Array.isArray(r.sns_configs) ? r.sns_configs : []).flatMap((entry: unknown, j) => {
      const sigv4 = isObject(entry) && isObject(entry.sigv4) ? entry.sigv4 : undefined;
      if (!sigv4 || !given(sigv4.access_key) || !given(sigv4.secret_key)) return [];
      const profile = given(sigv4.profile) ? sigv4.profile : AWS_DEFAULT_PROFILE;
      return [{ receiver: i, entry: j, at: `receivers[${i}].sns_configs[${j}]`, profile, accessKey: sigv4.access_key, secretKey: sigv4.secret_key }];
    }),
  );
}

/**
 * The one shared-credentials file of every keyed entry, a section per profile. Alertmanager's
 * process reads one file, so two entries giving one profile different keys cannot both hold.
 */
export function sharedCredentialsFile(entries: KeyedSnsEntry[]): { text: string; errors: string[] } {
  const byProfile = new Map<string, KeyedSnsEntry>();
  const errors: string[] = [];
  for (const e of entries) {
    const first = byProfile.get(e.profile);
    if (!first) byProfile.set(e.profile, e);
    else if (first.accessKey !== e.accessKey || first.secretKey !== e.secretKey) {
      errors.push(
        `${e.at}.sigv4: holds other inline keys than ${first.at}.sigv4 for the same AWS profile "${e.profile}"; Alertmanager reads one AWS shared-credentials file per process (AWS_SHARED_CREDENTIALS_FILE), with one pair of keys per profile: give one of them its own sigv4.profile and import again`,
      );
    }
  }
  const text = [...byProfile.values()].map((e) => `[${e.profile}]\naws_access_key_id=${e.accessKey}\naws_secret_access_key=${e.secretKey}\n`).join("\n");
  return { text, errors };
}

/** A keyed entry in the program's sns form, naming `credential`; a field that form has no place for is an error naming it. */
export function programSns(
  entry: Record<string, unknown>,
  at: string,
  credential: string,
): {
  sns: Record<string, unknown>;
  errors: string[];
  /** It calls the names of ALERTMANAGER_SNS_TEMPLATES: the import writes that file. */ usesDefaults: boolean;
} {
  const errors: string[] = [];
  const refuse = (field: string) =>
    errors.push(
      `${at}.${field}: the inline sigv4 keys of this entry go to an AWS shared-credentials file, which only the program's sns form carries to Alertmanager, and that form has no ${field}; remove it, or remove the keys (a workload role instead), and import again`,
    );
  const sns: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value === null) continue;
    if (key === "sigv4") continue;
    if (key in SNS_FORM) sns[SNS_FORM[key]] = value;
    else refuse(key);
  }
  for (const [key, value] of Object.entries(entry.sigv4 as Record<string, unknown>)) {
    if (value === null || LIFTED_KEYS.includes(key)) continue;
    if (key in SIGV4_FORM) sns[SIGV4_FORM[key]] = value;
    else refuse(`sigv4.${key}`);
  }
  const defaults = {
    subject: sns.subject ?? call(ALERTMANAGER_SNS_TEMPLATES.subject.name),
    message: sns.message ?? call(ALERTMANAGER_SNS_TEMPLATES.message.name),
  };
  return { sns: { ...sns, ...defaults, credential }, errors, usesDefaults: sns.subject === undefined || sns.message === undefined };
}
