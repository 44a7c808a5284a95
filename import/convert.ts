/**
 * An existing alertmanager.yml (or kube-prometheus-stack's values, `alertmanager.config`) as the
 * `alerting:` values of a new stack: receivers and `global` kept in Alertmanager's own schema
 * (config/native-config.ts) with every inline secret and every `*_file` replaced by a reference to
 * a secret config key; routes, inhibit rules and time intervals in the program's form, the old
 * `match`/`match_re`/`source_match*`/`target_match*` rewritten to matchers. An SNS entry with its
 * AWS keys inline is the one exception to the schema kept: it moves to the program's sns form
 * (import/sns.ts). Pure: the secret values are returned to the caller, never written into the values.
 */
import { FieldDef, GLOBAL_FIELDS, NATIVE_KINDS, RECEIVER_KINDS, Section, SECTIONS } from "../config/alertmanager-fields";
import { formatMatcher } from "../config/matchers";
import type { CredentialHolds } from "../config/integration-row";
import { GLOBAL_OWNED_ELSEWHERE } from "../config/native-config";
import {
  ALERTMANAGER_SNS_TEMPLATE_TEXT,
  ALERTMANAGER_SNS_TEMPLATES,
  AWS_CREDENTIALS_KEY_PARTS,
  keyedSnsEntries,
  programSns,
  sharedCredentialsFile,
} from "./sns";

/** Alertmanager's own root-route defaults (config/config.go): the program's differ, so an import writes them out. */
export const ALERTMANAGER_ROOT_DEFAULTS = { groupBy: [] as string[], groupWait: "30s", groupInterval: "5m", repeatInterval: "4h" };
/** Alertmanager's own resolve_timeout default. */
export const ALERTMANAGER_RESOLVE_TIMEOUT = "5m";
/** global.slack_api_url's file form, which 0.33.1 cannot load beside an app token. */
const SLACK_API_URL_FILE = GLOBAL_FIELDS.slack_api_url.file;
/** The Web API method Alertmanager's Slack notifier posts to with an app token. */
const SLACK_CHAT_POST_MESSAGE = "https://slack.com/api/chat.postMessage";
/** Pulumi config keys: letters and digits, at most 63 (config/fields.ts credentialKey). */
const MAX_KEY_LENGTH = 63;

export interface ImportedSecret {
  key: string;
  /** Where it was, e.g. `receivers[2].slack_configs[0].api_url`. */
  from: string;
  /** The inline value (only ever printed behind an explicit flag), or the file it was read from on the old host. */
  value?: string;
  file?: string;
  /** Other places that held the same value or file, and share the key. */
  also: string[];
  /** What the value is when it is not the field's own: inline AWS keys lifted into a shared-credentials file. */
  holds?: Extract<CredentialHolds, "awsSharedCredentials">;
}

export interface Conversion {
  /** `alerting:` keys and values (no secret among them). */
  values: Record<string, unknown>;
  secrets: ImportedSecret[];
  /** The `templates:` globs of the source, relative to its file. */
  templateGlobs: string[];
  /** Template files the import writes itself (name -> text), beside those the globs find. */
  templateFiles: Record<string, string>;
  /** Where the import cannot keep something as it was: each names the place and why. */
  errors: string[];
  warnings: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The Alertmanager configuration inside a document: kube-prometheus-stack keeps it at `alertmanager.config`. */
export function alertmanagerConfigOf(doc: unknown, file: string): Record<string, unknown> {
  if (!isObject(doc)) throw new Error(`${file}: is not a YAML map; use an alertmanager.yml or kube-prometheus-stack values with alertmanager.config`);
  const alertmanager = doc.alertmanager;
  if (isObject(alertmanager) && isObject(alertmanager.config)) return alertmanager.config;
  if ("route" in doc || "receivers" in doc) return doc;
  throw new Error(`${file}: has neither route nor receivers, nor alertmanager.config (kube-prometheus-stack values); use an alertmanager.yml`);
}

/** kube-prometheus-stack's `alertmanager.templateFiles`: file name -> template text, when the document has them. */
export function valuesTemplateFiles(doc: unknown): Record<string, string> {
  const files = isObject(doc) && isObject(doc.alertmanager) ? doc.alertmanager.templateFiles : undefined;
  return isObject(files) ? (Object.fromEntries(Object.entries(files).filter(([, v]) => typeof v === "string")) as Record<string, string>) : {};
}

const words = (text: string) => text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
const camel = (parts: string[]) =>
  parts
    .flatMap(words)
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");

class Keys {
  private readonly used = new Set<string>();
  readonly secrets: ImportedSecret[] = [];

