/**
 * Receivers and `global` in Alertmanager's own schema (snake_case, as alertmanager.yml has them),
 * checked against the field definitions of config/alertmanager-fields.ts: unknown keys, value types,
 * Go template syntax, and the one rule that is ours, that a secret is never inline but a
 * `{ credential: <key> }` reference to a secret config key. The same walk renders a block for
 * alertmanager.yml (each reference becomes its `*_file` twin) and lists the credentials. Pure.
 */
import { z } from "zod";
import { FieldDef, GLOBAL_FIELDS, NATIVE_KINDS, NativeKind, RECEIVER_KINDS, Scalar, Section, SECTIONS } from "./alertmanager-fields";
import type { ConfigIssue } from "./errors";
import { credentialKey, list } from "./fields";
import type { CredentialHolds } from "./integration-row";
import type { IntegrationKind } from "./integrations";
import { DURATION_PATTERN } from "./quantities";
import { templateProblem } from "./rule-syntax";

/** How a stack names a secret in Alertmanager's schema: the secret config key whose file Alertmanager reads. */
export interface CredentialRef {
  credential: string;
}

export interface NativeCredential {
  key: string;
  holds: CredentialHolds;
  /** Where it sits below the walked block, e.g. `["http_config", "basic_auth", "password"]`. */
  path: PropertyKey[];
}

interface Walk {
  issues: ConfigIssue[];
  credentials: NativeCredential[];
  /** The path of a credential's file; absent when only checking. */
  file?: (key: string) => string;
}

const CREDENTIAL_FORM = (field: string) => `${field}: { credential: <key> }`;
const SET_SECRET = "pulumi config set --secret <key> <value>";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export const isCredentialRef = (v: unknown): v is CredentialRef => isObject(v) && Object.keys(v).length === 1 && typeof v.credential === "string";

const SCALAR_ACCEPTS: Record<Scalar, string> = {
  string: "a string",
  bool: "true or false",
  int: "a whole number",
  duration: "a duration such as 30s, 5m, 4h",
  strings: "a list of strings",
  map: "a map of names to strings",
  any: "any value",
};

const isText = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** What is wrong with a plain value, or undefined. Go's YAML reader takes a number or a boolean into a string field, so they pass. */
function scalarProblem(type: Scalar, v: unknown): string | undefined {
  const ok: Record<Scalar, () => boolean> = {
    string: () => isText(v),
    bool: () => typeof v === "boolean",
    int: () => Number.isInteger(v),
    duration: () => typeof v === "string" && v !== "" && DURATION_PATTERN.test(v),
    strings: () => Array.isArray(v) && v.every(isText),
    map: () => isObject(v) && Object.values(v).every(isText),
    any: () => true,
  };
  if (!ok[type]()) return `is not ${SCALAR_ACCEPTS[type]}; use ${SCALAR_ACCEPTS[type]}`;
  const texts = typeof v === "string" ? [v] : Array.isArray(v) || isObject(v) ? Object.values(v).filter((t) => typeof t === "string") : [];
  for (const text of texts as string[]) {
    const problem = text.includes("{{") ? templateProblem(text) : undefined;
    if (problem) return `is not a valid template: it ${problem}`;
  }
  return undefined;
}

/** The field a stray `*_file` key stands for: `password_file` -> `password`, when that field has the twin. */
function twinOf(section: Section, key: string): string | undefined {
  return Object.entries(section).find(([, def]) => typeof def === "object" && "file" in def && def.file === key)?.[0];
}

function credential(walk: Walk, ref: CredentialRef, path: PropertyKey[], holds: CredentialHolds): string | undefined {
  if (!credentialKey().safeParse(ref.credential).success) {
    walk.issues.push({
      path: [...path, "credential"],
      value: ref.credential,
      message: "is not a credential config key; use letters and digits, e.g. webhookPassword",
    });
    return undefined;
  }
  walk.credentials.push({ key: ref.credential, holds, path });
  return walk.file?.(ref.credential);
}

