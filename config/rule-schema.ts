/**
 * User rule groups in Prometheus' own rule-file format (snake_case keys, as `promtool check rules`
 * reads them), so a team pastes what it already has: inline in `alerting:rules.groups`, or as
 * files in the folders `alerting:rules.folders` names. The schema accepts what Prometheus 3.5's
 * rule parser accepts and no more: anything it refuses here promtool would refuse too. What the
 * program would merely prefer (classic names, known severities) is config/rule-checks.ts' business.
 */
import { z } from "zod";
import { list, obj, text } from "./fields";
import { DURATION_PATTERN } from "./quantities";
import { promqlErrorAt, templateProblem } from "./rule-syntax";

/** Prometheus reserves the metric name's label; every other non-empty UTF-8 name is a valid label name in Prometheus 3. */
const METRIC_NAME_LABEL = "__name__";

/**
 * Go's YAML decoder puts any scalar into a string field as it is written (`expr: 1` is "1"), and a
 * rule file is read with every scalar as text (config/rule-folders.ts); numbers and booleans from
 * the stack config are taken the same way.
 */
const scalar = (accepted: string) => z.preprocess((v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v), text(accepted));

const nonEmpty = (accepted: string, what: string) => scalar(accepted).refine((v) => v !== "", { error: `is empty; ${what}` });

/** An empty YAML value (`rules:` with nothing after it) is an absent one, as Go reads it. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/** Prometheus' durations, `0` included (model.ParseDuration). */
const ruleDuration = () =>
  scalar("a duration such as 30s, 5m, 4h").refine((v) => v === "0" || (v !== "" && DURATION_PATTERN.test(v)), {
    error: "is not a duration; use e.g. 30s, 5m, 4h",
  });

const ruleLabelName = (what: string) =>
  text(`a ${what} name`).refine((k) => k !== "" && k !== METRIC_NAME_LABEL, {
    error: `is not a valid ${what} name; use a non-empty name other than ${METRIC_NAME_LABEL}`,
  });

const promql = () =>
  scalar("a PromQL expression").superRefine((expr, ctx) => {
    if (expr === "") {
      ctx.addIssue({ code: "custom", message: "is empty; a rule needs a PromQL expression" });
      return;
    }
    const at = promqlErrorAt(expr);
    if (at !== undefined) ctx.addIssue({ code: "custom", message: `is not valid PromQL (syntax error at character ${at + 1})` });
  });

const template = () =>
  scalar("a string (Go templates allowed)").superRefine((value, ctx) => {
    const problem = templateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `is not a valid template: it ${problem}` });
  });

const stringMap = (what: string, value: z.ZodType<string>) =>
  optional(
    z.record(ruleLabelName(what), value, {
      // A bad key reports the key's own message, not the map's.
      error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : `is not a map of ${what} names to strings`),
    }),
  );

const ruleSchema = obj({
  alert: optional(nonEmpty("an alert name", "name the alert")),
  record: optional(
    nonEmpty("a metric name such as job:http_errors:rate5m", "name the series").refine((v) => !/[{}]/.test(v), {
      error: "has braces; a recording rule's name is a metric name, the selector belongs in expr",
    }),
  ),
  expr: promql(),
  for: optional(ruleDuration()),
  keep_firing_for: optional(ruleDuration()),
  labels: stringMap("label", template()),
  annotations: stringMap("annotation", template()),
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
  name: nonEmpty("a group name", "name the group (any text)"),
  interval: optional(ruleDuration()),
  query_offset: optional(ruleDuration()),
  limit: optional(
    z.preprocess(
      (v) => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v),
      z.number({ error: "is not a whole number; use a whole number such as 100" }).int({ error: "is not a whole number; use a whole number such as 100" }),
    ),
  ),
  labels: stringMap("label", scalar("a label value")),
  rules: optional(list(ruleSchema)),
});

/** A rule file as Prometheus reads it: only `groups` (none is an empty file). */
export const ruleFileSchema = obj({ groups: optional(list(ruleGroupSchema)) });

/**
 * The spec of a PrometheusRule (monitoring.coreos.com/v1): its groups are a rule file's, plus the
 * Thanos Ruler's `partial_response_strategy`, which the operator drops for Prometheus and so do we.
 */
export const prometheusRuleSpecSchema = obj({
  groups: optional(list(ruleGroupSchema.extend({ partial_response_strategy: optional(scalar("abort or warn")) }))),
});

export type RuleGroupConfig = z.output<typeof ruleGroupSchema>;
export type RuleConfig = NonNullable<RuleGroupConfig["rules"]>[number];
