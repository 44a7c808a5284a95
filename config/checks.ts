/**
 * The checks that span keys, run after the schema: references between receivers, routes and time
 * intervals, route timings, resources against their limits, and credentials. Each returns every
 * problem it finds. Pure.
 */
import { Resources, WEB_CREDENTIAL_KEYS } from "./defaults";
import type { ConfigIssue } from "./errors";
import { credentialSlots, INTEGRATION_KINDS, integrationCredentials, INTEGRATIONS } from "./integrations";
import { parseCpu, parseMemory } from "./quantities";
import { checkRouting } from "./routing-checks";
import { AlertingConfig, CONFIG_KEYS, ResourcesOverride, Target } from "./schema";
import type { ConfigSource, CredentialSpec } from "./spec";

export const webAuth = (config: AlertingConfig): boolean => config.web.auth ?? config.target === "kubernetes";

export function checkWebCredentials(config: AlertingConfig, source: ConfigSource): ConfigIssue[] {
  const set = WEB_CREDENTIAL_KEYS.filter((k) => k in source.values);
  const issues: ConfigIssue[] = set
    .filter((k) => !source.secretKeys.has(k))
    .map((k) => ({ path: [k], message: `is a credential set in plain text; remove it and set it with: pulumi config set --secret ${k} <value>` }));
  if (!webAuth(config) && set.length > 0) {
    issues.push({
      path: ["web", "auth"],
      value: false,
      message: `is off while ${set.join(", ")} ${set.length > 1 ? "are" : "is"} set; set alerting:web.auth to true or remove them`,
    });
  }
  if ("webTlsCert" in source.values !== "webTlsKey" in source.values) {
    const missing = "webTlsCert" in source.values ? "webTlsKey" : "webTlsCert";
    issues.push({
      path: [missing],
      message: `is required with ${missing === "webTlsKey" ? "webTlsCert" : "webTlsKey"}; TLS needs both (pulumi config set --secret ${missing} "$(cat FILE)")`,
    });
  }
  if ("webTlsCa" in source.values && !("webTlsCert" in source.values)) {
    issues.push({ path: ["webTlsCa"], message: "is set without webTlsCert and webTlsKey; TLS needs the server certificate and key" });
  }
  return issues;
}

export function checkReferences(config: AlertingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = checkRouting(config);
  // One kind and slot per key: what the key's file holds (a URL, a key, AWS keys) must not depend on who reads it.
  const useOfKey = new Map<string, { kind: string; field: string }>();
  config.receivers.forEach((r, i) => {
    for (const kind of INTEGRATION_KINDS) {
      const integration = r[kind];
      for (const { slot, key } of integration ? integrationCredentials(kind, integration) : []) {
        const other = useOfKey.get(key) ?? { kind, field: slot.field };
        useOfKey.set(key, other);
        if (other.kind !== kind) {
          issues.push({
            path: ["receivers", i, kind, slot.field],
            value: key,
            message: `is already used by a ${other.kind} integration; give each kind of integration its own credential key`,
          });
        } else if (other.field !== slot.field) {
          issues.push({
            path: ["receivers", i, kind, slot.field],
            value: key,
            message: `is already this kind's ${other.field}; give each credential of an integration its own key`,
          });
        }
      }
    }
    if (r.email && !config.smtp) {
      issues.push({ path: ["receivers", i, "email"], message: "needs alerting:smtp (smarthost, from) to be set" });
    }
  });
  return issues;
}

const RESOURCE_KINDS = { cpu: parseCpu, memory: parseMemory } as const;

/**
 * The override merged over the target's defaults, field by field. A request the user set above its
 * limit is an error; a default request above a limit the user lowered is lowered to that limit (as
 * Kubernetes does for a request that is not set), so `limits: {memory: 100Mi}` alone just works.
 */
export function resolveResources(
  path: PropertyKey[],
  given: ResourcesOverride | undefined,
  defaults: Resources,
): { resources: Resources; issues: ConfigIssue[] } {
  const resources: Resources = { requests: { ...defaults.requests, ...given?.requests }, limits: { ...defaults.limits, ...given?.limits } };
  const issues: ConfigIssue[] = [];
  for (const [kind, parse] of Object.entries(RESOURCE_KINDS) as [keyof typeof RESOURCE_KINDS, (v: string) => number | undefined][]) {
    const request = resources.requests[kind];
    const limit = resources.limits[kind];
    if (parse(request)! <= parse(limit)!) continue;
    if (given?.requests?.[kind] === undefined) {
      resources.requests[kind] = limit;
    } else {
      const whose = given?.limits?.[kind] === undefined ? " (the default)" : "";
      issues.push({ path: [...path, "requests", kind], value: request, message: `exceeds the limit ${limit}${whose}; a request must not be above its limit` });
    }
  }
  return { resources, issues };
}

