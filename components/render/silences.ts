/**
 * The file the silence reconciler (reconcile/silences.js) reads: the stack's declared silences in
 * Alertmanager's API v2 shape. `createdBy` marks them as the program's, per stack, and carries the
 * author to Alertmanager's UI; a silence whose createdBy does not start with the stack's prefix
 * is someone else's and is never touched.
 */
import { parseMatcher } from "../../config/matchers";
import type { SilenceSpec } from "../../config/silences";
import type { AlertingSpec } from "../../config/spec";

/** What every silence of the stack's createdBy starts with; reconcile/silences.js computes the same from the file's `stack`. */
export const silenceOwnerPrefix = (stack: string) => `pulumi:${stack}/`;

export const silenceCreatedBy = (stack: string, silence: SilenceSpec) => `${silenceOwnerPrefix(stack)}${silence.id} (${silence.author})`;

export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

export function apiMatcher(text: string): ApiMatcher {
  const m = parseMatcher(text)!;
  return { name: m.name, value: m.value, isRegex: m.op === "=~" || m.op === "!~", isEqual: m.op === "=" || m.op === "=~" };
}

export function renderSilences(spec: Pick<AlertingSpec, "silences">, stack: string): string {
  const file = {
    stack,
    silences: spec.silences.map((s) => ({
      matchers: s.matchers.map(apiMatcher),
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      createdBy: silenceCreatedBy(stack, s),
      comment: s.comment,
    })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}
