/**
 * Checks across the user's rule files, after the schema. Two kinds: what Prometheus itself refuses
 * or what would break a promise of the stack (errors), and what the program only prefers
 * (advisories: warnings, errors under alerting:rules.strict). Pure.
 */
import type { ConfigIssue } from "./errors";
import { SEVERITIES } from "./fields";
import { LABEL_NAME_PATTERN } from "./matchers";
import type { UserRuleSource } from "./rule-folders";
import { knownSeverities, SEVERITY_LABEL, SeverityWords } from "./severity-words";

/** Classic metric names: what Prometheus 2, amtool's unquoted matchers and most dashboards expect. */
const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A URL carrying a password (`user:password@`): in a label or annotation it would be in every notification and in the rules ConfigMap. */
const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@"'{}:]*:[^\s/@"'{}]+@/i;

export interface RuleCheckSettings {
  /** Preset names: each is deployed as a group of that name. */
  presets: readonly string[];
  requiredLabels: string[];
  /** Every word any mapping knows (the stack's and the teams'). */
  words: SeverityWords;
  /** Where an alert of unknown severity ends when no other route takes it, as the message says it. */
  unknownSeverityGoesTo: string;
}

export interface RuleCheckResult {
  errors: ConfigIssue[];
  advisories: ConfigIssue[];
}

/** Where a group sits: in a file, or in `alerting:rules.groups`. */
function at(source: UserRuleSource, group: number, ...rest: PropertyKey[]): Pick<ConfigIssue, "path" | "file" | "line"> {
  if (source.file === undefined) return { path: ["rules", "groups", group, ...rest] };
  const path = [...source.groupPath[group], ...rest];
  return { file: source.file, line: source.lineOf?.(path), path };
}

const describeSource = (source: UserRuleSource) => source.file ?? "alerting:rules.groups";

export function checkRuleGroups(sources: UserRuleSource[], settings: RuleCheckSettings): RuleCheckResult {
  const errors: ConfigIssue[] = [];
  const advisories: ConfigIssue[] = [];
  const seen = new Map<string, string>(settings.presets.map((p) => [p, "a rule preset"]));
  const known = knownSeverities(settings.words);
  for (const source of sources) {
    const inThisFile = new Set<string>();
    source.groups.forEach((group, g) => {
      if (inThisFile.has(group.name)) {
        errors.push({
          ...at(source, g, "name"),
          value: group.name,
          message: "is repeated in the same file; Prometheus needs group names unique within a file",
        });
      } else if (seen.has(group.name)) {
        advisories.push({
          ...at(source, g, "name"),
          value: group.name,
          message: `is also the name of ${seen.get(group.name)}; Prometheus keeps the two apart by file, but their rule_group labels and dashboards do not`,
        });
      }
      inThisFile.add(group.name);
      if (!seen.has(group.name)) seen.set(group.name, `a group in ${describeSource(source)}`);
      (group.rules ?? []).forEach((rule, r) => {
        const where = (...rest: PropertyKey[]) => at(source, g, "rules", r, ...rest);
        const name = rule.alert ?? rule.record!;
        for (const [field, values] of [
          ["labels", rule.labels],
          ["annotations", rule.annotations],
        ] as const) {
          for (const [key, value] of Object.entries(values ?? {})) {
            if (URL_WITH_PASSWORD.test(value)) {
              errors.push({
                ...where(field, key),
                message: "holds a URL with a password; it would be in every notification and in the rules ConfigMap. Remove the password from the URL",
              });
            }
            if (field === "labels" && !LABEL_NAME_PATTERN.test(key)) {
              advisories.push({
                ...where(field, key),
                message: `(${rule.alert ? "alert" : "rule"} ${name}) is not a classic label name; Prometheus 3 accepts it, tools that expect letters, digits and _ may not`,
              });
            }
          }
        }
        if (!METRIC_NAME_PATTERN.test(name)) {
          advisories.push({
            ...where(rule.alert ? "alert" : "record"),
            value: name,
            message: "is not a classic metric name (letters, digits, _ and :); Prometheus 3 accepts it, amtool and older tools need it quoted",
          });
        }
        if (rule.alert === undefined) return;
        const labels = { ...group.labels, ...rule.labels };
        const severity = labels[SEVERITY_LABEL];
        const goes = `no severity route matches it, so unless another route takes it, it goes to ${settings.unknownSeverityGoesTo}`;
        if (severity === undefined) {
          advisories.push({ ...where("labels"), message: `(alert ${rule.alert}) has no severity; ${goes}` });
        } else if (!known.includes(severity)) {
          advisories.push({
            ...where("labels", SEVERITY_LABEL),
            value: severity,
            message: `(alert ${rule.alert}) is neither a routing severity (${SEVERITIES.join(", ")}) nor a word alerting:severityWords maps; ${goes}`,
          });
        }
        const missing = settings.requiredLabels.filter((l) => labels[l] === undefined);
        if (missing.length > 0) {
          advisories.push({
            ...where("labels"),
            message: `(alert ${rule.alert}) lacks ${missing.join(", ")}; alerting:rules.requiredLabels asks every alert for ${settings.requiredLabels.join(", ")}`,
          });
        }
      });
    });
  }
  return { errors, advisories };
}
