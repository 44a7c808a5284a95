/**
 * Turns the raw `alerting:*` config values into the validated AlertingSpec: schema first,
 * then the checks that span keys (references, credentials). Pure: the caller says which
 * keys are present and which of them the Pulumi CLI marked secret.
 */
import { checkCredentials, checkIntegrationCredentials, checkReferences, checkWebCredentials, resolveResources, webAuth } from "./checks";
import { DEFAULT_PROMETHEUS_REPLICAS, DEFAULT_REPLICAS, DEFAULT_RESOURCES, Resources, WEB_CREDENTIAL_KEYS, WebCredentialKey } from "./defaults";
import { ConfigError, ConfigIssue, formatIssue, fromZodIssue } from "./errors";
import { CredentialHolds, INTEGRATION_KINDS, integrationCredentials, IntegrationKind } from "./integrations";
import { checkKubernetesKeys } from "./kubernetes-checks";
import { checkGlobalAgainstSmtp, nativeGlobalCredentials, nativeReceiverCredentials } from "./native-config";
import { checkRuleGroups } from "./rule-checks";
import { checkPrometheusHa } from "./prometheus-ha";
import { checkRootRoute, walkRoutes } from "./routing-checks";
import { allSeverityWords, checkReservedNames, checkUnknownSeverityReceiver, routingTree, routingWarnings } from "./routing-tree";
import { checkSeverityWords, MatcherList, SeverityWords, unknownSeverityMatchers } from "./severity-words";
import { loadTeams, Team } from "./teams";
import { auditCredential, auditWarnings, checkAudit } from "./audit";
import { centralCredentials, checkMultiCluster, MultiClusterSpec, multiClusterCredentialKeys, multiClusterSpec, roleOf } from "./satellites";
import { checkLocalMultiCluster } from "./local-multi-cluster";
import { buildSilences, SilenceSpec } from "./silences";
import { loadTemplateFolders, TemplateFile } from "./template-files";
import {
  DeployedRuleSource,
  deployedRuleFileNames,
  FolderReader,
  loadRuleFolders,
  ProjectFile,
  projectFolderReader,
  renderGroups,
  ruleFileName,
  UserRuleSource,
} from "./rule-folders";
import { alertingConfigSchema, AlertingConfig, CONFIG_KEYS } from "./schema";
import { checkScrape, scrapeCredentials, ScrapeCredentialSpec } from "./scrape-checks";

/** What a credential is for: a receiver integration, or the SMTP password. */
export type CredentialKind = IntegrationKind | "smtp" | "audit";

export interface CredentialSpec {
  /** The Pulumi config key, also the Secret key and the file name Alertmanager reads. */
  key: string;
  kinds: CredentialKind[];
  usedBy: string[];
  /** What the value is (config/checks.ts keeps each key to one kind and slot); the SMTP password is a key. */
  holds: CredentialHolds;
  /**
   * `secret`: read with requireSecret. `capture`: a local stack with no secret set, pointed at the
   * capture container so `pulumi up --stack dev` needs no credential.
   */
  source: "secret" | "capture";
}

export interface WebSpec {
  auth: boolean;
  username: string;
  /** `secret`: from `webPassword`; `generated`: a RandomPassword the stack exports as a secret. */
  password: "secret" | "generated";
  tls: boolean;
  /** Whether `webTlsCa` is set; clients otherwise trust the server certificate itself. */
  tlsCa: boolean;
}

export interface AlertingSpec extends Omit<AlertingConfig, "web" | "silences" | "cluster" | "central" | "satellites">, MultiClusterSpec {
  alertmanager: Omit<AlertingConfig["alertmanager"], "resources"> & { replicas: number; resources: Resources };
  prometheus: Omit<AlertingConfig["prometheus"], "resources" | "replicas"> & { replicas: number; resources: Resources };
  web: WebSpec;
  /** Alertmanager's credentials: receivers and SMTP. */
  credentials: CredentialSpec[];
  /** Prometheus' credentials: scrape targets and remote write endpoints. Always secrets. */
  scrapeCredentials: ScrapeCredentialSpec[];
  /** The user's rule files, each with its deployed name: `alerting:rules.groups` first (when set), then each file of `alerting:rules.folders`. */
  userRules: DeployedRuleSource[];
  /** Every severity word the stack and its teams map (alerting:severityWords and the team files'): what is not an unknown severity. */
  mappedSeverityWords: SeverityWords;
  /** The promtool test files found in the rule folders. */
  ruleTests: ProjectFile[];
  /** The user's notification template files (alerting:templates.folders). */
  templateFiles: TemplateFile[];
  /** What `render` and `pulumi up` print: settings that work but leave a gap (no heartbeat), and the rule checks alerting:rules.strict would make errors. */
  warnings: string[];
  /** True when a local stack runs the capture container in place of missing endpoints. */
  capture: boolean;
  /** The stack's and its teams' maintenance windows that have not ended (config/silences.ts). */
  silences: SilenceSpec[];
}

