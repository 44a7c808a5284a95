/**
 * docs/configuration.md, generated from the config schema so the reference cannot drift from the code: one row per key path
 * with what it accepts, its default and its description, the credential keys, and the alerts each rule preset defines.
 * Pure: scripts/config-docs.ts writes the text; a unit test fails when the committed file differs from what this produces.
 */
import { z } from "zod";
import { CONTAINER_ALERTMANAGER_PATHS, CONTAINER_PROMETHEUS_PATHS, credentialFile, WEB_FILES } from "../components/render/paths";
import { ruleGroups } from "../components/render/rules";
import { SMTP_PASSWORD_KEY, WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { credentialSlots, INTEGRATION_KINDS } from "../config/integrations";
import { alertingConfigSchema, Target, TARGETS } from "../config/schema";
import { AlertingSpec, buildSpec, credentialKeys } from "../config/spec";

/** `accepts` and `default` are Markdown; `schemaDefault` is the schema's own default (credential keys are found by it). */
export interface ReferenceRow {
  /** Key path below `alerting:`; `[]` marks a list element, e.g. `receivers[].slack.channel`. */
  path: string;
  accepts: string;
  /** The value, per target where the targets differ, `unset` or `**required**`. */
  default: string;
  description: string;
  schemaDefault?: unknown;
}

/** One top-level key; `valueLists` holds enumerations too long for a table cell, listed after the table. */
export interface ReferenceSection {
  key: string;
  rows: ReferenceRow[];
  valueLists: { label: string; values: string[] }[];
}

const MAX_INLINE_VALUES = 8; // longer enumerations are listed after the table
const REQUIREMENTS_LINK = "[requirements.md](requirements.md)";

type Node = z.core.$ZodType;
/** The parts of zod 4's schema definitions (`schema._zod.def`) the walk reads. */
type Def = { type: string; innerType?: Node; in?: Node; out?: Node; element?: Node; keyType?: Node; valueType?: Node; options?: Node[] } & DefValues;
type DefValues = { defaultValue?: unknown; shape?: Record<string, Node>; entries?: Record<string, string | number>; values?: unknown[] } & DefChecks;
type DefChecks = { checks?: { _zod: { def: { check: string; minimum?: number } } }[]; error?: (issue: unknown) => unknown };
const defOf = (node: Node) => node._zod.def as unknown as Def;
const WRAPPERS = ["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"];

type Unwrapped = { core: Node; optional: boolean; schemaDefault?: { value: unknown }; description?: string };

/** Strips optional/default/... wrappers, keeping what they say; a description may sit on any of them. */
function unwrap(schema: Node): Unwrapped {
  let node = schema;
  const found: Omit<Unwrapped, "core"> = { optional: false };
  for (;;) {
    found.description ??= z.globalRegistry.get(node)?.description;
    const def = defOf(node);
    if (def.type === "pipe" && def.in) {
      // A preprocess step (a number taken as text) says nothing about what is accepted; the schema after it does.
      node = defOf(def.in).type === "transform" ? def.out! : def.in;
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

function accepts(node: Node, label: string, lists: ReferenceSection["valueLists"]): string {
  const core = unwrap(node).core;
  const def = defOf(core);
  switch (def.type) {
    case "enum": {
      const values = Object.values(def.entries ?? {}).map(String);
      if (values.length <= MAX_INLINE_VALUES) return `one of ${values.map(code).join(" | ")}`;
      lists.push({ label, values });
      return `one of the ${values.length} values listed below the table`;
    }
    case "literal":
      return (def.values ?? []).map((v) => code(String(v))).join(" | ");
    case "union":
      return (def.options ?? []).map((o) => accepts(o, label, lists)).join(", or ");
    case "array": {
      const min = def.checks?.find((c) => c._zod.def.check === "min_length")?._zod.def.minimum;
      const element = unwrap(def.element!).core;
      const what = defOf(element).type === "object" ? " of objects with the fields below" : `, each ${accepts(element, label, lists)}`;
      return `list${what}${min ? ` (at least ${min})` : ""}`;
    }
    case "record":
      return `map: ${accepts(def.keyType!, `the keys of ${label}`, lists)} → ${accepts(def.valueType!, label, lists)}`;
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
    const inline = `[${value.join(", ")}]`;
    if (value.every(isScalar) && inline.length <= 60) return code(inline);
    const names = value.map((v) => (v && typeof v === "object" ? (v as { name?: unknown }).name : undefined));
    const named = names.every((n) => typeof n === "string") ? `: ${names.map((n) => code(n as string)).join(", ")}` : "";
    return `${value.length} entries${named}; see ${REQUIREMENTS_LINK}`;
  }
  const entries = Object.entries(value as object);
  const inline = `{${entries.map(([k, v]) => `${k}: ${isScalar(v) ? v : JSON.stringify(v)}`).join(", ")}}`;
  return inline.length <= 60 ? code(inline) : `${entries.length} keys; see ${REQUIREMENTS_LINK}`;
}

const valueAt = (config: unknown, keys: string[]) =>
  keys.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), config);

/**
 * Where the walk is. `plain`: no list element on the path yet (so a single effective value exists); `inherited`: what the
 * parent's default gives this key (`route.receiver` from the `route` default); `effective`: each target's resolved configuration.
 */
interface Walk {
  keys: string[];
  plain: boolean;
  inherited?: unknown;
  effective?: Record<string, unknown>;
  section: ReferenceSection;
  /** The object schemas above this key with their paths: a schema that holds itself (nested routes) is shown once. */
  ancestors: { node: Node; path: string }[];
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
  const [description, schemaDefault] = [u.description ?? "", u.schemaDefault && { schemaDefault: u.schemaDefault.value }];
  const row = (dflt: string) =>
    void w.section.rows.push({ path, accepts: accepts(node, code(path), w.section.valueLists), default: dflt, description, ...schemaDefault });
  const element = def.type === "array" ? unwrap(def.element!) : undefined;
  if (def.type !== "object" && (!element || defOf(element.core).type !== "object")) return row(defaultCell(u, w));
  const object = element ? element.core : u.core;
  const recursion = w.ancestors.find((a) => a.node === object);
  if (recursion) {
    w.section.rows.push({ path, accepts: `list of objects with the fields of ${code(recursion.path)}, to any depth`, default: defaultCell(u, w), description });
    return;
  }
  const unsetObject = u.optional && !u.schemaDefault && !Object.values(w.effective ?? {}).some((c) => valueAt(c, w.keys) !== undefined);
  if (element || unsetObject || u.description) row(element ? defaultCell(u, w) : unsetObject ? "unset" : "see the fields");
  const parentDefault = element ? undefined : (u.schemaDefault?.value ?? w.inherited);
  const ancestors = [...w.ancestors, { node: object, path: element ? `${path}[]` : path }];
  for (const [key, child] of Object.entries(defOf(object).shape ?? {})) {
    const inherited = parentDefault && typeof parentDefault === "object" ? (parentDefault as Record<string, unknown>)[key] : undefined;
    walk(child, { ...w, keys: element ? [...w.keys, "[]", key] : [...w.keys, key], plain: w.plain && !element, inherited, ancestors });
  }
}

/**
 * The rows of an object schema, one section per top-level key. `effective` maps a label (a target) to the configuration the
 * program ends up with when nothing is set; defaults that differ between labels are shown per label.
 */
export function referenceSections(schema: Node, effective?: Record<string, unknown>): ReferenceSection[] {
  return Object.entries(defOf(unwrap(schema).core).shape ?? {}).map(([key, child]) => {
    const section: ReferenceSection = { key, rows: [], valueLists: [] };
    walk(child, { keys: [key], plain: true, effective, section, ancestors: [] });
    return section;
  });
}

/** What the program resolves when a stack sets nothing but its target (placeholders for the credentials it needs). */
export function effectiveDefaults(): Record<Target, AlertingSpec> {
  const spec = (target: Target) => {
    const keys = credentialKeys({ target });
    return buildSpec({ values: { target, ...Object.fromEntries(keys.map((k) => [k, "placeholder"])) }, secretKeys: new Set(keys) });
  };
  return Object.fromEntries(TARGETS.map((t) => [t, spec(t)])) as Record<Target, AlertingSpec>;
}

const tableRow = (cells: string[]) => `| ${cells.map((c) => c.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")).join(" | ")} |`;

/** What each web access key is for, and the files (WEB_FILES) it ends up in, in both web directories. */
const WEB_CREDENTIALS: Record<string, { note: string; files: (keyof typeof WEB_FILES)[] }> = {
  webPassword: {
    note: "the `web.username` user's password; generated (secret output `webPassword`) when unset",
    files: ["config", "password", "probeAuthorization"],
  },
  webTlsCert: { note: "PEM certificate both servers present; TLS is on when this and `webTlsKey` are set", files: ["cert"] },
  webTlsKey: { note: "PEM private key of `webTlsCert`", files: ["key"] },
  webTlsCa: { note: "PEM CA that Prometheus and the probes trust; the certificate itself when unset", files: ["ca"] },
};

function credentialSection(sections: ReferenceSection[]): string[] {
  const rows = sections.flatMap((s) => s.rows);
  const slotDefaults = INTEGRATION_KINDS.flatMap((kind) => credentialSlots(kind).flatMap((slot) => (slot.defaultKey ? [slot.defaultKey] : [])));
  const defaults = [...new Set([...slotDefaults, SMTP_PASSWORD_KEY])];
  const webDirs = [CONTAINER_ALERTMANAGER_PATHS.webDir, CONTAINER_PROMETHEUS_PATHS.webDir].map(code).join(" and ");
  return [
    "## Credential keys",
    "",
    "Credentials are not part of the schema above: each one is its own `alerting:` key, set only with `pulumi config set --secret <key> <value>`",
    "(a key set in plain text is refused). These are the default keys; an integration may name any other (`credential: slackTeamArtemis`).",
    "The servers read each one from a file, Alertmanager at send time (the few it reads at load are listed in [receivers.md](receivers.md)).",
    "",
    tableRow(["key", "what for", "file the servers read"]),
    "|---|---|---|",
    ...defaults.map((key) => {
      const usedBy = rows.filter((r) => r.schemaDefault === key).map((r) => code(r.path));
      return tableRow([code(key), `default of ${usedBy.join(", ") || "a credential field"}`, code(credentialFile(CONTAINER_ALERTMANAGER_PATHS, key))]);
    }),
    ...WEB_CREDENTIAL_KEYS.map((key) => {
      const files = (WEB_CREDENTIALS[key]?.files ?? []).map((f) => code(WEB_FILES[f])).join(", ");
      return tableRow([code(key), WEB_CREDENTIALS[key]?.note ?? "web access", files ? `${files} in ${webDirs}` : webDirs]);
    }),
    "",
  ];
}

/** Metric names a PromQL expression reads: identifiers outside strings, matchers, ranges and groupings that are not calls. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = [...stripped.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !["and", "or", "unless", "bool", "offset", "group_left", "group_right"].includes(n)))];
}

function presetSection(specs: Record<Target, AlertingSpec>): string[] {
  const alerts = (t: Target) => new Set(ruleGroups(specs[t]).flatMap((g) => g.rules.map((r) => r.alert)));
  const fullest = TARGETS.reduce((a, b) => (alerts(b).size > alerts(a).size ? b : a));
  const others = TARGETS.filter((t) => t !== fullest);
  return [
    "## Rule presets",
    "",
    "`rules.presets` picks these rule files. Every rule carries `severity`, `summary`, `description` and `runbook_url`",
    "(`rules.runbookBaseUrl` + `/<alert>`); `rules.for` overrides a pending duration. The metrics column is what the exporters",
    `behind \`prometheus.scrapeJobs\` must provide. Thresholds and replica counts are shown as the \`${fullest}\` defaults give them.`,
    "",
    ...ruleGroups(specs[fullest]).flatMap((group) => {
      const conditional = [...new Set(group.rules.map((r) => r.alert).filter((a) => others.some((t) => !alerts(t).has(a))))].map(code);
      const note = `Not in the ${others.map(code).join(", ")} default (they watch a cluster: more than one Alertmanager replica): ${conditional.join(", ")}.`;
      return [
        `### \`${group.name}\``,
        "",
        tableRow(["alert", "severity", "for", "metrics", "fires when"]),
        "|---|---|---|---|---|",
        ...group.rules.map((r) => tableRow([code(r.alert), r.severity, r.for, metricNames(r.expr).map(code).join(", "), code(r.expr)])),
        "",
        ...(conditional.length > 0 ? [note, ""] : []),
      ];
    }),
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
    ...section.valueLists.flatMap((l) => [`Accepted values of ${l.label}: ${l.values.map(code).join(", ")}.`, ""]),
  ];
}

/** The whole docs/configuration.md. */
export function configurationMarkdown(specs: Record<Target, AlertingSpec> = effectiveDefaults()): string {
  const sections = referenceSections(alertingConfigSchema, specs);
  return [
    "# Configuration reference",
    "",
    "> Generated by `npm run docs` from `config/schema.ts` (see `offline/config-reference.ts`). Do not edit by hand: change the schema,",
    "> run `npm run docs` and commit the result; a unit test fails while this file is stale.",
    "",
    "Every key lives in the `alerting:` namespace. Set structured values in `Pulumi.<stack>.yaml` or with `pulumi config set --path`,",
    "e.g. `pulumi config set --path alerting:alertmanager.replicas 3`. The whole configuration is validated before any resource is",
    "registered; an error names the key, the value and what is accepted, and unknown keys are errors too.",
    "",
    "In the tables, `[]` marks an element of a list (`receivers[].slack.channel` is the `channel` of the `slack` integration of each",
    "receiver). A default shown per target is what the program uses on that target when the key is not set; `unset` means absent",
    `unless you set it. What the default receivers, routes, inhibitions and time intervals do is explained in ${REQUIREMENTS_LINK}.`,
    "",
    "## Keys",
    "",
    ...sections.flatMap(sectionText),
    ...credentialSection(sections),
    ...presetSection(specs),
  ].join("\n");
}
