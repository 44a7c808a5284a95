/**
 * The whole alerting configuration: one typed schema, one key per Pulumi config key
 * (`alerting:<key>`). Credentials are not here: they are separate secret keys, named by the
 * receivers that use them (defaults in config/integrations.ts).
 */
import { z } from "zod";
import {
  DEFAULT_IMAGES,
  DEFAULT_INHIBIT_RULES,
  DEFAULT_RECEIVERS,
  DEFAULT_ROOT_ROUTE,
  DEFAULT_ROUTES,
  DEFAULT_TIME_INTERVALS,
  HEARTBEAT_URL_KEY,
  SMTP_PASSWORD_KEY,
} from "./defaults";
import { integrationSchemas } from "./integrations";
import { nativeGlobalSchema } from "./native-config";
import { PORTS } from "./ports";
import { PRESET_ALERT_NAMES, RULE_PRESETS } from "./presets";
import { ruleGroupSchema } from "./rule-schema";
import { groupBy, inhibitRuleSchema, routeSchema, timeIntervalSchema } from "./routing-schema";
import { discoverySchema, scrapeJobSchema } from "./scrape-schema";
import { ingressSchema } from "./ingress-schema";
import { schedulingSchema } from "./placement-schema";
import { remoteWriteSchema } from "./remote-write";
import { auditSchema } from "./audit";
import { centralSchema, clusterSchema, satellitesSchema } from "./satellites";
import { DEFAULT_SILENCE_MAX_DURATION, silenceSchema } from "./silences";
import {
  annotations,
  bool,
  byteSize,
  cpu,
  credentialKey,
  dnsLabel,
  dnsSubdomain,
  duration,
  emailAddress,
  hostPort,
  httpUrl,
  image,
  int,
  ipv4,
  labelName,
  list,
  memory,
  name,
  obj,
  oneOf,
  projectFolder,
  severityWords,
  text,
} from "./fields";

export const TARGETS = ["local", "kubernetes"] as const;
export type Target = (typeof TARGETS)[number];

/** Any field may be left out: what is given is merged over the target's defaults, field by field. */
const resources = obj({
  requests: obj({ cpu: cpu().optional(), memory: memory().optional() }).optional(),
  limits: obj({ cpu: cpu().optional(), memory: memory().optional() }).optional(),
});

const storage = (size: string) =>
  obj({
    size: memory().default(size).describe("Size of each replica's volume claim (kubernetes); docker volumes have no size."),
    storageClass: dnsSubdomain().optional().describe("StorageClass of this workload's volume claims (kubernetes); unset: the cluster's default."),
  }).prefault({});

const email = obj({
  to: list(emailAddress()).min(1, { error: "is empty; list at least one address" }),
  sendResolved: bool().default(true),
});

/** A receiver: a name, one integration of each kind it uses (config/integrations.ts), and e-mail. */
export const receiverSchema = obj({
  name: name(),
  ...integrationSchemas,
  email: email.optional(),
});

const rootRoute = obj({
  receiver: name(),
  groupBy: groupBy().default(DEFAULT_ROOT_ROUTE.groupBy),
  groupWait: duration().default(DEFAULT_ROOT_ROUTE.groupWait),
  groupInterval: duration().default(DEFAULT_ROOT_ROUTE.groupInterval),
  repeatInterval: duration().default(DEFAULT_ROOT_ROUTE.repeatInterval),
});

const threshold = (warning: number, critical: number) =>
  obj({
    warning: z.number({ error: "is not a number" }).default(warning),
    critical: z.number({ error: "is not a number" }).default(critical),
  }).prefault({});

