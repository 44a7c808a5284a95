/**
 * The checks that span keys, run after the schema: references between receivers, routes and time
 * intervals, route timings, resources against their limits, and credentials. Each returns every
 * problem it finds. Pure.
 */
import { Resources, WEB_CREDENTIAL_KEYS } from "./defaults";
import type { ConfigIssue } from "./errors";
import { INTEGRATION_KINDS } from "./integrations";
import { parseCpu, parseDurationMs, parseMemory } from "./quantities";
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

/** Indexes of names seen earlier in the list; unnamed entries never clash. */
function duplicates(names: (string | undefined)[]): number[] {
  return names.flatMap((n, i) => (n !== undefined && names.indexOf(n) !== i ? [i] : []));
}

export function checkReferences(config: AlertingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const receiverNames = config.receivers.map((r) => r.name);
  const intervalNames = config.timeIntervals.map((t) => t.name);
  for (const i of duplicates(receiverNames)) {
    issues.push({ path: ["receivers", i, "name"], value: receiverNames[i], message: "is defined twice; receiver names must be unique" });
  }
  for (const i of duplicates(intervalNames)) {
    issues.push({ path: ["timeIntervals", i, "name"], value: intervalNames[i], message: "is defined twice; time interval names must be unique" });
  }
  const routeNames = config.routes.map((r) => r.name);
  for (const i of duplicates(routeNames)) {
    issues.push({ path: ["routes", i, "name"], value: routeNames[i], message: "is defined twice; route names must be unique" });
  }
  const receiverRef = (path: PropertyKey[], value: string) => {
    if (!receiverNames.includes(value)) {
      issues.push({ path, value, message: `is not a defined receiver; use one of ${receiverNames.join(", ")}` });
    }
  };
  receiverRef(["route", "receiver"], config.route.receiver);
  config.routes.forEach((route, i) => {
    receiverRef(["routes", i, "receiver"], route.receiver);
    for (const field of ["muteTimeIntervals", "activeTimeIntervals"] as const) {
      route[field].forEach((name, j) => {
        if (!intervalNames.includes(name)) {
          issues.push({
            path: ["routes", i, field, j],
            value: name,
            message: `is not a defined time interval; use one of ${intervalNames.join(", ") || "(none: define alerting:timeIntervals)"}`,
          });
        }
      });
    }
  });
  const kindOfKey = new Map<string, string>();
  config.receivers.forEach((r, i) => {
    for (const kind of INTEGRATION_KINDS) {
      const key = r[kind]?.credential;
      if (key === undefined) continue;
      const other = kindOfKey.get(key) ?? kind;
      kindOfKey.set(key, other);
      if (other !== kind) {
        issues.push({
          path: ["receivers", i, kind, "credential"],
          value: key,
          message: `is already used by a ${other} integration; give each kind of integration its own credential key`,
        });
      }
    }
    if (r.email && !config.smtp) {
      issues.push({ path: ["receivers", i, "email"], message: "needs alerting:smtp (smarthost, from) to be set" });
    }
  });
  return issues;
}

function checkGroupBy(path: PropertyKey[], groupBy: string[] | undefined): ConfigIssue[] {
  if (!groupBy || !groupBy.includes("...") || groupBy.length === 1) {
    // Stryker disable next-line ArrayDeclaration: with no groupBy any one-element list has no duplicates either
    return duplicates(groupBy ?? []).map((i) => ({ path: [...path, i], value: groupBy![i], message: "is listed twice" }));
  }
  return [{ path, value: groupBy, message: 'mixes "..." with label names; use ["..."] alone (group by all labels) or label names only' }];
}

function checkTimings(path: PropertyKey[], t: { groupInterval?: string; repeatInterval?: string }): ConfigIssue[] {
  return (["groupInterval", "repeatInterval"] as const).flatMap((field) =>
    // Stryker disable next-line ConditionalExpression: parseDurationMs(undefined) is undefined, never 0
    t[field] !== undefined && parseDurationMs(t[field]!) === 0
      ? [{ path: [...path, field], value: t[field], message: "is zero; Alertmanager needs a positive duration, e.g. 5m" }]
      : [],
  );
}

export function checkRoutes(config: AlertingConfig): ConfigIssue[] {
  return [
    ...checkGroupBy(["route", "groupBy"], config.route.groupBy),
    ...checkTimings(["route"], config.route),
    ...config.routes.flatMap((route, i) => [...checkGroupBy(["routes", i, "groupBy"], route.groupBy), ...checkTimings(["routes", i], route)]),
    ...config.timeIntervals.flatMap((ti, i) =>
      ti.intervals.flatMap((interval, j) =>
        // Stryker disable next-line ArrayDeclaration: a non-range entry compares undefined >= undefined, which is false
        (interval.times ?? []).flatMap((t, k) =>
          t.start >= t.end
            ? [{ path: ["timeIntervals", i, "intervals", j, "times", k], value: t, message: "ends before it starts; use start < end, e.g. 09:00 to 17:00" }]
            : [],
        ),
      ),
    ),
  ];
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
        message: `is not a known key; accepted keys: ${[...CONFIG_KEYS, ...WEB_CREDENTIAL_KEYS, ...known].join(", ")} (credential keys are the ones receivers and scrape jobs name)`,
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
