/**
 * Points a stack's configuration at the capture endpoints, changing nothing else that decides
 * delivery: the routing tree, inhibitions, time intervals and templates stay as deployed.
 * Each receiver's integrations get their own credential key (so a capture tells which receiver
 * it was for), key-holding kinds post to the capture URL, e-mail goes to <receiver>@capture.invalid via
 * the SMTP sink, and group timings are shortened for speed.
 */
import { captureCredential, captureUrl } from "../components/render/capture";
import { GLOBAL_FIELDS, NATIVE_KINDS, NativeKind, RECEIVER_KINDS } from "../config/alertmanager-fields";
import { kindOfGlobalField, kindOfNative, walkNative } from "../config/native-config";
import { WEB_CREDENTIAL_KEYS } from "../config/defaults";
import { credentialSlots, INTEGRATION_KINDS, INTEGRATIONS, IntegrationKind } from "../config/integrations";
import { AlertingSpec, buildSpec, credentialKeys, parseConfig } from "../config/spec";
import { scrapeCredentials } from "../config/scrape-checks";
import { auditCredential } from "../config/audit";
import { toYaml } from "../components/render/yaml";
import { stackConfig } from "../offline/program";
import { FolderReader, projectFolderReader } from "../config/rule-folders";
import { HEARTBEAT_RECEIVER } from "../config/routing-tree";
import type { ReceiverConfig } from "../config/schema";
import { loadTeams, TEAM_SEPARATOR, TeamFile, teamFileSchema } from "../config/teams";

/** A route, a team file or the root route: what the fast timings shorten, at any depth. */
type Timed = { groupWait?: string; groupInterval?: string; repeatInterval?: string; routes?: Timed[] };

/** What a team file holds, to write the rewritten one back. */
const TEAM_FILE_KEYS = Object.keys(teamFileSchema.shape) as (keyof typeof teamFileSchema.shape)[];
const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

export interface CaptureEndpoints {
  httpBaseUrl: string;
  smtpHostPort: string;
}

export interface TestTimings {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  peerTimeout: string;
}

export const FAST_TIMINGS: TestTimings = { groupWait: "2s", groupInterval: "4s", repeatInterval: "1h", peerTimeout: "3s" };

export interface Delivery {
  receiver: string;
  kind: IntegrationKind | "email";
}

export interface CaptureConfig {
  /** `alerting:` values to build the spec from, credentials included (to be marked secret). */
  values: Record<string, unknown>;
  credentialKeys: string[];
  /** Capture key (credential key, or e-mail address) -> where it was meant to go. */
  deliveries: Map<string, Delivery>;
  /** The project's folders, with the team files rewritten the same way (their receivers pointed at the capture endpoints). */
  readFolder: FolderReader;
  /** An entry in Alertmanager's own schema reaches the stand-in as an HTTPS proxy (PagerDuty Events API v1), so Alertmanager must trust its tunnel certificate. */
  tunnelled: boolean;
}

const SCRAPE_CREDENTIAL_PLACEHOLDER = "harness-scrape-credential";

export const captureEmail = (receiver: string) => `${receiver}@capture.invalid`;

