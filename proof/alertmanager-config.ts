/**
 * What of an alertmanager.yml decides where an alert goes: the routing tree, the inhibit rules and
 * the time intervals, read from any Alertmanager 0.33 configuration (ours or a third party's, with
 * the old `match`/`match_re` syntax too) into one normalised form, so two configurations that
 * write the same thing differently read the same. Pure.
 */
import { parse } from "yaml";
import { compileMatcherRegex, formatMatcher, Matcher, parseMatcher } from "../config/matchers";
import { monthNumber } from "../config/routing-schema";

/** A route with its receiver resolved (inherited from the parent when it names none) and its matchers sorted. */
export interface ProofRoute {
  /** Where it is in the file, for messages: `route.routes[2]`. */
  where: string;
  matchers: Matcher[];
  receiver: string;
  continue: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  routes: ProofRoute[];
}

/** An inhibit rule as sorted canonical matchers and equal labels: two rules with the same text suppress the same alerts. */
export interface ProofInhibitRule {
  sourceMatchers: string[];
  targetMatchers: string[];
  equal: string[];
}

export interface RoutingConfig {
  /** What messages call it: a file name, `base`, `working tree`. */
  name: string;
  route: ProofRoute;
  inhibitRules: ProofInhibitRule[];
  /** Time interval name -> its normalised content (JSON). */
  timeIntervals: Map<string, string>;
}

type Yaml = Record<string, unknown>;

/** Weekdays as Alertmanager numbers them (Go's time.Weekday): the normalised form holds the numbers. */
export const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS_IN_YEAR = 12;
const MINUTES_PER_DAY = 24 * 60;
/** Alertmanager's default time zone for a time interval without `location`. */
const DEFAULT_LOCATION = "UTC";