  /** A secret config key for a value; the same inline value found twice shares one key. */
  take(parts: string[], from: string, found: Pick<ImportedSecret, "value" | "file" | "holds">): string {
    const same = this.secrets.find((s) => (found.value !== undefined && s.value === found.value) || (found.file !== undefined && s.file === found.file));
    if (same) {
      same.also.push(from);
      return same.key;
    }
    let base = camel(parts).replace(/^[^a-zA-Z]+/, "");
    if (base === "") base = "secret";
    base = base.slice(0, MAX_KEY_LENGTH - 3);
    let key = base;
    for (let n = 2; this.used.has(key); n++) key = `${base}${n}`;
    this.used.add(key);
    this.secrets.push({ key, from, ...found, also: [] });
    return key;
  }
}

interface Context {
  keys: Keys;
  errors: string[];
  warnings: string[];
  /** Name parts for the keys of this block: receiver name and kind. */
  name: string[];
}

const where = (path: (string | number)[]) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${p}`)).join("");

/** Whether a secret field is a plain endpoint in this source block: its `plainBeside` sibling, or that sibling's file, is set. */
function plainBesideSet(def: Section, field: FieldDef, block: Record<string, unknown>): boolean {
  const sibling = typeof field === "object" && "plainBeside" in field ? field.plainBeside : undefined;
  if (sibling === undefined) return false;
  const siblingDef = def[sibling];
  const siblingFile = typeof siblingDef === "object" && "file" in siblingDef ? siblingDef.file : undefined;
  return [sibling, siblingFile].some((k) => k !== undefined && block[k] !== undefined && block[k] !== null);
}

/** One block's fields, secrets replaced by references; a field the definition does not know is kept for the schema to name. */
function convertSection(ctx: Context, def: Section, block: unknown, path: (string | number)[]): unknown {
  if (!isObject(block)) return block;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block)) {
    const field: FieldDef | undefined = def[key];
    const twin = Object.entries(def).find(([, d]) => typeof d === "object" && "file" in d && d.file === key)?.[0];
    const here = [...path, key];
    if (twin !== undefined) {
      if (typeof value === "string" && value !== "") out[twin] = { credential: ctx.keys.take([...ctx.name, twin], where(here), { file: value }) };
      continue;
    }
    if (field === undefined || typeof field === "string" || value === null) {
      out[key] = value;
      continue;
    }
    if ("secret" in field && typeof value === "string" && plainBesideSet(def, field, block)) {
      out[key] = value;
      continue;
    }
    if ("secret" in field) {
      if (!field.file) {
        ctx.errors.push(
          `${where(here)}: Alertmanager 0.33 has no file form for it, so the program will not hold it in alertmanager.yml; ${field.secret === "headers" ? "send the header from the proxy" : "give access_key beside it (the import then lifts both into an AWS shared-credentials file), or use sigv4 profile or role_arn,"} and import again`,
        );
        continue;
      }
      if (typeof value === "string" && value !== "") out[key] = { credential: ctx.keys.take([...ctx.name, key], where(here), { value }) };
      continue;
    }
    if ("section" in field) out[key] = convertSection(ctx, SECTIONS[field.section], value, here);
    else if ("list" in field) out[key] = Array.isArray(value) ? value.map((v, i) => convertSection(ctx, SECTIONS[field.list], v, [...here, i])) : value;
    else if ("headers" in field) out[key] = convertHeaders(ctx, value, here);
    else out[key] = value;
  }
  return out;
}

function convertHeaders(ctx: Context, value: unknown, path: (string | number)[]): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([header, spec]) => {
      if (!isObject(spec)) return [header, spec];
      const secrets = [
        ...(Array.isArray(spec.secrets) ? spec.secrets : []).map((v, i) =>
          ctx.keys.take([...ctx.name, header], where([...path, header, "secrets", i]), { value: String(v) }),
        ),
        ...(Array.isArray(spec.files) ? spec.files : []).map((f, i) =>
          ctx.keys.take([...ctx.name, header], where([...path, header, "files", i]), { file: String(f) }),
        ),
      ];
      const rest = Object.fromEntries(Object.entries(spec).filter(([k]) => k !== "secrets" && k !== "files"));
      return [header, { ...rest, ...(secrets.length > 0 && { secrets: secrets.map((credential) => ({ credential })) }) }];
    }),
  );
}

/** `match` and `match_re` maps as matchers, then `matchers` as written (a string holds one or a comma-separated list). */
export function toMatchers(equal: unknown, regex: unknown, matchers: unknown): string[] {
  const eq = isObject(equal) ? Object.entries(equal).map(([name, value]) => formatMatcher({ name, op: "=", value: String(value) })) : [];
  const re = isObject(regex) ? Object.entries(regex).map(([name, value]) => formatMatcher({ name, op: "=~", value: String(value) })) : [];
  const given = (Array.isArray(matchers) ? matchers : typeof matchers === "string" ? [matchers] : []).map(String).map((m) => m.replace(/^\{\s*|\s*\}$/g, ""));
  return [...eq, ...re, ...given];
}

const defined = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

function convertRoute(route: Record<string, unknown>): Record<string, unknown> {
  const matchers = toMatchers(route.match, route.match_re, route.matchers);
  const children = Array.isArray(route.routes) ? route.routes.filter(isObject).map(convertRoute) : [];
  return defined({
    ...(matchers.length > 0 && { matchers }),
    receiver: route.receiver,
    groupBy: route.group_by,
    groupWait: route.group_wait,
    groupInterval: route.group_interval,
    repeatInterval: route.repeat_interval,
    continue: route.continue === true ? true : undefined,
    muteTimeIntervals: route.mute_time_intervals,
    activeTimeIntervals: route.active_time_intervals,
    ...(children.length > 0 && { routes: children }),
  });
}

function convertTimeInterval(ti: Record<string, unknown>): Record<string, unknown> {
  const intervals = Array.isArray(ti.time_intervals) ? ti.time_intervals.filter(isObject) : [];
  return {
    name: ti.name,
    intervals: intervals.map((i) =>
      defined({
        times: Array.isArray(i.times) ? i.times.filter(isObject).map((t) => ({ start: t.start_time, end: t.end_time })) : undefined,
        weekdays: i.weekdays,
        daysOfMonth: i.days_of_month,
        months: i.months,
        years: i.years,
        location: i.location,
      }),
    ),
  };
}

const ROUTE_KEYS = [
  "receiver",
  "group_by",
  "group_wait",
  "group_interval",
  "repeat_interval",
  "routes",
  "match",
  "match_re",
  "matchers",
  "continue",
  "mute_time_intervals",
  "active_time_intervals",
];
const TOP_KEYS = ["global", "route", "receivers", "inhibit_rules", "time_intervals", "mute_time_intervals", "templates", "tracing", "event_recorder"];

/** The stack's `alerting:` values for an Alertmanager configuration; `target` is the new stack's. */
export function convertAlertmanager(config: Record<string, unknown>, target: string): Conversion {
  const keys = new Keys();
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const key of Object.keys(config).filter((k) => !TOP_KEYS.includes(k))) errors.push(`${key}: is not a key of Alertmanager 0.33's configuration`);
  for (const key of ["tracing", "event_recorder"].filter((k) => k in config))
    warnings.push(`${key}: is not imported: the program deploys Alertmanager without it`);