/** `value` set at a path of a block (list indexes among the keys), the rest copied. */
function setAt(block: Record<string, unknown>, path: PropertyKey[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = Array.isArray(block) ? ([...block] as never) : { ...block };
  const key = String(head);
  copy[key] = rest.length === 0 ? value : setAt((copy[key] ?? {}) as Record<string, unknown>, rest, value);
  return copy;
}

/**
 * The user's configuration validated as `pulumi up` would (every credential taken as set with
 * --secret), so that errors name the user's keys, before the rewrite below renames credentials.
 */
export function deployedSpec(raw: Record<string, unknown>, read: FolderReader = projectFolderReader(process.cwd()), stack?: string): AlertingSpec {
  const credentials = credentialKeys(raw, read);
  return buildSpec({
    values: { ...Object.fromEntries(credentials.map((k) => [k, "set"])), ...raw },
    secretKeys: new Set([...credentials, ...WEB_CREDENTIAL_KEYS]),
    readFolder: read,
    stack,
  });
}

/** A stack file's configuration as `pulumi up --stack <stack>` validates it, the stack's name included (the default `cluster` label). */
export const deployedStackSpec = (stack: string): AlertingSpec => deployedSpec(stackConfig(stack), undefined, stack);

/** `deployed` keeps every group timing and the peer timeout exactly as the stack sets them. */
export function captureConfig(
  raw: Record<string, unknown>,
  endpoints: CaptureEndpoints,
  timings: TestTimings | "deployed" = FAST_TIMINGS,
  read: FolderReader = projectFolderReader(process.cwd()),
): CaptureConfig {
  deployedSpec(raw, read);
  const config = parseConfig(raw);
  const deliveries = new Map<string, Delivery>();
  const credentials: Record<string, string> = {};
  let tunnelled = false;
  /**
   * Each receiver's integrations get their own keys, so a capture tells which receiver it was for:
   * the primary credential's key names the capture path, every other slot gets one of its own, and
   * an optional slot left unset is filled too (SNS then signs with the stand-in's keys).
   */
  const rewrite = (id: string, kind: IntegrationKind, receiver: string, integration: object) => {
    const row = INTEGRATIONS[kind];
    const k = `${id}${kind}`;
    deliveries.set(k, { receiver, kind });
    const keys = credentialSlots(kind).map((slot, s) => {
      const key = s === 0 ? k : `${k}${slot.field[0].toUpperCase()}${slot.field.slice(1)}`;
      credentials[key] = captureCredential(endpoints.httpBaseUrl, kind, key, slot.holds);
      return [slot.field, key];
    });
    // A proxied kind's requests keep the service's own URL: the stand-in is the proxy they go through.
    const endpoint = "endpoint" in row && {
      [row.endpoint.field]: "proxy" in row.endpoint ? endpoints.httpBaseUrl : captureUrl(endpoints.httpBaseUrl, kind, k),
    };
    const drops: readonly string[] = ("standInDrops" in row && row.standInDrops) || [];
    const kept = Object.fromEntries(Object.entries(integration).filter(([field]) => !drops.includes(field)));
    return { ...kept, ...Object.fromEntries(keys), ...endpoint };
  };
  /**
   * An entry in Alertmanager's own schema: each credential reference gets a key of its own holding
   * what the stand-in needs, e-mail goes to the SMTP sink, and a kind that posts a key to an
   * endpoint (PagerDuty's `url`, Events API v1 included, or `api_url`) is pointed at the stand-in.
   */
  const rewriteNative = (id: string, kind: NativeKind, receiver: string, entry: Record<string, unknown>) => {
    const integration = kindOfNative(kind);
    let out: Record<string, unknown> = entry;
    const found = walkNative(RECEIVER_KINDS[kind], entry, []).credentials;
    const keys = found.map((c, n) => {
      const key = `${id}c${n}`;
      credentials[key] = captureCredential(endpoints.httpBaseUrl, integration === "smtp" ? "webhook" : integration, key, c.holds);
      out = setAt(out, c.path, { credential: key });
      return { key, holds: c.holds };
    });
    if (integration === "smtp") {
      deliveries.set(captureEmail(receiver), { receiver, kind: "email" });
      return { ...out, to: captureEmail(receiver), smarthost: endpoints.smtpHostPort, require_tls: false };
    }
    const url = keys.find((k) => k.holds === "url");
    if (url) {
      deliveries.set(url.key, { receiver, kind: integration });
      return out;
    }
    const row = INTEGRATIONS[integration];
    const serviceKey = kind === "pagerduty_configs" ? keys[found.findIndex((c) => c.path.join(".") === "service_key")]?.key : undefined;
    if (serviceKey) {
      // Events API v1 posts to PagerDuty's fixed host (0.33 ignores `url` there): the stand-in is its proxy, and the key names the capture.
      deliveries.set(serviceKey, { receiver, kind: integration });
      tunnelled = true;
      return setAt(out, ["http_config", "proxy_url"], endpoints.httpBaseUrl);
    }
    deliveries.set(id, { receiver, kind: integration });
    return "endpoint" in row && !("proxy" in row.endpoint) ? setAt(out, row.endpoint.path.split("."), captureUrl(endpoints.httpBaseUrl, integration, id)) : out;
  };
  const captureReceiver = (prefix: string, owner: string) => (r: ReceiverConfig, i: number) => {
    const name = `${owner}${r.name}`;
    if (r.email) deliveries.set(captureEmail(name), { receiver: name, kind: "email" });
    const integrations = INTEGRATION_KINDS.flatMap((kind) => (r[kind] ? [[kind, rewrite(`${prefix}${i}`, kind, name, r[kind]!)]] : []));
    const native = NATIVE_KINDS.flatMap((kind) =>
      r[kind] ? [[kind, r[kind]!.map((entry, j) => rewriteNative(`${prefix}${i}${kind.replace(/_configs$/, "")}${j}`, kind, name, entry))]] : [],
    );
    return { ...r, ...Object.fromEntries(integrations), ...Object.fromEntries(native), ...(r.email && { email: { ...r.email, to: [captureEmail(name)] } }) };
  };
  const receivers = config.receivers.map(captureReceiver("r", ""));
  const fast = <T extends Timed>(route: T): T =>
    timings === "deployed"
      ? route
      : ({
          ...route,
          ...(route.groupWait && { groupWait: timings.groupWait }),
          ...(route.groupInterval && { groupInterval: timings.groupInterval }),
          ...(route.repeatInterval && { repeatInterval: timings.repeatInterval }),
          ...(route.routes && { routes: route.routes.map((r) => fast(r)) }),
        } as T);
  // The heartbeat URL is the capture's; its interval stays as set (a test shortens it to see repeats).
  if (config.heartbeat) {
    const key = config.heartbeat.credential;
    deliveries.set(key, { receiver: HEARTBEAT_RECEIVER, kind: "webhook" });
    credentials[key] = captureUrl(endpoints.httpBaseUrl, "webhook", key);
  }
  const teams = loadTeams(config, read);
  const teamFiles = teams.teams.map((team, t) => ({
    path: team.file,
    text: toYaml({
      ...fast(pick(team, TEAM_FILE_KEYS) as TeamFile),
      receivers: team.receivers.map(captureReceiver(`t${t}r`, `${team.name}${TEAM_SEPARATOR}`)),
    }),
  }));
  const readFolder: FolderReader = (folder) => (folder === teams.folder ? teamFiles : read(folder));
  // Scrape credentials have no stand-in: a test that scrapes with them gives them; the rest get a placeholder.
  for (const c of scrapeCredentials(config)) credentials[c.key] = String(raw[c.key] ?? SCRAPE_CREDENTIAL_PLACEHOLDER);
  // Nor has the audit collector's: a test that runs a collector gives the credential it checks.
  const auditKey = auditCredential(config.audit);
  if (auditKey) credentials[auditKey] = String(raw[auditKey] ?? SCRAPE_CREDENTIAL_PLACEHOLDER);
  const smtp = config.smtp && { ...config.smtp, smarthost: endpoints.smtpHostPort, requireTls: false };
  // alerting:global's secrets get stand-in values; its SMTP server is the sink.
  let global = (config as { global?: Record<string, unknown> }).global;
  if (global) {
    for (const [n, c] of walkNative(GLOBAL_FIELDS, global, []).credentials.entries()) {
      const key = `globalc${n}`;
      const kind = kindOfGlobalField(String(c.path[0]));
      credentials[key] = captureCredential(endpoints.httpBaseUrl, kind === "smtp" ? "webhook" : kind, key, c.holds);
      global = setAt(global, c.path, { credential: key });
    }
    if ("smtp_smarthost" in global) global = { ...global, smtp_smarthost: endpoints.smtpHostPort, smtp_require_tls: false };
  }
  if (smtp?.username) credentials[smtp.passwordCredential] = "capture-smtp-password";
  const values = {
    ...raw,
    receivers,
    route: fast(config.route),
    routes: config.routes.map(fast),
    // No start delay: these runs measure delivery from a fresh start, where the delay would only add
    // its own length (bench/alertmanager-options.ts measures the delay itself).
    alertmanager: { ...config.alertmanager, dispatchStartDelay: "0s", ...(timings !== "deployed" && { peerTimeout: timings.peerTimeout }) },
    ...(smtp && { smtp }),
    ...(global && { global }),
    ...credentials,
  };
  return { values, credentialKeys: Object.keys(credentials), deliveries, readFolder, tunnelled };
}
