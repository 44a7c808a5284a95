/**
 * The file the silence reconciler (reconcile/silences.js) reads: the stack's declared silences in
 * Alertmanager's API v2 shape. `createdBy` marks them as the program's, per stack, and carries the
 * author to Alertmanager's UI; a silence whose createdBy does not start with the stack's prefix
 * is someone else's and is never touched.
 */
import { parseMatcher } from "../../config/matchers";
import type { SilenceSpec } from "../../config/silences";
import * as path from "path";
import type { AlertingSpec } from "../../config/spec";
import { WEB_FILES } from "./paths";

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

/** The dependency-free reconciler; the same file runs in the Job and in the local stack's one-shot container. */
export const RECONCILER_SOURCE = path.join(__dirname, "..", "..", "reconcile", "silences.js");

/** What the reconciler runs: the script and the silences file `renderSilences` wrote. */
export interface ReconcilerFiles {
  script: string;
  silences: string;
}

/** File names in the ConfigMap and in the local container's directory. */
export const RECONCILER_FILES = { script: "silences.js", silences: "silences.json" } as const;

/** The reconciler's environment; file paths under `dirs`. The password file is named, its value never. */
export function reconcilerEnv(spec: AlertingSpec, url: string, dirs: { reconciler: string; web: string }): Record<string, string> {
  return {
    ALERTMANAGER_URL: url,
    SILENCES_FILE: `${dirs.reconciler}/${RECONCILER_FILES.silences}`,
    ...(spec.web.auth && { WEB_USERNAME: spec.web.username, WEB_PASSWORD_FILE: `${dirs.web}/${WEB_FILES.password}` }),
    ...(spec.web.auth && spec.web.tls && { WEB_CA_FILE: `${dirs.web}/${WEB_FILES.ca}` }),
  };
}

/** The web files the reconciler reads: the password, and the CA with TLS. Not the server key, not the hash. */
export const reconcilerWebFiles = (spec: AlertingSpec): string[] => (spec.web.auth ? [WEB_FILES.password, ...(spec.web.tls ? [WEB_FILES.ca] : [])] : []);
