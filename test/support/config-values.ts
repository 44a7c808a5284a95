/** Building configurations for the config check tests, and the issues buildSpec reports for them. */
import { ConfigError, ConfigIssue } from "../../config/errors";
import { buildSpec } from "../../config/spec";

export type Values = Record<string, unknown>;

/** The issues buildSpec reports, or [] when the configuration is valid. */
export function issues(values: Values, secretKeys: string[] = []): ConfigIssue[] {
  try {
    buildSpec({ values, secretKeys: new Set(secretKeys) });
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues;
  }
}

/** The warnings of a valid configuration. */
export const warnings = (values: Values): string[] => buildSpec({ values, secretKeys: new Set() }).warnings;

export const local = (extra: Values = {}): Values => ({ target: "local", ...extra });
export const receivers = (...names: string[]) => names.map((name) => ({ name }));
export const minimal = (extra: Values = {}): Values =>
  local({ receivers: receivers("a", "b"), route: { receiver: "a" }, routes: [], inhibitRules: [], timeIntervals: [], ...extra });
export const route = (extra: Values = {}) => ({ matchers: ['x="y"'], receiver: "a", ...extra });
export const interval = (name: string) => ({ name, intervals: [{ weekdays: ["monday"] }] });
export const ACCEPTED_KEYS =
  "target, images, alertmanager, prometheus, kubernetes, local, smtp, web, cluster, central, satellites, global, resolveTimeout, severityWords, unknownSeverityReceiver, route, receivers, routes, inhibitRules, timeIntervals, audit, heartbeat, teams, silences, silenceMaxDuration, templates, rules";