/** Whether a secret field is, in this block, a plain endpoint: its `plainBeside` sibling is set (Slack's URL beside an app token). */
export const plainHere = (def: FieldDef, block: Record<string, unknown>): boolean =>
  typeof def === "object" && "plainBeside" in def && def.plainBeside !== undefined && block[def.plainBeside] !== undefined && block[def.plainBeside] !== null;

/** One field of `block`: its rendered entries (a secret becomes its file twin), or none. */
function field(walk: Walk, name: string, def: FieldDef, v: unknown, path: PropertyKey[], block: Record<string, unknown>): [string, unknown][] {
  const at = [...path, name];
  const fail = (message: string, value: unknown = v): [string, unknown][] => {
    walk.issues.push({ path: at, value, message });
    return [];
  };
  if (v === null || v === undefined) return [];
  if (typeof def === "string") {
    const problem = scalarProblem(def, v);
    return problem ? fail(problem) : [[name, v]];
  }
  if ("secret" in def && plainHere(def, block) && !isCredentialRef(v)) {
    const problem = scalarProblem("string", v);
    return problem ? fail(problem) : [[name, v]];
  }
  if ("secret" in def) {
    if (!def.file) {
      return fail(
        def.secret === "headers"
          ? "is refused: Alertmanager 0.33 has no file form for it, so its values would sit in plain text in alertmanager.yml; send the header from the proxy instead"
          : "is refused: Alertmanager 0.33 has no file form for it, so it would sit in plain text in alertmanager.yml; for SNS use profile or role_arn (an AWS shared-credentials file or a workload role)",
        isCredentialRef(v) ? v : "<redacted>",
      );
    }
    if (!isCredentialRef(v)) {
      return fail(`is a secret written inline; name a secret config key instead, ${CREDENTIAL_FORM(name)}, and set it with ${SET_SECRET}`, "<redacted>");
    }
    const file = credential(walk, v, at, def.secret === "url" ? "url" : "key");
    return file === undefined ? [] : [[def.file, file]];
  }
  if ("type" in def) {
    if (isCredentialRef(v)) {
      const file = credential(walk, v, at, "key");
      return file === undefined ? [] : [[def.file, file]];
    }
    const problem = scalarProblem(def.type, v);
    return problem ? fail(problem) : [[name, v]];
  }
  if ("section" in def) {
    const inner = section(walk, SECTIONS[def.section], v, at);
    return inner === undefined ? [] : [[name, inner]];
  }
  if ("list" in def) {
    if (!Array.isArray(v)) return fail("is not a list; use a YAML list");
    return [[name, v.map((item, i) => section(walk, SECTIONS[def.list], item, [...at, i]))]];
  }
  return headers(walk, name, v, at);
}

/** `http_headers`: each header's `values` stay, its `secrets` become `files`; a `files` entry would name a path on another host. */
function headers(walk: Walk, name: string, v: unknown, at: PropertyKey[]): [string, unknown][] {
  if (!isObject(v)) {
    walk.issues.push({ path: at, value: v, message: "is not a map of header names to { values, secrets }; use a YAML map" });
    return [];
  }
  const out: Record<string, unknown> = {};
  for (const [header, spec] of Object.entries(v)) {
    const here = [...at, header];
    if (!isObject(spec)) {
      walk.issues.push({ path: here, value: spec, message: "is not a header; use { values: [...] } or { secrets: [{ credential: <key> }] }" });
      continue;
    }
    const rendered: Record<string, unknown> = {};
    for (const [k, items] of Object.entries(spec)) {
      if (k === "values" && !scalarProblem("strings", items)) rendered.values = items;
      else if (k === "secrets" && Array.isArray(items) && items.every(isCredentialRef)) {
        rendered.files = items.flatMap((ref, i) => credential(walk, ref, [...here, "secrets", i], "key") ?? []);
      } else if (k === "secrets") {
        walk.issues.push({
          path: [...here, k],
          value: "<redacted>",
          message: `holds secrets written inline; list secret config keys instead, secrets: [{ credential: <key> }], set with ${SET_SECRET}`,
        });
      } else if (k === "files") {
        walk.issues.push({
          path: [...here, k],
          value: items,
          message: "names paths on the Alertmanager host; list secret config keys instead, secrets: [{ credential: <key> }]",
        });
      } else {
        walk.issues.push({
          path: [...here, k],
          value: items,
          message: `is not accepted; a header takes values (a list of strings) and secrets (a list of { credential: <key> })`,
        });
      }
    }
    out[header] = rendered;
  }
  return [[name, out]];
}