const isMap = (v: unknown): v is Yaml => typeof v === "object" && v !== null && !Array.isArray(v);

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where}: is not a list`);
  return value;
}

function strings(value: unknown, where: string): string[] {
  return list(value, where).map((v, i) => {
    if (typeof v !== "string" && typeof v !== "number") throw new Error(`${where}[${i}]: is not a string`);
    return String(v);
  });
}

/**
 * One `matchers` entry: Alertmanager reads each as a list of matchers, so `a="1", b=~"2"` and
 * `{a="1"}` are allowed. Commas inside quotes belong to the value.
 */
export function splitMatcherList(text: string): string[] {
  const inner = text.trim().replace(/^\{([\s\S]*)\}$/, "$1");
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quoted && c === "\\") {
      current += c + (inner[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === "," && !quoted) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p.trim() !== "");
}

function readMatcher(text: string, where: string, file: string): Matcher {
  const m = parseMatcher(text);
  if (!m) throw new Error(`${file}: ${where}: ${JSON.stringify(text)} is not a matcher such as severity="critical" or alertname=~"KEDA.*"`);
  if ((m.op === "=~" || m.op === "!~") && !compileMatcherRegex(m.value)) {
    // The walk and the witnesses evaluate regexes in JavaScript; one it cannot compile (e.g. Go's (?i)) would go unchecked.
    throw new Error(
      `${file}: ${where}: the regex ${JSON.stringify(m.value)} uses syntax JavaScript cannot read; the proof needs both Go and JavaScript to read it`,
    );
  }
  return m;
}

/** `matchers`, and the old `match` / `match_re` maps under their own names (`source_`, `target_` for inhibit rules). */
function matchersOf(node: Yaml, prefix: string, where: string, file: string): Matcher[] {
  const found: Matcher[] = [];
  strings(node[`${prefix}matchers`], `${file}: ${where}.${prefix}matchers`).forEach((entry, i) =>
    splitMatcherList(entry).forEach((m) => found.push(readMatcher(m, `${where}.${prefix}matchers[${i}]`, file))),
  );
  for (const [key, op] of [
    [`${prefix}match`, "="],
    [`${prefix}match_re`, "=~"],
  ] as const) {
    const map = node[key];
    if (map === undefined || map === null) continue;
    if (!isMap(map)) throw new Error(`${file}: ${where}.${key}: is not a map of label name to value`);
    for (const [name, value] of Object.entries(map)) {
      found.push(readMatcher(formatMatcher({ name, op, value: String(value) }), `${where}.${key}.${name}`, file));
    }
  }
  return found;
}

/** All of a route's matchers must hold: their order and repeats say nothing (Alertmanager sorts them too). */
const sortedMatchers = (ms: Matcher[]) =>
  [...new Map(ms.map((m) => [formatMatcher(m), m])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);

function readRoute(node: unknown, where: string, inherited: string | undefined, file: string): ProofRoute {
  if (!isMap(node)) throw new Error(`${file}: ${where}: is not a route (a map)`);
  const receiver = node.receiver === undefined ? inherited : String(node.receiver);
  if (receiver === undefined) throw new Error(`${file}: ${where}: the root route names no receiver`);
  return {
    where,
    matchers: sortedMatchers(matchersOf(node, "", where, file)),
    receiver,
    continue: node.continue === true,
    muteTimeIntervals: strings(node.mute_time_intervals, `${file}: ${where}.mute_time_intervals`),
    activeTimeIntervals: strings(node.active_time_intervals, `${file}: ${where}.active_time_intervals`),
    routes: list(node.routes, `${file}: ${where}.routes`).map((child, i) => readRoute(child, `${where}.routes[${i}]`, receiver, file)),
  };
}

function readInhibitRule(node: unknown, where: string, file: string): ProofInhibitRule {
  if (!isMap(node)) throw new Error(`${file}: ${where}: is not an inhibit rule (a map)`);
  const canonical = (ms: Matcher[]) => sortedMatchers(ms).map(formatMatcher);
  return {
    sourceMatchers: canonical(matchersOf(node, "source_", where, file)),
    targetMatchers: canonical(matchersOf(node, "target_", where, file)),
    equal: [...new Set(strings(node.equal, `${file}: ${where}.equal`))].sort(),
  };
}

/** `from` or `from:to` as the numbers it covers; `read` turns one end into a number. */
function expand(entries: string[], read: (end: string) => number, where: string): number[] {
  const covered = new Set<number>();
  for (const entry of entries) {
    const [from, to = from] = entry.split(":").map((e) => read(e.trim()));
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) throw new Error(`${where}: ${JSON.stringify(entry)} is not a value or a from:to range`);
    for (let v = from; v <= to; v++) covered.add(v);
  }
  return [...covered].sort((a, b) => a - b);
}

/** An empty list, or one that covers every value, reads like no list at all: Alertmanager then matches always. */
const unlessAll = (values: number[], all: number) => (values.length === 0 || values.length === all ? undefined : values);

const minutes = (hhmm: string, where: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`${where}: ${JSON.stringify(hhmm)} is not a time of day such as 09:00`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Time ranges as a sorted union (end exclusive, so [9:00,12:00) and [12:00,17:00) join). */
function times(value: unknown, where: string): [number, number][] | undefined {
  const ranges = list(value, where)
    .map((t, i): [number, number] => {
      if (!isMap(t)) throw new Error(`${where}[${i}]: is not a map with start_time and end_time`);
      return [minutes(String(t.start_time), `${where}[${i}].start_time`), minutes(String(t.end_time), `${where}[${i}].end_time`)];
    })
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  if (merged.length === 0 || (merged.length === 1 && merged[0][0] === 0 && merged[0][1] >= MINUTES_PER_DAY)) return undefined;
  return merged;
}

/**
 * Days of the month: a range with both ends on one side of zero is the days it covers; one from a
 * day to a day counted from the end (`7:-1`) depends on the month, so it stays as written.
 */
function daysOfMonth(entries: string[], where: string): (number | string)[] | undefined {
  if (entries.length === 0) return undefined;
  const fixed: string[] = [];
  const spanning: string[] = [];
  for (const entry of entries) {
    const [from, to = from] = entry.split(":").map(Number);
    (Math.sign(from) === Math.sign(to) ? fixed : spanning).push(entry);
  }
  return [...expand(fixed, Number, where), ...[...new Set(spanning)].sort()];
}

function readTimeInterval(node: unknown, where: string, file: string): [string, string] {
  if (!isMap(node) || typeof node.name !== "string") throw new Error(`${file}: ${where}: is not a time interval with a name`);
  const ranges = list(node.time_intervals, `${file}: ${where}.time_intervals`).map((t, i) => {
    const at = `${file}: ${where}.time_intervals[${i}]`;
    if (!isMap(t)) throw new Error(`${at}: is not a map`);
    const weekday = (w: string) => (/^\d$/.test(w) ? Number(w) : WEEKDAYS.indexOf(w.toLowerCase()));
    const normalised = {
      times: times(t.times, `${at}.times`),
      weekdays: unlessAll(expand(strings(t.weekdays, `${at}.weekdays`), weekday, `${at}.weekdays`), WEEKDAYS.length),
      daysOfMonth: daysOfMonth(strings(t.days_of_month, `${at}.days_of_month`), `${at}.days_of_month`),
      months: unlessAll(expand(strings(t.months, `${at}.months`), monthNumber, `${at}.months`), MONTHS_IN_YEAR),
      years: strings(t.years, `${at}.years`).length > 0 ? expand(strings(t.years, `${at}.years`), Number, `${at}.years`) : undefined,
      location: t.location === undefined ? DEFAULT_LOCATION : String(t.location),
    };
    return JSON.stringify(normalised);
  });
  // The ranges of one interval are a union: their order and repeats say nothing.
  return [node.name, JSON.stringify([...new Set(ranges)].sort())];
}

/** Reads the routing parts of an alertmanager.yml; errors name `name` and the key. */
export function readRoutingConfig(text: string, name: string): RoutingConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${name}: is not YAML: ${err instanceof Error ? err.message : err}`);
  }
  if (!isMap(doc) || !isMap(doc.route)) throw new Error(`${name}: has no route: (not an Alertmanager configuration)`);
  const timeIntervals = new Map<string, string>();
  // `mute_time_intervals` at the top is the old name of `time_intervals`; Alertmanager 0.33 reads both.
  for (const key of ["time_intervals", "mute_time_intervals"]) {
    list(doc[key], `${name}: ${key}`).forEach((node, i) => {
      const [intervalName, content] = readTimeInterval(node, `${key}[${i}]`, name);
      timeIntervals.set(intervalName, content);
    });
  }
  return {
    name,
    route: readRoute(doc.route, "route", undefined, name),
    inhibitRules: list(doc.inhibit_rules, `${name}: inhibit_rules`).map((r, i) => readInhibitRule(r, `inhibit_rules[${i}]`, name)),
    timeIntervals,
  };
}
