/**
 * Severity is a routing question: a team's own severity words (`page`, `warn`, ...) are mapped onto
 * the routing's severities in Alertmanager's matchers, so an alert keeps the word its team wrote in
 * every notification, and a word nobody mapped (or no severity at all) falls through to a route the
 * stack names. Pure.
 */
import type { ConfigIssue } from "./errors";
import { Severity, SEVERITIES } from "./fields";
import { formatMatcher, parseMatcher } from "./matchers";

/** Routing severity -> the words that mean it. */
export type SeverityWords = Partial<Record<Severity, string[]>>;

/** The label every routing decision on severity reads. */
export const SEVERITY_LABEL = "severity";

const isSeverity = (word: string): word is Severity => (SEVERITIES as readonly string[]).includes(word);

/** The words of several mappings together (the stack's, then a team's), each severity's list in order. */
export function mergeWords(...mappings: SeverityWords[]): SeverityWords {
  const merged: SeverityWords = {};
  for (const words of mappings) {
    for (const severity of SEVERITIES) {
      const more = words[severity] ?? [];
      if (more.length > 0) merged[severity] = [...new Set([...(merged[severity] ?? []), ...more])];
    }
  }
  return merged;
}

/** Every value of the severity label the routing treats as known: its severities and every mapped word. */
export function knownSeverities(words: SeverityWords): string[] {
  return [...SEVERITIES, ...SEVERITIES.flatMap((s) => words[s] ?? [])];
}

/** The severity a word stands for; undefined for a word nobody mapped. */
export function severityOf(value: string, words: SeverityWords): Severity | undefined {
  return isSeverity(value) ? value : SEVERITIES.find((s) => (words[s] ?? []).includes(value));
}

/** RE2 and JavaScript escape the same metacharacters; a word is matched as the literal it is. */
const escapeRegex = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export const alternation = (values: string[]): string => values.map(escapeRegex).join("|");

/** A regex that is only literal alternatives (`critical|high`): those, else undefined. */
function literalAlternatives(regex: string): string[] | undefined {
  const parts = regex.split("|");
  return parts.every((p) => p !== "" && !/[.*+?^${}()[\]\\]/.test(p)) ? parts : undefined;
}

/**
 * A matcher on the severity label, widened to the words mapped onto the severities it names:
 * `severity="critical"` becomes `severity=~"critical|page|crit"`, `!=` becomes `!~`, and a regex of
 * literal alternatives gains each one's words. Other matchers are returned as they are.
 */
export function widenSeverityMatcher(matcher: string, words: SeverityWords): string {
  const m = parseMatcher(matcher);
  if (!m || m.name !== SEVERITY_LABEL) return matcher;
  const named = m.op === "=" || m.op === "!=" ? [m.value] : literalAlternatives(m.value);
  if (!named) return matcher;
  const widened = [...new Set(named.flatMap((v) => [v, ...(isSeverity(v) ? (words[v] ?? []) : [])]))];
  if (widened.length === named.length) return matcher;
  const op = m.op === "=" || m.op === "=~" ? "=~" : "!~";
  return formatMatcher({ name: SEVERITY_LABEL, op, value: alternation(widened) });
}

export const widenSeverityMatchers = (matchers: string[], words: SeverityWords): string[] => matchers.map((m) => widenSeverityMatcher(m, words));

/**
 * A mapping's problems: a word that is a routing severity itself, or that means two severities
 * (here, or against `base`, the stack's mapping a team file adds to). `at` places each issue.
 */
export function checkSeverityWords(
  words: SeverityWords,
  at: (severity: Severity, i: number) => Pick<ConfigIssue, "path" | "file">,
  base: SeverityWords = {},
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const meaning = new Map<string, Severity>(SEVERITIES.flatMap((s) => (base[s] ?? []).map((w) => [w, s] as const)));
  for (const severity of SEVERITIES) {
    (words[severity] ?? []).forEach((word, i) => {
      const other = meaning.get(word);
      if (isSeverity(word)) {
        issues.push({ ...at(severity, i), value: word, message: `is a routing severity itself; map words other than ${SEVERITIES.join(", ")}` });
      } else if (other !== undefined && other !== severity) {
        issues.push({ ...at(severity, i), value: word, message: `already means ${other}; a word can mean one severity only` });
      }
      meaning.set(word, other ?? severity);
    });
  }
  return issues;
}

/** Where a list of matchers sits: the stack config's keys, or a team file's. */
export interface MatcherList {
  at: Pick<ConfigIssue, "path" | "file">;
  matchers: string[];
}

/**
 * Matchers that compare the severity label with a value that is neither a routing severity nor a
 * mapped word (`severity="critcal"`): Alertmanager takes them, so they are advisories (errors under
 * alerting:rules.strict), most often a typo that no alert will ever match.
 */
export function unknownSeverityMatchers(lists: MatcherList[], words: SeverityWords): ConfigIssue[] {
  const known = knownSeverities(words);
  return lists.flatMap(({ at, matchers }) =>
    matchers.flatMap((text, i) => {
      const m = parseMatcher(text);
      if (!m || m.name !== SEVERITY_LABEL || (m.op !== "=" && m.op !== "!=") || known.includes(m.value)) return [];
      const path = [...(at.path ?? []), i];
      return [{ ...at, path, value: text, message: `matches a severity neither the routing nor alerting:severityWords knows; known: ${known.join(", ")}` }];
    }),
  );
}

/** A template's comparison of the severity label with one routing severity: `eq .CommonLabels.severity "critical"`. */
const SEVERITY_COMPARISON = /\beq (\.(?:Common)?Labels\.severity) "([a-z]+)"/g;

/**
 * A notification template with each comparison of the severity label to a routing severity widened
 * to the words mapped onto it (Go's `eq` is true when its first argument equals any of the others),
 * so a `page` alert gets PagerDuty's `critical` as a `critical` one does.
 */
export function widenSeverityComparisons(template: string, words: SeverityWords): string {
  return template.replace(SEVERITY_COMPARISON, (comparison, label: string, value: string) => {
    const more = isSeverity(value) ? (words[value] ?? []) : [];
    return more.length === 0 ? comparison : `eq ${label} ${[value, ...more].map((w) => JSON.stringify(w)).join(" ")}`;
  });
}
