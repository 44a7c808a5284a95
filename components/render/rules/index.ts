/** The rule files Prometheus loads: one per preset (`<preset>.yml`), then the user's, each under its deployed name. */
import type { RulePreset } from "../../../config/presets";
import { ruleFileName } from "../../../config/rule-folders";
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

/**
 * The presets (every rule carries severity, summary, description and its runbook link), then each
 * user rule file as it is (a manifest's or the stack's groups as the file config/rule-folders.ts made).
 */
export function renderRuleFiles(spec: AlertingSpec): Record<string, string> {
  const base = spec.rules.runbookBaseUrl.replace(/\/$/, "");
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
  return { ...presets, ...Object.fromEntries(spec.userRules.map((source) => [source.deployedName, source.text])) };
}
