/**
 * docs/configuration.md, generated from the config schema so the reference cannot drift from the
 * code: one row per key path with what it accepts, its default and its description. Pure: the
 * entry point (scripts/config-docs.ts) writes the text, and a unit test fails when the committed
 * file differs from what this produces.
 */
import { z } from "zod";
import { CONTAINER_ALERTMANAGER_PATHS, credentialFile } from "../components/render/paths";
import { DEFAULT_CREDENTIAL_KEYS, WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { alertingConfigSchema, TARGETS } from "../config/schema";
import { buildSpec, credentialKeys } from "../config/spec";

export interface ReferenceRow {
  /** Key path below `alerting:`; `[]` marks a list element, e.g. `receivers[].slack.channel`. */
  path: string;
  /** Accepted values (Markdown). */
  accepts: string;
  /** Default (Markdown): the value, per target where the targets differ, `unset` or `required`. */
  default: string;
  description: string;
  /** The schema's own default value, when it has one (credential keys are found by it). */
  schemaDefault?: unknown;
}

export interface ReferenceSection {
  /** The top-level key. */
  key: string;
  rows: ReferenceRow[];
  /** Enumerations too long for a table cell, listed after the table. */
  valueLists: { path: string; values: string[] }[];
}

/** Enumerations longer than this are listed after the table instead of inside it. */
const MAX_INLINE_VALUES = 8;
const REQUIREMENTS_LINK = "[requirements.md](requirements.md)";

type Node = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: Node;
  in?: Node;
  defaultValue?: unknown;
  shape?: Record<string, Node>;
  element?: Node;
  options?: Node[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: Node;
  valueType?: Node;
  checks?: { _zod: { def: { check: string; minimum?: number } } }[];
  error?: (issue: unknown) => unknown;
}
const defOf = (node: Node) => node._zod.def as unknown as Def;
const WRAPPERS = ["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"];

interface Unwrapped {
  core: Node;
  optional: boolean;
  schemaDefault?: { value: unknown };
  description?: string;
}

/** Strips optional/default/... wrappers, keeping what they say; a description may sit on any of them. */
function unwrap(schema: Node): Unwrapped {
  let node = schema;
  const found: Omit<Unwrapped, "core"> = { optional: false };
  for (;;) {
    found.description ??= z.globalRegistry.get(node)?.description;
    const def = defOf(node);
    if (def.type === "pipe" && def.in) {
      node = def.in;
      continue;
    }
    if (!WRAPPERS.includes(def.type) || !def.innerType) return { core: node, ...found };
    if (def.type === "optional" || def.type === "nullable") found.optional = true;
    if ((def.type === "default" || def.type === "prefault") && !found.schemaDefault) found.schemaDefault = { value: def.defaultValue };
    node = def.innerType;
  }
}

/** What a field builder's type error tells the user to use ("is not a string; use a duration such as 30s"). */
function acceptedPhrase(node: Node): string | undefined {
  try {
    const out = defOf(node).error?.({ code: "invalid_type", expected: defOf(node).type, input: undefined, path: [] });
    const text = typeof out === "string" ? out : (out as { message?: string } | undefined)?.message;
    return text ? /; use (.+)$/.exec(text)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

const code = (text: string) => "`" + text + "`";
const minLength = (def: Def) => def.checks?.find((c) => c._zod.def.check === "min_length")?._zod.def.minimum;

function accepts(node: Node, path: string, lists: ReferenceSection["valueLists"]): string {
  const core = unwrap(node).core;
  const def = defOf(core);
  switch (def.type) {
    case "enum": {
      const values = Object.values(def.entries ?? {}).map(String);
      if (values.length <= MAX_INLINE_VALUES) return `one of ${values.map(code).join(" | ")}`;
      lists.push({ path, values });
      return `one of the ${values.length} values listed below the table`;
    }
    case "literal":
      return (def.values ?? []).map((v) => code(String(v))).join(" | ");
    case "union":
      return (def.options ?? []).map((o) => accepts(o, path, lists)).join(", or ");
    case "array": {
      const min = minLength(def);
      const element = unwrap(def.element!).core;
      const what = defOf(element).type === "object" ? "objects with the fields below" : accepts(element, path, lists);
      return `list of ${what}${min ? ` (at least ${min})` : ""}`;
    }
    case "record":
      return `map: ${accepts(def.keyType!, `${path} keys`, lists)} → ${accepts(def.valueType!, path, lists)}`;
    case "object":
      return "map with the fields below";
    default:
      return acceptedPhrase(core) ?? def.type;
  }
}

const isScalar = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);

/** A default as one short cell: scalars as code, short lists inline, long lists summarised. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "";
  if (isScalar(value)) return code(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return code("[]");
    const inline = `[${value.join(", ")}]`;
    if (value.every(isScalar) && inline.length <= 60) return code(inline);
    const names = value.map((v) => (v && typeof v === "object" ? (v as { name?: unknown }).name : undefined));
    const named = names.every((n) => typeof n === "string") ? `: ${names.map((n) => code(n as string)).join(", ")}` : "";
    return `${value.length} entries${named}; see ${REQUIREMENTS_LINK}`;
  }
  const entries = Object.entries(value as object);
  if (entries.length === 0) return code("{}");
  const inline = `{${entries.map(([k, v]) => `${k}: ${isScalar(v) ? v : JSON.stringify(v)}`).join(", ")}}`;
  return inline.length <= 60 ? code(inline) : `${entries.length} keys; see ${REQUIREMENTS_LINK}`;
}

/** The value at a key path of a configuration (no list elements on the way). */
function valueAt(config: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), config);
}