  const global = isObject(config.global) ? config.global : {};
  if (plainBesideSet(GLOBAL_FIELDS, GLOBAL_FIELDS.slack_api_url, global) && SLACK_API_URL_FILE in global) {
    // Alertmanager 0.33.1's loader dereferences a nil slack_api_url when it is a file beside an app token (config/config.go); inline, the URL is Slack's Web API method, which the import keeps as it is.
    errors.push(
      `global.${SLACK_API_URL_FILE}: beside slack_app_token, Alertmanager 0.33.1 cannot load it from a file (its loader crashes); write the URL it holds inline as slack_api_url (beside an app token it is Slack's Web API method, e.g. ${SLACK_CHAT_POST_MESSAGE}, not a secret) and import again`,
    );
  }
  const globalRest = Object.fromEntries(Object.entries(global).filter(([k]) => !(k in GLOBAL_OWNED_ELSEWHERE)));
  const importedGlobal = convertSection({ keys, errors, warnings, name: ["global"] }, GLOBAL_FIELDS, globalRest, ["global"]) as Record<string, unknown>;

  const sourceReceivers = (Array.isArray(config.receivers) ? config.receivers : []).filter(isObject);
  const keyedSns = keyedSnsEntries(sourceReceivers);
  const awsFile = sharedCredentialsFile(keyedSns);
  errors.push(...awsFile.errors);
  // Every keyed entry names the one key: Alertmanager's process reads one shared-credentials file.
  const awsKey =
    keyedSns.length > 0
      ? keyedSns.map((e) => keys.take(AWS_CREDENTIALS_KEY_PARTS, `${e.at}.sigv4`, { value: awsFile.text, holds: "awsSharedCredentials" }))[0]
      : "";

