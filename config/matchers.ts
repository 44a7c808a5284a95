/** Alertmanager label matchers (`name="value"`, `name=~"regex"`), parsed and written back in one canonical form. */

export type MatchOperator = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  name: string;
  op: MatchOperator;
  value: string;
}

export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER_PATTERN = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"\s,{}=!~]*))\s*$/;

export function parseMatcher(text: string): Matcher | undefined {
  const match = MATCHER_PATTERN.exec(text);
  if (!match) return undefined;
  const value = match[3] !== undefined ? (JSON.parse(`"${match[3]}"`) as string) : match[4];
  return { name: match[1], op: match[2] as MatchOperator, value };
}

/** Alertmanager anchors regex matchers: `=~"KEDA.*"` must match the whole value. */
export function compileMatcherRegex(value: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${value})$`);
  } /* Stryker disable next-line BlockStatement: an empty catch returns undefined too */ catch {
    return undefined;
  }
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

/** Matchers the schema has already accepted, in the one form Alertmanager and the comparisons here see. */
export const canonicalMatchers = (matchers: string[]): string[] => matchers.map((m) => formatMatcher(parseMatcher(m)!));

export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const actual = labels[m.name] ?? "";
  switch (m.op) {
    case "=":
      return actual === m.value;
    case "!=":
      return actual !== m.value;
    case "=~":
      return compileMatcherRegex(m.value)!.test(actual);
    case "!~":
      return !compileMatcherRegex(m.value)!.test(actual);
  }
}