interface Walk {
  keys: string[];
  /** False once the path has gone through a list element. */
  plain: boolean;
  /** What the parent's default gives this key, e.g. `route.receiver` from the `route` default. */
  inherited?: unknown;
  /** The configuration each target ends up with when nothing is set (label -> config). */
  effective?: Record<string, unknown>;
  section: ReferenceSection;
}

function defaultCell(u: Unwrapped, w: Walk): string {
  const own = u.schemaDefault?.value ?? w.inherited;
  if (!u.optional && own === undefined) return "**required**";
  if (w.plain && w.effective) {
    const labels = Object.keys(w.effective);
    const cells = labels.map((label) => formatValue(valueAt(w.effective![label], w.keys)));
    if (cells.some((c) => c !== cells[0])) return labels.map((label, i) => `${cells[i] || "unset"} (${label})`).join(", ");
    if (cells[0]) return cells[0];
  }
  return formatValue(own) || "unset";
}

function walk(node: Node, w: Walk): void {
  const u = unwrap(node);
  const def = defOf(u.core);
  const path = w.keys.join(".").replace(/\.\[\]/g, "[]");
  const row = (accepted: string, dflt: string) =>
    w.section.rows.push({ path, accepts: accepted, default: dflt, description: u.description ?? "", ...(u.schemaDefault && { schemaDefault: u.schemaDefault.value }) });
  const element = def.type === "array" ? unwrap(def.element!) : undefined;
  if (def.type === "object" || (element && defOf(element.core).type === "object")) {
    const shape = (element ? defOf(element.core) : def).shape ?? {};
    const unsetObject = u.optional && !u.schemaDefault && !Object.values(w.effective ?? {}).some((c) => valueAt(c, w.keys) !== undefined);
    if (element || unsetObject || u.description) {
      row(accepts(node, path, w.section.valueLists), element ? defaultCell(u, w) : unsetObject ? "unset" : "see the fields");
    }
    const parentDefault = element ? undefined : (u.schemaDefault?.value ?? w.inherited);
    for (const [key, child] of Object.entries(shape)) {
      walk(child, {
        ...w,
        keys: element ? [...w.keys, "[]", key] : [...w.keys, key],
        plain: w.plain && !element,
        inherited: parentDefault && typeof parentDefault === "object" ? (parentDefault as Record<string, unknown>)[key] : undefined,
      });
    }
    return;
  }
  row(accepts(node, path, w.section.valueLists), defaultCell(u, w));
}

/**
 * The rows of an object schema, one section per top-level key. `effective` maps a label (a target)
 * to the configuration the program ends up with when nothing is set; defaults that differ between
 * labels are shown per label.
 */
export function referenceSections(schema: Node, effective?: Record<string, unknown>): ReferenceSection[] {
  const shape = defOf(unwrap(schema).core).shape ?? {};
  return Object.entries(shape).map(([key, child]) => {
    const section: ReferenceSection = { key, rows: [], valueLists: [] };
    walk(child, { keys: [key], plain: true, effective, section });
    return section;
  });
}

