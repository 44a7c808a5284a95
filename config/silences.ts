/**
 * Maintenance windows as code: `alerting:silences` and a team file's `silences`, checked before
 * anything is registered the way Alertmanager 0.33 would check them and more strictly (no silence
 * of every alert, no silence longer than alerting:silenceMaxDuration), and turned into the
 * stack-unique SilenceSpec the reconciler (reconcile/silences.js) applies. Pure: the time comes in.
 */
import type { z } from "zod";
import type { ConfigIssue } from "./errors";
import { duplicates } from "./errors";
import { list, matcher, name, obj, text } from "./fields";
import { canonicalMatchers, compileMatcherRegex, Matcher, matches, parseMatcher } from "./matchers";
import { parseDurationMs } from "./quantities";

/** Long enough for a weekend's migration with a margin, short enough that a forgotten window does not hide alerts for a month. */
export const DEFAULT_SILENCE_MAX_DURATION = "14d";

/** Between a team's name and its silence's name in SilenceSpec.id, as with the team's other names. */
const TEAM_SEPARATOR = "/";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** An RFC 3339 time with its offset, as Alertmanager's API reads it; a date that does not exist (Feb 30) is refused. */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offsetOk = m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59);
  const date = new Date(Date.UTC(year, month - 1, day));
  return offsetOk && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
}

const timestamp = () =>
  text("an RFC 3339 time such as 2026-05-01T22:00:00Z").refine(isRfc3339, {
    error: "is not an RFC 3339 time; use e.g. 2026-05-01T22:00:00Z or 2026-05-01T22:00:00+02:00 (date, T, time, offset)",
  });

export const silenceSchema = obj({
  name: name(),
  matchers: list(matcher()).min(1, { error: 'is empty; a silence needs at least one matcher, e.g. service="checkout"' }),
  startsAt: timestamp(),
  endsAt: timestamp(),
  comment: text("why the alerts are silenced").min(1, { error: "is empty; say why, e.g. the change ticket" }),
  author: text("who is responsible").min(1, { error: "is empty; name who is responsible, e.g. an e-mail address" }),
});

export type SilenceConfig = z.output<typeof silenceSchema>;

export interface SilenceSpec {
  /** Stack-unique: the name, or `<team>/<name>` for a team file's silence. */
  id: string;
  /** Canonical (config/matchers.ts), the team's matchers first for a team's silence. */
  matchers: string[];
  /** RFC 3339 in UTC, millisecond precision (what Alertmanager's API returns). */
  startsAt: string;
  endsAt: string;
  comment: string;
  author: string;
}

/** Where a list of silences comes from: the stack config, or one team file (whose matchers are ANDed into each). */
export interface SilenceSource {
  silences: SilenceConfig[];
  team?: { name: string; file: string; matchers: string[] };
}

/** Values that stand for "any value" when asking whether a regex accepts everything: short, long, digits, punctuation, space, non-ASCII. */
const ANY_VALUE_PROBES = ["a", "Z", "0", "_", "-", " ", "critical", "checkout-7f9c", "10.0.0.1:9100", "/var/lib", "ünïcödé", "x".repeat(300)];

/** Satisfied by every value a label can have: `!=""`, `=~".+"`, `=~".*"`, `!~""`. */
function acceptsAnyValue(m: Matcher): boolean {
  switch (m.op) {
    case "=":
      return false;
    case "!=":
      return m.value === "";
    case "=~": {
      const re = compileMatcherRegex(m.value)!;
      return ANY_VALUE_PROBES.every((v) => re.test(v));
    }
    case "!~": {
      const re = compileMatcherRegex(m.value)!;
      // Only a pattern that can match nothing but the empty value (`""`, `^$`, `()`) leaves every value through.
      return m.value.replace(/[\^$()?:|]/g, "") === "" && re.test("");
    }
  }
}

/** Alertmanager 0.33's own refusal (silence/silence.go, matchesEmpty): an `=` of "" or a regex `=~` that matches "". `!=` and `!~` never count. */
function matchesEmpty(m: Matcher): boolean {
  return (m.op === "=" && m.value === "") || (m.op === "=~" && compileMatcherRegex(m.value)!.test(""));
}

const place = (source: SilenceSource, i: number, field?: keyof SilenceConfig): Pick<ConfigIssue, "path" | "file"> => {
  const path = field === undefined ? ["silences", i] : ["silences", i, field];
  return source.team ? { file: source.team.file, path } : { path };
};

