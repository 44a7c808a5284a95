/** The one place that reads Pulumi config: raw `alerting:*` values in, AlertingSpec and secret Outputs out. */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "./errors";
import { WEB_CREDENTIAL_KEYS, WebCredentialKey } from "./defaults";
import { AlertingSpec, buildSpec } from "./spec";
import { satellitesCredentialKeys } from "./satellites";

/** The SDK marks isConfigSecret internal, but it is how the CLI tells which keys were set with --secret. */
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

export interface AlertingConfiguration {
  spec: AlertingSpec;
  /** Credential values by config key: Alertmanager's whose source is `secret`, and every scrape credential. */
  secrets: Record<string, pulumi.Output<string>>;
  /** Web access credentials that are set (webPassword, webTlsCert, webTlsKey, webTlsCa). */
  webSecrets: Partial<Record<WebCredentialKey, pulumi.Output<string>>>;
}

function parseValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function readAlertingConfig(): AlertingConfiguration {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    values[key] = parseValue(value);
    if (isConfigSecret(fullKey)) secretKeys.add(key);
  }
  const spec = buildSpec({ values, secretKeys, stack: pulumi.getStack() });
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const secretKeysUsed = [
    ...[...spec.credentials.filter((c) => c.source === "secret"), ...spec.scrapeCredentials].map((c) => c.key),
    ...satellitesCredentialKeys(spec),
  ];
  const secrets = Object.fromEntries(secretKeysUsed.map((key) => [key, config.requireSecret(key)]));
  const webSecrets = Object.fromEntries(WEB_CREDENTIAL_KEYS.filter((k) => k in values).map((k) => [k, config.requireSecret(k)]));
  return { spec, secrets, webSecrets };
}
