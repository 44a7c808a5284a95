/** What a preset rule says; the renderer adds the runbook link and the stack's `rules.for` overrides. */
import type { Severity } from "../../../config/fields";
import type { PresetAlertName, RulePreset } from "../../../config/presets";

export interface AlertRule<P extends RulePreset> {
  /** Declared in config/presets.ts, so config (`rules.for`) and rules cannot drift apart. */
  alert: PresetAlertName<P>;
  expr: string;
  for: string;
  severity: Severity;
  summary: string;
  description: string;
}

export interface RuleGroup<P extends RulePreset = RulePreset> {
  name: P;
  rules: AlertRule<P>[];
}