  const templateFiles: Record<string, string> = {};
  const receivers = sourceReceivers.map((r, i) => {
    const out: Record<string, unknown> = { name: r.name };
    const [keyed, ...moreKeyed] = keyedSns.filter((e) => e.receiver === i);
    for (const e of moreKeyed) {
      errors.push(
        `${e.at}.sigv4: is the second SNS entry with inline keys in receiver ${String(r.name)}; such an entry is imported in the program's sns form, one per receiver (${keyed.at} is this receiver's): move it to a receiver of its own, or remove its keys (a workload role instead), and import again`,
      );
    }
    for (const [key, value] of Object.entries(r)) {
      if (key === "name") continue;
      const kind = NATIVE_KINDS.find((k) => k === key);
      if (!kind) {
        errors.push(`receivers[${i}].${key}: is not imported: the program's receivers take name and <kind>_configs`);
        continue;
      }
      const entries = (Array.isArray(value) ? value : []).map((entry, j) => {
        // Refused above; its keys would only be refused again.
        if (kind === "sns_configs" && moreKeyed.some((e) => e.entry === j)) return undefined;
        if (kind === "sns_configs" && keyed?.entry === j && isObject(entry)) {
          const lifted = programSns(entry, keyed.at, awsKey);
          errors.push(...lifted.errors);
          if (lifted.usesDefaults) templateFiles[ALERTMANAGER_SNS_TEMPLATES.file] = ALERTMANAGER_SNS_TEMPLATE_TEXT;
          out.sns = lifted.sns;
          return undefined;
        }
        return convertSection({ keys, errors, warnings, name: [String(r.name), kind.replace(/_configs$/, "")] }, RECEIVER_KINDS[kind], entry, [
          "receivers",
          i,
          kind,
          j,
        ]);
      });
      const kept = entries.filter((e) => e !== undefined);
      if (kept.length > 0 || entries.length === 0) out[kind] = kept;
    }
    return out;
  });

  const route = isObject(config.route) ? config.route : {};
  for (const key of Object.keys(route).filter((k) => !ROUTE_KEYS.includes(k))) errors.push(`route.${key}: is not a key of Alertmanager 0.33's routes`);
  for (const key of ["match", "match_re", "matchers", "continue", "mute_time_intervals", "active_time_intervals"].filter(
    (k) => k in route && route[k] !== null,
  )) {
    warnings.push(`route.${key}: is ignored on the root route by Alertmanager, and left out`);
  }
  const routes = Array.isArray(route.routes) ? route.routes.filter(isObject).map(convertRoute) : [];

  const inhibitRules = (Array.isArray(config.inhibit_rules) ? config.inhibit_rules : []).filter(isObject).map((rule) =>
    defined({
      sourceMatchers: toMatchers(rule.source_match, rule.source_match_re, rule.source_matchers),
      targetMatchers: toMatchers(rule.target_match, rule.target_match_re, rule.target_matchers),
      equal: rule.equal,
    }),
  );
  const timeIntervals = [
    ...(Array.isArray(config.time_intervals) ? config.time_intervals : []),
    ...(Array.isArray(config.mute_time_intervals) ? config.mute_time_intervals : []),
  ]
    .filter(isObject)
    .map(convertTimeInterval);

  const values: Record<string, unknown> = {
    target,
    resolveTimeout: typeof global.resolve_timeout === "string" ? global.resolve_timeout : ALERTMANAGER_RESOLVE_TIMEOUT,
    ...(Object.keys(importedGlobal).length > 0 && { global: importedGlobal }),
    route: {
      receiver: route.receiver,
      groupBy: route.group_by ?? ALERTMANAGER_ROOT_DEFAULTS.groupBy,
      groupWait: route.group_wait ?? ALERTMANAGER_ROOT_DEFAULTS.groupWait,
      groupInterval: route.group_interval ?? ALERTMANAGER_ROOT_DEFAULTS.groupInterval,
      repeatInterval: route.repeat_interval ?? ALERTMANAGER_ROOT_DEFAULTS.repeatInterval,
    },
    receivers,
    routes,
    inhibitRules,
    timeIntervals,
  };
  const templateGlobs = (Array.isArray(config.templates) ? config.templates : []).filter((t): t is string => typeof t === "string");
  return { values, secrets: keys.secrets, templateGlobs, templateFiles, errors, warnings };
}