export function checkCredentials(
  target: Target,
  credentials: Omit<CredentialSpec, "source">[],
  source: ConfigSource,
  credentialKeysSet: string[],
  scrapeKeys: string[] = [],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const known = [...new Set([...credentials.map((c) => c.key), ...scrapeKeys])];
  for (const key of credentialKeysSet) {
    if (!known.includes(key)) {
      issues.push({
        path: [key],
        message: `is not a known key; accepted keys: ${[...CONFIG_KEYS, ...WEB_CREDENTIAL_KEYS, ...known].join(", ")} (credential keys are the ones receivers, scrape jobs and remote write endpoints name)`,
      });
    } else if (!source.secretKeys.has(key)) {
      issues.push({
        path: [key],
        message: `is a credential set in plain text; remove it and set it with: pulumi config set --secret ${key} <value>`,
      });
    }
  }
  for (const c of credentials) {
    if (!(c.key in source.values) && target === "kubernetes") {
      issues.push({
        path: [c.key],
        message: `is required by ${c.usedBy.join(", ")} (${c.kinds.join(", ")}); set it with: pulumi config set --secret ${c.key} <value>`,
      });
    }
  }
  return issues;
}

/**
 * Credential problems only a whole integration shows: AWS credentials for SNS on Kubernetes, the one
 * AWS shared-credentials file Alertmanager's process can read, and on the local stack an integration
 * whose credentials are neither all set nor all left to the capture stand-in, or one the stand-in
 * cannot replace there (a proxied kind: Alertmanager would have to trust the stand-in's certificate).
 */
export function checkIntegrationCredentials(config: AlertingConfig, source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const annotations = Object.keys(config.alertmanager.serviceAccountAnnotations).length > 0;
  if (annotations && config.target !== "kubernetes") {
    issues.push({
      path: ["alertmanager", "serviceAccountAnnotations"],
      value: config.alertmanager.serviceAccountAnnotations,
      message: `is set while alerting:target is ${config.target}; service account annotations apply on kubernetes only`,
    });
  }
  const fileOfEnv = new Map<string, { key: string; at: string }>();
  config.receivers.forEach((r, i) => {
    for (const kind of INTEGRATION_KINDS) {
      const integration = r[kind] as Record<string, unknown> | undefined;
      if (!integration) continue;
      const path = (field: string) => ["receivers", i, kind, field];
      for (const slot of credentialSlots(kind)) {
        const key = integration[slot.field] as string | undefined;
        if (key === undefined && slot.holds === "awsSharedCredentials" && config.target === "kubernetes" && !annotations) {
          issues.push({
            path: path(slot.field),
            message:
              "is not set and alerting:alertmanager.serviceAccountAnnotations is empty, so Alertmanager has no AWS credentials; name a secret key holding an AWS shared-credentials file, or give its ServiceAccount a workload role (e.g. eks.amazonaws.com/role-arn)",
          });
        }
        if (key === undefined || !("env" in slot.file)) continue;
        const first = fileOfEnv.get(slot.file.env) ?? { key, at: `receivers[${i}].${kind}.${slot.field}` };
        fileOfEnv.set(slot.file.env, first);
        if (first.key !== key) {
          issues.push({
            path: path(slot.field),
            value: key,
            message: `differs from ${first.key} (${first.at}): Alertmanager reads one file from ${slot.file.env}; name the same key and pick a section with profile`,
          });
        }
      }
      if (config.target !== "local") continue;
      const keys = integrationCredentials(kind, integration);
      const set = keys.filter(({ key }) => key in source.values);
      const row = INTEGRATIONS[kind];
      for (const { slot, key } of keys.filter(({ key }) => !(key in source.values))) {
        if ("endpoint" in row && "proxy" in row.endpoint) {
          issues.push({
            path: path(slot.field),
            value: key,
            message: `names a credential that is not set, and the capture stand-in cannot take ${kind}'s place on the local stack (its URL is fixed in Alertmanager); set it with: pulumi config set --secret ${key} <value>`,
          });
        } else if (set.length > 0) {
          issues.push({
            path: path(slot.field),
            value: key,
            message: `names a credential that is not set while ${set.map((s) => s.key).join(", ")} is; set it with: pulumi config set --secret ${key} <value>, or unset them all to use the capture stand-in`,
          });
        }
      }
    }
  });
  return issues;
}