/** A block checked against its section's fields; returns it rendered (undefined when it is no map). */
function section(walk: Walk, def: Section, v: unknown, path: PropertyKey[]): Record<string, unknown> | undefined {
  if (!isObject(v)) {
    walk.issues.push({ path, value: v, message: "is not an object; use a YAML map" });
    return undefined;
  }
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(v)) {
    const d = def[key];
    if (d !== undefined) {
      out.push(...field(walk, key, d, value, path, v));
      continue;
    }
    const twin = twinOf(def, key);
    walk.issues.push(
      twin
        ? {
            path: [...path, key],
            value,
            message: `names a file on the Alertmanager host, which the program does not deploy to; name a secret config key instead, ${CREDENTIAL_FORM(twin)}, set with pulumi config set --secret <key> "$(cat ${typeof value === "string" ? value : "<file>"})"`,
          }
        : { path: [...path, key], message: `is not a field Alertmanager 0.33 reads here; accepted keys: ${Object.keys(def).join(", ")}` },
    );
  }
  return Object.fromEntries(out);
}

export interface NativeBlock {
  issues: ConfigIssue[];
  credentials: NativeCredential[];
  rendered?: Record<string, unknown>;
}

/** Checks one block (a `<kind>_configs` entry or `global`) at `path`; with `file`, renders it too. */
export function walkNative(def: Section, value: unknown, path: PropertyKey[], file?: (key: string) => string): NativeBlock {
  const walk: Walk = { issues: [], credentials: [], file };
  const rendered = section(walk, def, value, path);
  return { issues: walk.issues, credentials: walk.credentials, rendered };
}

/** Which kind a native list is, for credential bookkeeping: `slack_configs` -> `slack`; e-mail's secrets are SMTP ones. */
export const kindOfNative = (kind: NativeKind): IntegrationKind | "smtp" =>
  kind === "email_configs" ? "smtp" : (kind.replace(/_configs$/, "") as IntegrationKind);

/** `global`'s own `resolve_timeout` is alerting:resolveTimeout; both would be two definitions of one value. */
export const GLOBAL_OWNED_ELSEWHERE: Record<string, string> = { resolve_timeout: "alerting:resolveTimeout" };

const asZodIssues = (block: NativeBlock, ctx: z.core.$RefinementCtx) => {
  for (const issue of block.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, input: issue.value });
};

const nativeEntry = (kind: NativeKind) =>
  z
    .record(z.string(), z.unknown(), { error: "is not an object; use a YAML map" })
    .superRefine((v, ctx) => asZodIssues(walkNative(RECEIVER_KINDS[kind], v, []), ctx));

/** One optional `<kind>_configs` list per kind, in Alertmanager's schema, for the receiver schema. */
export const nativeReceiverSchemas = Object.fromEntries(
  NATIVE_KINDS.map((kind) => [
    kind,
    list(nativeEntry(kind))
      .optional()
      .describe(
        `Alertmanager's own \`${kind}\` entries, every field as in alertmanager.yml; a secret is \`{ credential: <key> }\` ([receivers.md](receivers.md#alertmanagers-own-schema)).`,
      ),
  ]),
) as unknown as { [K in NativeKind]: z.ZodOptional<z.ZodArray<z.ZodType<Record<string, unknown>>>> };