export const alertingConfigSchema = obj({
  target: oneOf(TARGETS).describe("Which component `pulumi up` deploys: `local` (docker) or `kubernetes`."),
  images: obj({
    alertmanager: image().default(DEFAULT_IMAGES.alertmanager).describe("Alertmanager image, pinned (the version the tests run by default)."),
    prometheus: image().default(DEFAULT_IMAGES.prometheus).describe("Prometheus image, pinned (the version the tests run by default)."),
    capture: image().default(DEFAULT_IMAGES.capture).describe("Node image the local capture stand-in runs on."),
  }).prefault({}),
  alertmanager: obj({
    replicas: int(1, 9).optional().describe("Alertmanager replicas; more than 1 forms a gossip cluster, 1 switches clustering off."),
    resources: resources.optional().describe("Requests and limits; any field left out keeps the target default (merged field by field)."),
    storage: storage("10Gi"),
    retention: duration().default("120h").describe("How long silences and the notification log are kept (`--data.retention`)."),
    externalUrl: httpUrl()
      .optional()
      .describe(
        "The URL people reach Alertmanager at; links in notifications point there. Unset: the Ingress's URL, else the in-cluster Service URL (kubernetes), http://127.0.0.1:<port> (local).",
      ),
    clusterLabel: name().default("alerting").describe("`--cluster.label`: stops two clusters that can reach each other from merging."),
    peerTimeout: duration().default("15s").describe("`--cluster.peer-timeout`: how long replica i waits (times i) for the one before it to send."),
    pushPullInterval: duration()
      .default("5s")
      .describe("`--cluster.pushpull-interval`: full state sync between peers (upstream 1m; 5s measured to avoid duplicates in bursts)."),
    logLevel: oneOf(["debug", "info", "warn", "error"]).default("info").describe("Alertmanager `--log.level`."),
    dispatchStartDelay: duration()
      .optional()
      .describe(
        "`--dispatch.start-delay`: how long a started Alertmanager holds notifications back, so that inhibiting alerts are re-sent first. Unset: Prometheus' resend delay (1m) plus two `prometheus.evaluationInterval`s (2m by default); 0s switches it off. See [alertmanager-options.md](alertmanager-options.md).",
      ),
    serviceAccountAnnotations: annotations()
      .default({})
      .describe(
        "Kubernetes only: annotations of Alertmanager's ServiceAccount, e.g. a workload role for SNS (`eks.amazonaws.com/role-arn`); see [receivers.md](receivers.md#sns).",
      ),
  }).prefault({}),
  prometheus: obj({
    replicas: int(1, 9)
      .optional()
      .describe("Prometheus replicas, each evaluating every rule; Alertmanager deduplicates their alerts. Default 2 on kubernetes; the local stack runs 1."),
    replicaLabel: labelName()
      .default("prometheus_replica")
      .describe("External label naming each replica (its pod name); dropped from alerts, so the replicas' alerts are identical."),
    resources: resources.optional().describe("Requests and limits; any field left out keeps the target default (merged field by field)."),
    storage: storage("20Gi"),
    retention: duration().default("15d").describe("Prometheus `--storage.tsdb.retention.time`."),
    retentionSize: byteSize()
      .optional()
      .describe("Prometheus `--storage.tsdb.retention.size`: oldest blocks go once the TSDB is this large; keep it below `storage.size` (kubernetes)."),
    scrapeInterval: duration().default("30s").describe("Global scrape interval."),
    evaluationInterval: duration().default("30s").describe("How often rules are evaluated."),
    externalLabels: z
      .record(labelName(), text("a label value"), { error: "is not a map of label names to values" })
      .default({})
      .describe("Labels added to every series and alert; a `$` is kept literally."),
    externalUrl: httpUrl()
      .optional()
      .describe(
        "The URL people reach Prometheus at (`--web.external-url`); the Source link of every notification points there. Unset: the Ingress's URL, else the in-cluster Service URL (kubernetes), http://127.0.0.1:<port> (local).",
      ),
    scrapeJobs: list(scrapeJobSchema)
      .default([])
      .describe("Static scrape jobs: the exporters your rules read, with optional target credentials (secret keys), relabelling and interval."),
    discovery: discoverySchema
      .prefault({})
      .describe('Kubernetes only: find pods and services annotated `prometheus.io/scrape: "true"` in these namespaces (least-privilege RBAC per namespace).'),
    remoteWrite: list(remoteWriteSchema)
      .default([])
      .describe(
        "Remote write endpoints (Thanos Receive, Mimir, Cortex, VictoriaMetrics); credentials are secret keys, read from files. See [remote-write.md](remote-write.md).",
      ),
  }).prefault({}),
  kubernetes: obj({
    namespace: dnsLabel().default("monitoring").describe("The namespace every object goes into."),
    createNamespace: bool().default(true).describe("Create the namespace (labelled for the restricted Pod Security Standard), or use an existing one."),
    context: text("a kubeconfig context name").optional().describe("kubeconfig context of the target cluster (default: the current context)."),
    kubeconfig: text("a kubeconfig file path").optional().describe("kubeconfig file (default: the usual lookup)."),
    antiAffinity: oneOf(["required", "preferred"])
      .default("preferred")
      .describe("Spread Alertmanager replicas across nodes as a rule (`required`) or a preference."),
    uiNamespaces: list(dnsLabel()).default([]).describe("Namespaces allowed to reach the Alertmanager API and UI on 9093 (NetworkPolicy)."),
    prometheusNamespaces: list(dnsLabel()).default([]).describe("Namespaces allowed to reach Prometheus on 9090 (none by default; port-forward still works)."),
    ingress: ingressSchema
      .optional()
      .describe("An Ingress per web UI, and the controller's namespace let through their NetworkPolicies ([deployment.md](deployment.md#exposure))."),
    scheduling: schedulingSchema.prefault({}).describe("Where each workload's pods may run: tolerations, node selector, priority class, zone spread."),
  }).prefault({}),
  local: obj({
    namePrefix: dnsLabel().default("alerting").describe("Prefix of every container, network and volume name."),
    bindAddress: ipv4().default("127.0.0.1").describe("Host address the ports are published on."),
    alertmanagerPort: int(1, 65535).default(PORTS.alertmanagerWeb).describe("Host port of replica 0; replica i gets this plus i."),
    prometheusPort: int(1, 65535).default(PORTS.prometheus).describe("Host port of Prometheus."),
    capturePort: int(1, 65535).default(PORTS.capture).describe("Host port of the capture container (runs while a credential is unset)."),
    logMaxSize: text("a size such as 10m")
      .regex(/^\d+[kmg]$/, { error: "is not a log size; use e.g. 10m" })
      .default("10m")
      .describe("json-file log rotation: size of one file."),
    logMaxFiles: int(1, 100).default(3).describe("json-file log rotation: files kept."),
    centralNetwork: dnsLabel()
      .optional()
      .describe(
        "A local satellite (alerting:central): the docker network of the local central stack (its local.namePrefix), which its Prometheus joins to reach `am-<i>.<host>` ([multi-cluster.md](multi-cluster.md#both-roles-on-one-laptop)).",
      ),
  }).prefault({}),
  smtp: obj({
    smarthost: hostPort().describe("SMTP server as host:port."),
    from: emailAddress().describe("Sender address of e-mail notifications."),
    username: text("an SMTP user name").optional().describe("SMTP user; when set, the password comes from the secret named by `passwordCredential`."),
    passwordCredential: credentialKey().default(SMTP_PASSWORD_KEY).describe("The secret config key holding the SMTP password."),
    requireTls: bool().default(true).describe("Require STARTTLS."),
    hello: text("a host name").optional().describe("Host name sent in the SMTP HELO."),
  }).optional(),
  /** Access control for the Alertmanager and Prometheus web UIs and APIs (--web.config.file). */
  web: obj({
    auth: bool().optional().describe("Basic auth on every Alertmanager and Prometheus path; default on for kubernetes, off for local."),
    username: text("a user name")
      .regex(/^[a-zA-Z0-9_.-]{1,64}$/, { error: "is not a user name; use letters, digits, _, . and -" })
      .default("alerting")
      .describe("The one basic-auth user (password: secret `webPassword`, generated when unset)."),
  }).prefault({}),
  cluster: clusterSchema.optional(),
  central: centralSchema
    .optional()
    .describe(
      "This stack is a satellite: no Alertmanager of its own; Prometheus sends to the central stack's Alertmanager cluster over HTTPS ([multi-cluster.md](multi-cluster.md)).",
    ),
  satellites: satellitesSchema
    .optional()
    .describe(
      "This stack is a central: its Alertmanager cluster is exposed to satellites, one Ingress host per replica and one user per satellite ([multi-cluster.md](multi-cluster.md)).",
    ),
  global: nativeGlobalSchema.optional(),
  resolveTimeout: duration().default("5m").describe("Alertmanager `resolve_timeout`: when an alert without an end time counts as resolved."),
  severityWords: severityWords()
    .default({})
    .describe(
      'Your teams\' severity words, by the routing severity each means, e.g. `{critical: [page, crit], warning: [warn]}`: routes and inhibit rules on `severity="critical"` then also match `page`, and the alert keeps its own word.',
    ),
  unknownSeverityReceiver: name()
    .optional()
    .describe("Where an alert whose severity is unknown or missing goes when no other route takes it. Unset: the root route's receiver."),
  route: rootRoute
    .prefault({ receiver: DEFAULT_ROOT_ROUTE.receiver })
    .describe("The root route: the receiver of whatever no route matches, and the default grouping and timings."),
  receivers: list(receiverSchema)
    .min(1, { error: "is empty; define at least the root route's receiver" })
    .prefault(DEFAULT_RECEIVERS)
    .describe("Receivers: a name and the integrations that deliver for it."),
  routes: list(routeSchema)
    .prefault(DEFAULT_ROUTES)
    .describe("Routes under the root, first match wins unless `continue`; each may hold `routes` of its own, to any depth."),
  inhibitRules: list(inhibitRuleSchema)
    .prefault(DEFAULT_INHIBIT_RULES)
    .describe("While a source alert fires, matching target alerts with equal labels are not sent."),
  timeIntervals: list(timeIntervalSchema).prefault(DEFAULT_TIME_INTERVALS).describe("Named time intervals that routes mute in or are active in."),
  audit: auditSchema.describe(
    "Audit trail: Alertmanager's event recorder (alerts, notifications, silences, inhibitions) in a size-bounded file on each replica's data volume, optionally POSTed to a collector ([audit.md](audit.md)).",
  ),
  heartbeat: obj({
    credential: credentialKey().default(HEARTBEAT_URL_KEY).describe("The secret config key holding the dead man's switch URL (a webhook)."),
    interval: duration().default("1m").describe("How often Watchdog is sent to it; the service should alarm after missing a few."),
  })
    .optional()
    .describe("Dead man's switch: Watchdog, always firing, is sent here at every interval. Unset: Watchdog goes nowhere and `render` warns."),
  teams: obj({
    folder: projectFolder()
      .optional()
      .describe("Project folder of team files, one `<team>.yaml` per team (default `teams`, none when that folder does not exist)."),
    label: labelName().default("team").describe('A team\'s alerts are those with `<label>="<team>"`, unless its file sets `matchers`.'),
    continue: bool().default(false).describe("After a team's routes, go on to the stack's routes too (the stack's routes then also see team alerts)."),
  })
    .prefault({})
    .describe("Team-owned routing: each team's receivers, routes, inhibit rules and time intervals, nested under the team's matchers."),
  silences: list(silenceSchema)
    .default([])
    .describe(
      "Maintenance windows as code: each a `name`, `matchers` (as in routes), `startsAt` and `endsAt` (RFC 3339), a `comment` and its `author`; `pulumi up` creates, replaces and expires them in Alertmanager and never touches silences made by hand. See [silences.md](silences.md).",
    ),
  silenceMaxDuration: duration()
    .default(DEFAULT_SILENCE_MAX_DURATION)
    .describe("The longest a declared silence may last (endsAt - startsAt); a longer one is refused."),
  templates: obj({
    folders: list(projectFolder())
      .default([])
      .describe("Project folders of notification templates (`*.tmpl`, Go templates), deployed beside the program's; integration fields may call them."),
  })
    .prefault({})
    .describe("Your own notification templates."),
  rules: obj({
    presets: list(oneOf(RULE_PRESETS))
      .default([...RULE_PRESETS])
      .describe("Rule presets deployed; each can be left out (`[]` deploys none)."),
    runbookBaseUrl: httpUrl().default("https://runbooks.example.com/alerting").describe("Every preset rule links `<runbookBaseUrl>/<alertname>`."),
    successRate: threshold(0.95, 0.9),
    queueDepth: threshold(100, 500),
    latencySeconds: threshold(120, 300),
    /** Pending duration per preset alert name, e.g. { WorkerDown: "5m" }. */
    for: z
      .partialRecord(z.enum(PRESET_ALERT_NAMES), duration(), {
        // zod reports keys outside the enum as unrecognized_keys, which its issue type for records omits.
        error: (issue) => {
          const keys = (issue as { keys?: string[] }).keys;
          return keys
            ? `names ${keys.map((k) => JSON.stringify(k)).join(", ")}, not a preset alert; use one of ${PRESET_ALERT_NAMES.join(", ")}`
            : "is not a map of alert names to durations";
        },
      })
      .default({}),
    groups: list(ruleGroupSchema)
      .default([])
      .describe("Your own rule groups, in Prometheus' rule-file format (the entries under `groups:`), deployed together as one rule file."),
    folders: list(projectFolder())
      .default([])
      .describe(
        "Project folders of Prometheus rule files and PrometheusRule manifests (`*.yml`, `*.yaml`) and their promtool tests (`*.test.yml`), relative to the project root.",
      ),
    requiredLabels: list(labelName()).default([]).describe("Labels every alerting rule of yours must set, e.g. tenant_id."),
    strict: bool()
      .default(false)
      .describe(
        "Make the program's own rule checks (known severity, required labels, classic names, group names unique across files) errors instead of warnings.",
      ),
  }).prefault({}),
});

export type AlertingConfigInput = z.input<typeof alertingConfigSchema>;
export type AlertingConfig = z.output<typeof alertingConfigSchema>;
export type ReceiverConfig = z.output<typeof receiverSchema>;
export type ResourcesOverride = z.output<typeof resources>;

/** Top-level keys the schema owns; every other `alerting:` key must be a credential. */
export const CONFIG_KEYS = Object.keys(alertingConfigSchema.shape);