/** What the program resolves when a stack sets nothing but its target (fake values for the credentials it needs). */
export function effectiveDefaults(): Record<string, unknown> {
  return Object.fromEntries(
    TARGETS.map((target) => {
      const keys = credentialKeys({ target });
      const values: Record<string, unknown> = { target, ...Object.fromEntries(keys.map((k) => [k, "placeholder"])) };
      return [target, buildSpec({ values, secretKeys: new Set(keys) })];
    }),
  );
}

const cell = (text: string) => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
const tableRow = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;

const WEB_CREDENTIAL_NOTES: Record<string, string> = {
  webPassword: "password of the `web.username` user; when unset the stack generates one and exports it as the secret output `webPassword`",
  webTlsCert: "PEM certificate both servers present; TLS is on when this and `webTlsKey` are set",
  webTlsKey: "PEM private key of `webTlsCert`",
  webTlsCa: "PEM CA that Prometheus and the probes trust; the certificate itself when unset",
};

function credentialSection(sections: ReferenceSection[]): string[] {
  const rows = sections.flatMap((s) => s.rows);
  const receiverKeys = [...new Set(Object.values(DEFAULT_CREDENTIAL_KEYS))].map((key) => {
    const usedBy = rows.filter((r) => r.schemaDefault === key).map((r) => code(r.path));
    return tableRow([code(key), `default of ${usedBy.join(", ") || "a credential field"}`, code(credentialFile(CONTAINER_ALERTMANAGER_PATHS, key))]);
  });
  const webKeys = WEB_CREDENTIAL_KEYS.map((key) => tableRow([code(key), WEB_CREDENTIAL_NOTES[key] ?? "web access", "web config Secret / upload"]));
  return [
    "## Credential keys",
    "",
    "Credentials are not part of the schema above: each one is its own `alerting:` key, set only with",
    "`pulumi config set --secret <key> <value>` (a key set in plain text is refused). Receiver",
    "integrations name the key they use; these are the defaults, and an integration may name any other",
    "key (`credential: slackTeamArtemis`). Alertmanager reads each one from a file at send time.",
    "",
    tableRow(["key", "what for", "file in the Alertmanager container"]),
    "|---|---|---|",
    ...receiverKeys,
    ...webKeys,
    "",
  ];
}

function sectionText(section: ReferenceSection): string[] {
  return [
    `### \`${section.key}\``,
    "",
    tableRow(["key", "accepts", "default", "description"]),
    "|---|---|---|---|",
    ...section.rows.map((r) => tableRow([code(r.path), r.accepts, r.default, r.description])),
    "",
    ...section.valueLists.flatMap((l) => [`Accepted values of \`${l.path}\`: ${l.values.map(code).join(", ")}.`, ""]),
  ];
}

/** The whole docs/configuration.md. */
export function configurationMarkdown(schema: Node = alertingConfigSchema, effective: Record<string, unknown> = effectiveDefaults()): string {
  const sections = referenceSections(schema, effective);
  return [
    "# Configuration reference",
    "",
    "> Generated by `npm run docs` from `config/schema.ts` (see `offline/config-reference.ts`). Do not",
    "> edit by hand: change the schema, run `npm run docs` and commit the result; a unit test fails",
    "> while this file is stale.",
    "",
    "Every key lives in the `alerting:` namespace. Set structured values in `Pulumi.<stack>.yaml` or",
    "with `pulumi config set --path`, e.g. `pulumi config set --path alerting:alertmanager.replicas 3`.",
    "The whole configuration is validated before any resource is registered; an error names the key,",
    "the value and what is accepted, and unknown keys are errors too.",
    "",
    "In the tables, `[]` marks an element of a list (`receivers[].slack.channel` is the `channel` of",
    "the `slack` integration of each receiver). A default shown per target (`kubernetes`, `local`) is",
    "what the program uses on that target when the key is not set. `unset` means the key is simply",
    `absent unless you set it. What the default routes, receivers and inhibitions do is in ${REQUIREMENTS_LINK}.`,
    "",
    "## Keys",
    "",
    ...sections.flatMap(sectionText),
    ...credentialSection(sections),
  ].join("\n");
}
