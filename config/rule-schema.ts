/**
 * User rule groups in Prometheus' own rule-file format (snake_case keys, as `promtool check rules`
 * reads them), so a team pastes what it already has: inline in `alerting:rules.groups`, or as
 * files in the folders `alerting:rules.folders` names.
 */
import { z } from "zod";
import { duration, int, labelName, list, name, obj, text } from "./fields";
import { promqlErrorAt, templateProblem } from "./rule-syntax";

/** Classic metric names: recording rules name a series, and alert names follow the same convention. */
const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const metricName = (what: string) =>
  text(`a ${what} such as job:http_errors:rate5m`).regex(METRIC_NAME_PATTERN, {
    error: `is not a valid ${what}; use letters, digits, _ and :, not starting with a digit`,
  });

const promql = () =>
  text("a PromQL expression").superRefine((expr, ctx) => {
    const at = promqlErrorAt(expr);
    if (at !== undefined) ctx.addIssue({ code: "custom", message: `is not valid PromQL (syntax error at character ${at + 1})` });
  });

const template = () =>
  text("a string (Go templates allowed)").superRefine((value, ctx) => {
    const problem = templateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `is not a valid template: it ${problem}` });
  });

const templatedLabels = () => z.record(labelName(), template(), { error: "is not a map of label names to strings" });

const ruleSchema = obj({
  alert: metricName("alert name").optional(),
  record: metricName("metric name").optional(),
  expr: promql(),
  for: duration().optional(),
  keep_firing_for: duration().optional(),
  labels: templatedLabels().optional(),
  annotations: templatedLabels().optional(),
}).superRefine((rule, ctx) => {
  if ((rule.alert === undefined) === (rule.record === undefined)) {
    ctx.addIssue({ code: "custom", message: "needs exactly one of alert (an alerting rule) or record (a recording rule)" });
    return;
  }
  if (rule.record === undefined) return;
  for (const key of ["for", "keep_firing_for", "annotations"] as const) {
    if (rule[key] !== undefined)
      ctx.addIssue({ code: "custom", path: [key], input: rule[key], message: "is only for alerting rules; remove it from this recording rule" });
  }
});

export const ruleGroupSchema = obj({
  name: name(),
  interval: duration().optional(),
  query_offset: duration().optional(),
  limit: int(0, 1_000_000).optional(),
  labels: z.record(labelName(), text("a label value"), { error: "is not a map of label names to values" }).optional(),
  rules: list(ruleSchema).min(1, { error: "is empty; list at least one rule" }),
});

/** A rule file as Prometheus reads it: only `groups`. */
export const ruleFileSchema = obj({ groups: list(ruleGroupSchema) });

export type RuleGroupConfig = z.output<typeof ruleGroupSchema>;
