/**
 * Checks across user rule groups, after the schema: group names unique among all rule files (the
 * presets included, each group is deployed as `<name>.yml`), and every alerting rule carrying a
 * severity the routing knows and the labels the stack requires. Pure.
 */
import type { ConfigIssue } from "./errors";
import { SEVERITIES } from "./fields";
import type { UserRuleSource } from "./rule-folders";

/** Where a group sits: in a file, or in `alerting:rules.groups`. */
function at(source: UserRuleSource, group: number, ...rest: PropertyKey[]): Pick<ConfigIssue, "path" | "file"> {
  return source.file === undefined ? { path: ["rules", "groups", group, ...rest] } : { file: source.file, path: ["groups", group, ...rest] };
}

export function checkRuleGroups(sources: UserRuleSource[], presets: readonly string[], requiredLabels: string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>(presets.map((p) => [p, "a rule preset"]));
  for (const source of sources) {
    source.groups.forEach((group, g) => {
      const first = seen.get(group.name);
      if (first !== undefined) {
        issues.push({ ...at(source, g, "name"), value: group.name, message: `is already the name of ${first}; rule group names must be unique` });
      }
      seen.set(group.name, source.file ?? "a group in alerting:rules.groups");
      group.rules.forEach((rule, r) => {
        if (rule.alert === undefined) return;
        const labels = { ...group.labels, ...rule.labels };
        const severity = labels.severity;
        if (severity === undefined) {
          issues.push({ ...at(source, g, "rules", r, "labels"), message: `has no severity; alert ${rule.alert} needs one of ${SEVERITIES.join(", ")}` });
        } else if (!(SEVERITIES as readonly string[]).includes(severity)) {
          issues.push({
            ...at(source, g, "rules", r, "labels", "severity"),
            value: severity,
            message: `is not a severity the routing knows; use one of ${SEVERITIES.join(", ")}`,
          });
        }
        const missing = requiredLabels.filter((l) => labels[l] === undefined);
        if (missing.length > 0) {
          issues.push({
            ...at(source, g, "rules", r, "labels"),
            message: `lacks ${missing.join(", ")}; alerting:rules.requiredLabels asks every alert for ${requiredLabels.join(", ")}`,
          });
        }
      });
    });
  }
  return issues;
}