export interface ConfigSource {
  /** `alerting:` keys (without the namespace) and their values, structured values already parsed. */
  values: Record<string, unknown>;
  /** Keys (without the namespace) set with `pulumi config set --secret`. */
  secretKeys: ReadonlySet<string>;
  /** Reads `alerting:rules.folders`; default: relative to the working directory, the project root under `pulumi up`. */
  readFolder?: FolderReader;
  /** The Pulumi stack's name (config/read.ts): the default `cluster` label. */
  stack?: string;
  /** When the spec is built: declared silences that ended before it are left out. Default: the current time. */
  now?: Date;
}

const schemaValues = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([k]) => CONFIG_KEYS.includes(k)));

/** The schema's keys of `values`, checked and with their defaults; every problem in one ConfigError. */
export function parseConfig(values: Record<string, unknown>): AlertingConfig {
  const parsed = alertingConfigSchema.safeParse(schemaValues(values), { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(fromZodIssue));
  return parsed.data;
}

/** The configuration with the routing Alertmanager gets: the program's Watchdog route, the teams' subtrees and receivers. */
function withTeams(config: AlertingConfig, read: FolderReader): { config: AlertingConfig; teams: Team[]; issues: ConfigIssue[] } {
  const teams = loadTeams(config, read);
  return { config: { ...config, ...routingTree(config, teams.teams) }, teams: teams.teams, issues: teams.issues };
}

/** Every matcher list of the stack's routing and of its team files, each with its place. */
function routingMatchers(config: AlertingConfig, teams: Team[]): MatcherList[] {
  const section = (routes: AlertingConfig["routes"], inhibitRules: AlertingConfig["inhibitRules"], file?: string): MatcherList[] => [
    ...walkRoutes(routes).map(({ route, path }) => ({ at: { file, path: [...path, "matchers"] }, matchers: route.matchers })),
    ...inhibitRules.flatMap((rule, i) =>
      (["sourceMatchers", "targetMatchers"] as const).map((side) => ({ at: { file, path: ["inhibitRules", i, side] }, matchers: rule[side] })),
    ),
  ];
  return [...section(config.routes, config.inhibitRules), ...teams.flatMap((team) => section(team.routes, team.inhibitRules, team.file))];
}

/** `alerting:rules.groups` as one rule file, when there are any. */
function inlineRules(config: AlertingConfig): UserRuleSource[] {
  const groups = config.rules.groups;
  return groups.length === 0
    ? []
    : [{ kind: "inline", groups, text: renderGroups(groups, "alerting:rules.groups of the stack configuration"), groupPath: groups.map((_, g) => [g]) }];
}

export function buildSpec(source: ConfigSource): AlertingSpec {
  const config = parseConfig(source.values);
  const read = source.readFolder ?? projectFolderReader(process.cwd());
  const credentialKeysSet = Object.keys(source.values).filter((k) => !CONFIG_KEYS.includes(k) && !isWebKey(k));
  const teams = withTeams(config, read);
  // A satellite runs no Alertmanager: its receivers' credentials are not read.
  const credentials = roleOf(config) === "satellite" ? [] : collectCredentials(teams.config);
  const scrape = [...scrapeCredentials(config), ...centralCredentials(config, source.values)];
  const multiCluster = checkMultiCluster(config, source.values, config.web.username, webAuth(config));
  const folders = loadRuleFolders(config.rules.folders, read);
  const templates = loadTemplateFolders(config.templates.folders, read);
  const presets = [...new Set(config.rules.presets)];
  const sources = [...inlineRules(config), ...folders.ruleFiles];
  const names = deployedRuleFileNames(
    sources.map((s) => s.file),
    presets.map(ruleFileName),
  );
  const userRules: DeployedRuleSource[] = sources.map((s, i) => ({ ...s, deployedName: names[i] }));
  const mappedSeverityWords = allSeverityWords(config, teams.teams);
  const silences = buildSilences(
    [{ silences: config.silences }, ...teams.teams.map((team) => ({ silences: team.silences, team }))],
    config.silenceMaxDuration,
    source.now ?? new Date(),
  );
  const ruleChecks = checkRuleGroups(userRules, {
    presets,
    requiredLabels: config.rules.requiredLabels,
    words: mappedSeverityWords,
    unknownSeverityGoesTo: config.unknownSeverityReceiver
      ? `${config.unknownSeverityReceiver} (alerting:unknownSeverityReceiver)`
      : `${config.route.receiver} (the root route's receiver; alerting:unknownSeverityReceiver names another)`,
  });
  const advisories = [...folders.advisories, ...ruleChecks.advisories, ...unknownSeverityMatchers(routingMatchers(config, teams.teams), mappedSeverityWords)];
  const resources = {
    alertmanager: resolveResources(["alertmanager", "resources"], config.alertmanager.resources, DEFAULT_RESOURCES[config.target].alertmanager),
    prometheus: resolveResources(["prometheus", "resources"], config.prometheus.resources, DEFAULT_RESOURCES[config.target].prometheus),
  };
  const issues = [
    ...checkRootRoute(config.route),
    ...checkReferences(config),
    ...checkReservedNames(config),
    ...checkUnknownSeverityReceiver(config),
    ...checkSeverityWords(config.severityWords, (severity, i) => ({ path: ["severityWords", severity, i] })),
    ...checkPrometheusHa(config),
    ...teams.issues,
    ...resources.alertmanager.issues,
    ...resources.prometheus.issues,
    ...checkCredentials(config.target, credentials, source, credentialKeysSet, [
      ...scrape.map((c) => c.key),
      ...multiClusterCredentialKeys(config, source.values),
    ]),
    ...checkScrape(
      config,
      source.values,
      credentials.map((c) => c.key),
    ),
    ...checkIntegrationCredentials(config, source),
    ...checkGlobalAgainstSmtp(config),
    ...checkWebCredentials(config, source),
    ...checkKubernetesKeys(config, source.values),
    ...checkAudit(config.audit, config.target, source.values),
    ...folders.issues,
    ...templates.issues,
    ...silences.issues,
    ...multiCluster.issues,
    ...checkLocalMultiCluster(config, source.values),
    ...ruleChecks.errors,
    ...(config.rules.strict ? advisories.map((a) => ({ ...a, message: `${a.message} (alerting:rules.strict)` })) : []),
  ];
  if (issues.length > 0) throw new ConfigError(issues);

  const resolved = credentials.map((c) => ({ ...c, source: credentialSource(c.key, source) }));
  const alertmanagerReplicas = config.alertmanager.replicas ?? DEFAULT_REPLICAS[config.target];
  return {
    ...teams.config,
    ...multiClusterSpec(config, source.values, alertmanagerReplicas, source.stack),
    alertmanager: {
      ...config.alertmanager,
      replicas: alertmanagerReplicas,
      resources: resources.alertmanager.resources,
    },
    prometheus: {
      ...config.prometheus,
      replicas: config.prometheus.replicas ?? DEFAULT_PROMETHEUS_REPLICAS[config.target],
      resources: resources.prometheus.resources,
    },
    credentials: resolved,
    scrapeCredentials: scrape,
    userRules,
    mappedSeverityWords,
    ruleTests: folders.testFiles,
    templateFiles: templates.files,
    // A satellite's routing is the central's: its own gaps (no heartbeat) are not this stack's.
    warnings: [
      ...(roleOf(config) === "satellite" ? [] : routingWarnings(config)),
      ...(config.rules.strict ? [] : advisories.map(formatIssue)),
      ...silences.warnings,
      ...multiCluster.warnings,
      ...auditWarnings(config.audit, config.target, config.alertmanager.storage.size),
    ],
    silences: silences.silences,
    capture: resolved.some((c) => c.source === "capture"),
    web: {
      auth: webAuth(config),
      username: config.web.username,
      password: "webPassword" in source.values ? "secret" : "generated",
      tls: "webTlsCert" in source.values,
      tlsCa: "webTlsCa" in source.values,
    },
  };
}

const isWebKey = (key: string): key is WebCredentialKey => (WEB_CREDENTIAL_KEYS as readonly string[]).includes(key);
function credentialSource(key: string, source: ConfigSource): CredentialSpec["source"] {
  return key in source.values ? "secret" : "capture";
}

function collectCredentials(config: AlertingConfig): Omit<CredentialSpec, "source">[] {
  const byKey = new Map<string, Omit<CredentialSpec, "source">>();
  const use = (key: string, kind: CredentialKind, user: string, holds: CredentialHolds) => {
    const entry = byKey.get(key) ?? { key, kinds: [], usedBy: [], holds };
    if (!entry.kinds.includes(kind)) entry.kinds.push(kind);
    if (!entry.usedBy.includes(user)) entry.usedBy.push(user);
    byKey.set(key, entry);
  };
  for (const r of config.receivers) {
    for (const kind of INTEGRATION_KINDS) {
      const integration = r[kind];
      if (integration) for (const { slot, key } of integrationCredentials(kind, integration)) use(key, kind, r.name, slot.holds);
    }
  }
  for (const r of config.receivers) for (const c of nativeReceiverCredentials(r)) use(c.key, c.kind, r.name, c.holds);
  for (const c of nativeGlobalCredentials(config.global)) use(c.key, c.kind, "global", c.holds);
  if (config.smtp?.username) use(config.smtp.passwordCredential, "smtp", "smtp", "key");
  const audit = auditCredential(config.audit);
  if (audit) use(audit, "audit", "audit", "key");
  return [...byKey.values()];
}

/** The credential keys a configuration's receivers, SMTP, scrape jobs and remote write endpoints name (none when the configuration is invalid). */
export function credentialKeys(values: Record<string, unknown>, read: FolderReader = projectFolderReader(process.cwd())): string[] {
  const parsed = alertingConfigSchema.safeParse(schemaValues(values));
  if (!parsed.success) return [];
  const receivers = roleOf(parsed.data) === "satellite" ? [] : collectCredentials(withTeams(parsed.data, read).config);
  return [...new Set([...[...receivers, ...scrapeCredentials(parsed.data)].map((c) => c.key), ...multiClusterCredentialKeys(parsed.data, values)])];
}