const GLOBAL_ACCEPTED = Object.fromEntries(Object.entries(GLOBAL_FIELDS).filter(([k]) => !(k in GLOBAL_OWNED_ELSEWHERE))) as Section;

/** `alerting:global`: Alertmanager's `global` block but `resolve_timeout` (alerting:resolveTimeout). */
export const nativeGlobalSchema = z
  .record(z.string(), z.unknown(), { error: "is not an object; use a YAML map" })
  .superRefine((v, ctx) => {
    for (const [key, instead] of Object.entries(GLOBAL_OWNED_ELSEWHERE)) {
      if (key in v) ctx.addIssue({ code: "custom", path: [key], message: `is set with ${instead}; remove it here`, input: v[key] });
    }
    const rest = Object.fromEntries(Object.entries(v).filter(([k]) => !(k in GLOBAL_OWNED_ELSEWHERE)));
    asZodIssues(walkNative(GLOBAL_ACCEPTED, rest, []), ctx);
  })
  .describe("Alertmanager's `global` block, every field but `resolve_timeout`; a secret is `{ credential: <key> }` ([receivers.md](receivers.md#global)).");

/** The kind a global field's credential is for, by its prefix: `slack_api_url` -> slack; `http_config` -> webhook (every HTTP kind). */
export function kindOfGlobalField(field: string): IntegrationKind | "smtp" {
  const prefix = field.split("_")[0];
  const kinds: Record<string, IntegrationKind | "smtp"> = {
    smtp: "smtp",
    slack: "slack",
    opsgenie: "opsgenie",
    wechat: "wechat",
    victorops: "victorops",
    telegram: "telegram",
    rocketchat: "rocketchat",
    mattermost: "mattermost",
  };
  return kinds[prefix] ?? "webhook";
}

/** A receiver's native lists, as the schema parsed them. */
export type NativeLists = { [K in NativeKind]?: Record<string, unknown>[] };

/** Every credential a receiver's native entries name, with the kind each is for. */
export function nativeReceiverCredentials(receiver: NativeLists): { key: string; kind: IntegrationKind | "smtp"; holds: CredentialHolds }[] {
  return NATIVE_KINDS.flatMap((kind) =>
    (receiver[kind] ?? []).flatMap((entry) =>
      walkNative(RECEIVER_KINDS[kind], entry, []).credentials.map((c) => ({ key: c.key, kind: kindOfNative(kind), holds: c.holds })),
    ),
  );
}

/** Every credential `alerting:global` names. */
export function nativeGlobalCredentials(
  global: Record<string, unknown> | undefined,
): { key: string; kind: IntegrationKind | "smtp"; holds: CredentialHolds }[] {
  if (!global) return [];
  return walkNative(GLOBAL_ACCEPTED, global, []).credentials.map((c) => ({ key: c.key, kind: kindOfGlobalField(String(c.path[0])), holds: c.holds }));
}

/** `alerting:global` rendered for alertmanager.yml: references become `*_file` paths. */
export function renderNativeGlobal(global: Record<string, unknown> | undefined, file: (key: string) => string): Record<string, unknown> {
  return global ? (walkNative(GLOBAL_ACCEPTED, global, [], file).rendered ?? {}) : {};
}

/** `alerting:smtp` and `alerting:global`'s smtp_* fields both set the SMTP server: one of them, never both. */
export function checkGlobalAgainstSmtp(config: { smtp?: unknown; global?: Record<string, unknown> }): ConfigIssue[] {
  const smtpFields = Object.keys(config.global ?? {}).filter((k) => k.startsWith("smtp_"));
  return config.smtp !== undefined && smtpFields.length > 0
    ? [
        {
          path: ["global", smtpFields[0]],
          message: `is set while alerting:smtp is; set the SMTP server in one of them (${smtpFields.join(", ")} here, or alerting:smtp)`,
        },
      ]
    : [];
}