const where = (source: SilenceSource, i: number) => (source.team ? `${source.team.file}: silences[${i}]` : `alerting:silences[${i}]`);

function formatDuration(ms: number): string {
  const HOUR_MS = 3_600_000;
  const DAY_MS = 24 * HOUR_MS;
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const rest = ms % HOUR_MS;
  return [days ? `${days}d` : "", hours ? `${hours}h` : "", rest ? `${Math.ceil(rest / 60_000)}m` : ""].join("") || "0m";
}

export interface BuiltSilences {
  silences: SilenceSpec[];
  issues: ConfigIssue[];
  warnings: string[];
}

/**
 * Every silence of the stack and its team files, checked: end after start, at most `maxDuration`,
 * not every alert, not refused by Alertmanager, names unique (a team's within the team). One whose
 * end has passed at `now` is left out with a warning. Team isolation (a matcher on the team's
 * labels that is not the team's own) is checked with the team file (config/teams.ts).
 */
export function buildSilences(sources: SilenceSource[], maxDuration: string, now: Date): BuiltSilences {
  const result: BuiltSilences = { silences: [], issues: [], warnings: [] };
  const maxMs = parseDurationMs(maxDuration)!;
  for (const source of sources) {
    for (const i of duplicates(source.silences.map((s) => s.name))) {
      const first = source.silences.findIndex((s) => s.name === source.silences[i].name);
      result.issues.push({
        ...place(source, i, "name"),
        value: source.silences[i].name,
        message: `is the name of ${where(source, first)} too; silence names must be unique${source.team ? " within the team" : ""}`,
      });
    }
    source.silences.forEach((s, i) => {
      const issues = checkSilence(source, s, i, maxMs, maxDuration);
      result.issues.push(...issues);
      if (issues.length > 0) return;
      const endsAt = new Date(s.endsAt);
      const id = source.team ? `${source.team.name}${TEAM_SEPARATOR}${s.name}` : s.name;
      if (endsAt.getTime() <= now.getTime()) {
        result.warnings.push(`${where(source, i)} (${id}): ended at ${s.endsAt}; it is not applied, remove it from the configuration`);
        return;
      }
      const own = canonicalMatchers(s.matchers);
      result.silences.push({
        id,
        matchers: [...new Set([...(source.team?.matchers ?? []), ...own])],
        startsAt: new Date(s.startsAt).toISOString(),
        endsAt: endsAt.toISOString(),
        comment: s.comment,
        author: s.author,
      });
    });
  }
  return result;
}

function checkSilence(source: SilenceSource, s: SilenceConfig, i: number, maxMs: number, maxDuration: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const lengthMs = Date.parse(s.endsAt) - Date.parse(s.startsAt);
  if (lengthMs <= 0) {
    issues.push({ ...place(source, i, "endsAt"), value: s.endsAt, message: `is not after startsAt (${s.startsAt}); a silence must end after it starts` });
  } else if (lengthMs > maxMs) {
    issues.push({
      ...place(source, i, "endsAt"),
      value: s.endsAt,
      message: `is ${formatDuration(lengthMs)} after startsAt (${s.startsAt}); a silence may last at most ${maxDuration} (alerting:silenceMaxDuration)`,
    });
  }
  const own = s.matchers.map((m) => parseMatcher(m)!);
  const all = [...(source.team?.matchers ?? []).map((m) => parseMatcher(m)!), ...own];
  if (own.every(acceptsAnyValue)) {
    issues.push({
      ...place(source, i, "matchers"),
      value: s.matchers,
      message: 'would silence every alert (each matcher accepts any value); add one that narrows it, e.g. service="checkout"',
    });
  } else if (all.every(matchesEmpty)) {
    issues.push({
      ...place(source, i, "matchers"),
      value: s.matchers,
      message: 'match the empty string, every one of them, which Alertmanager refuses; add one that needs a value, e.g. service="checkout"',
    });
  }
  return issues;
}

/** The declared silences that mute an alert with these labels at `at`, with Alertmanager's semantics: anchored regexes, a missing label is "", active from startsAt to endsAt inclusive (silence/silence.go getState). */
export function silencesMuting(labels: Record<string, string>, silences: SilenceSpec[], at: Date): SilenceSpec[] {
  const t = at.getTime();
  return silences.filter((s) => Date.parse(s.startsAt) <= t && t <= Date.parse(s.endsAt) && s.matchers.every((m) => matches(parseMatcher(m)!, labels)));
}
