/**
 * The routing tree's parts in the stack config and in team files alike: routes (nested to any
 * depth), inhibit rules and time intervals with every field Alertmanager 0.33 reads.
 */
import { z } from "zod";
import { bool, duration, labelName, list, matcher, name, obj, text, timeOfDay, timeZone, weekdayRange } from "./fields";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const LAST_DAY_OF_MONTH = 31;
/** Alertmanager counts days from the end of the month with negative numbers: -1 is the last day. */
const dayOfMonth = (v: number) => Number.isInteger(v) && v !== 0 && Math.abs(v) <= LAST_DAY_OF_MONTH;
export const monthNumber = (v: string) => (/^\d{1,2}$/.test(v) ? Number(v) : MONTHS.indexOf(v.toLowerCase()) + 1);
const YEAR = /^\d{4}$/;

/** A single value or `from:to`; a number is taken as its text, as Alertmanager reads it. */
function range(accepted: string, valid: (from: string, to: string | undefined) => boolean) {
  return z.preprocess(
    (v) => (typeof v === "number" ? String(v) : v),
    text(accepted).refine(
      (v) => {
        const [from, to, extra] = v.split(":");
        return extra === undefined && valid(from, to);
      },
      { error: `is not ${accepted}` },
    ),
  );
}

/** `-1` is the last day; a range whose ends have the same sign must not run backwards (Alertmanager refuses it). */
const dayOfMonthRange = () =>
  range("a day of the month or range such as 1:7 or -1 (1 to 31, or -31 to -1 counted from the month's end)", (from, to) => {
    const [a, b] = [Number(from), Number(to ?? from)];
    return dayOfMonth(a) && dayOfMonth(b) && (Math.sign(a) !== Math.sign(b) || a <= b);
  });

const monthRange = () =>
  range("a month or range such as january:march or 12", (from, to) => {
    const [a, b] = [monthNumber(from), monthNumber(to ?? from)];
    return a >= 1 && a <= MONTHS.length && b >= 1 && b <= MONTHS.length && a <= b;
  });

const yearRange = () => range("a year or range such as 2026 or 2026:2027", (from, to) => YEAR.test(from) && YEAR.test(to ?? from) && from <= (to ?? from));

export const groupBy = () => list(z.union([labelName(), z.literal("...")], { error: 'is not a label name or "..."' }));

/** Grouping and timings: a route without them inherits its parent's. */
export const routeTimings = {
  groupBy: groupBy().optional(),
  groupWait: duration().optional(),
  groupInterval: duration().optional(),
  repeatInterval: duration().optional(),
};

export interface RouteConfig {
  name?: string;
  matchers: string[];
  /** Unset: the parent's receiver, as in Alertmanager. */
  receiver?: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  continue: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  routes: RouteConfig[];
}

type RouteInput = Partial<Omit<RouteConfig, "routes">> & { routes?: RouteInput[] };

export const routeSchema: z.ZodType<RouteConfig, RouteInput> = obj({
  name: name().optional(),
  matchers: list(matcher()).default([]),
  receiver: name().optional(),
  ...routeTimings,
  continue: bool().default(false),
  muteTimeIntervals: list(name()).default([]),
  activeTimeIntervals: list(name()).default([]),
  get routes() {
    return list(routeSchema).default([]);
  },
});

export const inhibitRuleSchema = obj({
  name: name().optional(),
  sourceMatchers: list(matcher()).default([]),
  targetMatchers: list(matcher()).default([]),
  equal: list(labelName()).default([]),
});

export const timeIntervalSchema = obj({
  name: name(),
  intervals: list(
    obj({
      times: list(obj({ start: timeOfDay(), end: timeOfDay() })).optional(),
      weekdays: list(weekdayRange()).optional(),
      daysOfMonth: list(dayOfMonthRange()).optional(),
      months: list(monthRange()).optional(),
      years: list(yearRange()).optional(),
      location: timeZone().default("UTC"),
    }),
  ).min(1, { error: "is empty; list at least one interval" }),
});

export type InhibitRuleConfig = z.output<typeof inhibitRuleSchema>;
export type TimeIntervalConfig = z.output<typeof timeIntervalSchema>;
