/** The rule presets as Prometheus rule files, one file per preset: `<preset>.yml`. */
import type { RulePreset } from "../../../config/presets";
import type { AlertingSpec } from "../../../config/spec";
import { toYaml } from "../yaml";
import { applicationRules } from "./application";
import { connectorRules } from "./connector";
import { metaRules } from "./meta";
import type { RuleGroup } from "./rule";

const BUILDERS: { [P in RulePreset]: (spec: AlertingSpec) => RuleGroup<P> } = {
  application: applicationRules,
  connector: connectorRules,
  meta: metaRules,
};

export function ruleGroups(spec: AlertingSpec): RuleGroup[] {
  return [...new Set(spec.rules.presets)].map((preset) => BUILDERS[preset](spec));
}

/** The deployed file of a rule group, preset or user group alike; group names are unique across both (config/rule-checks.ts). */
export const ruleFileName = (group: string): string => `${group}.yml`;

/**
 * One file per group: the presets (every rule carries severity, summary, description and its runbook
 * link), then the user's groups exactly as the schema read them.
 */
export function renderRuleFiles(spec: AlertingSpec): Record<string, string> {
  const base = spec.rules.runbookBaseUrl.replace(/\/$/, "");
  const userGroups = spec.userRules.flatMap((source) => source.groups);
  const presets = Object.fromEntries(
    ruleGroups(spec).map((group) => [
      ruleFileName(group.name),
      toYaml({
        groups: [
          {
            name: group.name,
            rules: group.rules.map((r) => ({
              alert: r.alert,
              expr: r.expr,
              for: spec.rules.for[r.alert] ?? r.for,
              labels: { severity: r.severity },
              annotations: { summary: r.summary, description: r.description, runbook_url: `${base}/${r.alert}` },
            })),
          },
        ],
      }),
    ]),
  );
  return { ...presets, ...Object.fromEntries(userGroups.map((group) => [ruleFileName(group.name), toYaml({ groups: [group] })])) };
}
