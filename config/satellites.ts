/**
 * Many clusters, one alerting: a satellite stack runs Prometheus only and sends to a central
 * stack's Alertmanager cluster over HTTPS with basic auth; a central stack serves its satellites,
 * one basic-auth user per satellite. Every alert carries its stack's `cluster` label. Pure.
 */
import type { ConfigIssue } from "./errors";
import { annotations, credentialKey, dnsLabel, dnsSubdomain, httpUrl, isDnsSubdomain, list, name, obj, text } from "./fields";
import { PORTS } from "./ports";
import type { AlertingConfig } from "./schema";

/** The external label naming the stack's cluster: routes, inhibit rules and silences can match it. */
export const CLUSTER_LABEL = "cluster";

/** The secret key a satellite's password to the central is read from unless `central.passwordCredential` names another. */
export const CENTRAL_PASSWORD_KEY = "centralPassword";
/** The file (in Prometheus' secrets directory) holding the central's CA when it comes from the central stack's output. */
export const CENTRAL_CA_FILE = "centralCa";

/** The central's stack outputs a satellite reads through its StackReference. */
export const CENTRAL_OUTPUTS = {
  /** One https URL per central Alertmanager replica (not secret). */
  alertmanagers: "satelliteAlertmanagers",
  /** `SatelliteAccess`, a secret. */
  access: "satelliteAccess",
} as const;

/** What the central exports as a secret for its satellites. */
export interface SatelliteAccess {
  /** The CA satellites trust (PEM), when the central names one (`satellites.caCredential`). */
  ca?: string;
  /** Each client's password, by client name (its basic-auth user name). */
  passwords: Record<string, string>;
}

export type Role = "standalone" | "central" | "satellite";

const USER_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
const userName = () => text("a user name").regex(USER_NAME, { error: "is not a user name; use letters, digits, _, . and -" });

const stackName = () =>
  text("a stack name such as acme/alerting/prod").regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, {
    error: "is not a fully qualified stack name; use <organization>/<project>/<stack>, e.g. acme/alerting/prod",
  });

/** The Ingress API refuses an IP address as a host; a wildcard cannot be prefixed with a replica's name. */
const host = () =>
  text("a host name such as alerts.example.com").refine((v) => isDnsSubdomain(v) && !/^[\d.]+$/.test(v), {
    error: "is not a DNS name; use a host such as alerts.example.com (lower-case letters, digits, - and ., no IP address, no wildcard)",
  });

export const clusterSchema = name().describe(
  `The \`${CLUSTER_LABEL}\` label every alert of this stack carries (an external label); default: the stack name. A satellite's basic-auth user name too, unless \`central.username\` is set.`,
);

export const centralSchema = obj({
  stack: stackName()
    .optional()
    .describe("The central stack (`<organization>/<project>/<stack>`): a StackReference supplies its Alertmanager URLs, CA and this satellite's password."),
  alertmanagers: list(httpUrl())
    .min(1, { error: "is empty; list one https URL per central Alertmanager replica" })
    .optional()
    .describe("One https URL per central Alertmanager replica (never a load-balanced one); unset: the central stack's output."),
  username: userName().optional().describe("The basic-auth user this satellite sends as; default: `alerting:cluster`."),
  passwordCredential: credentialKey()
    .default(CENTRAL_PASSWORD_KEY)
    .describe("The secret key holding this satellite's password; unset with `stack`: the central's output supplies it."),
  caCredential: credentialKey()
    .optional()
    .describe("The secret key holding the CA the central's certificate is checked against; unset: the central's output, else the system's roots."),
  clientCertCredential: credentialKey()
    .optional()
    .describe("The secret key holding a client certificate (PEM) sent to the central; with `clientKeyCredential`."),
  clientKeyCredential: credentialKey().optional().describe("The secret key holding the client certificate's private key (PEM)."),
});

export const satellitesSchema = obj({
  host: host().describe("Replica i of the Alertmanager cluster is exposed at `am-<i>.<host>`: satellites send to every replica."),
  tlsSecretName: dnsSubdomain().describe("Secret of type kubernetes.io/tls covering `am-<i>.<host>` for every replica (e.g. a wildcard `*.<host>`)."),
  className: dnsSubdomain().optional().describe("`ingressClassName`; unset: the cluster's default IngressClass."),
  annotations: annotations().default({}).describe("Annotations of the satellites' Ingress: controller settings, cert-manager issuer."),
  controllerNamespace: dnsLabel()
    .optional()
    .describe("Namespace of the ingress controller's pods, admitted on 9093; default: `kubernetes.ingress.controllerNamespace`, else ingress-nginx."),
  caCredential: credentialKey()
    .optional()
    .describe("The secret key holding the CA satellites check the Ingress certificate against, exported to them; unset: public roots."),
  clients: list(
    obj({
      name: userName().describe("The satellite's basic-auth user name: its `alerting:cluster` (or its `central.username`)."),
      passwordCredential: credentialKey().optional().describe("The secret key holding this client's password; unset: generated and exported as a secret."),
    }),
  )
    .min(1, { error: "is empty; list one client per satellite" })
    .describe("One client per satellite; removing one revokes it at the next request (no restart)."),
});

/** This stack sends to a central: where, as whom, with which files (each in Prometheus' secrets directory, named like its key). */
export interface CentralSpec {
  stack?: string;
  /** Explicit URLs; unset, the central stack's `satelliteAlertmanagers` output (components resolve it before rendering). */
  alertmanagers?: string[];
  username: string;
  password: { file: string; from: "secret" | "stack" };
  /** Absent: the system's roots. `stack`: the central's output, when it exports one. */
  ca?: { file: string; from: "secret" | "stack" };
  clientCert?: { certFile: string; keyFile: string };
}

export interface SatelliteClientSpec {
  name: string;
  password: { from: "secret"; key: string } | { from: "generated" };
}

/** This stack serves satellites: one Ingress host per Alertmanager replica, one user per client. */
export interface SatellitesSpec {
  host: string;
  tlsSecretName: string;
  className?: string;
  annotations: Record<string, string>;
  controllerNamespace: string;
  caCredential?: string;
  clients: SatelliteClientSpec[];
  /** `https://am-<i>.<host>` for every replica: what satellites send to. */
  alertmanagers: string[];
}

/** The fields AlertingSpec gains. */
export interface MultiClusterSpec {
  cluster: string;
  role: Role;
  central?: CentralSpec;
  satellites?: SatellitesSpec;
}

export const DEFAULT_INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";
/** The cluster label of a spec built without a stack name (tests, tools reading a stack file). */
const DEFAULT_CLUSTER = "default";

/** Host of replica `i` behind the satellites' Ingress. */
export const replicaHost = (host: string, i: number): string => `am-${i}.${host}`;

/**
 * What satellites send to: every replica by its own host. On Kubernetes the Ingress answers on 443;
 * a local central has no Ingress, so its replicas answer on Alertmanager's own port.
 */
export const centralReplicaUrls = (host: string, replicas: number, target: AlertingConfig["target"]): string[] =>
  Array.from({ length: replicas }, (_, i) => `https://${replicaHost(host, i)}${target === "local" ? `:${PORTS.alertmanagerWeb}` : ""}`);

/** Keys a satellite's routing would use; a satellite runs no Alertmanager, so they are unused there. */
const ALERTMANAGER_ONLY_KEYS = [
  "route",
  "receivers",
  "routes",
  "inhibitRules",
  "timeIntervals",
  "smtp",
  "global",
  "heartbeat",
  "templates",
  "silences",
  "silenceMaxDuration",
  "audit",
] as const;

export const roleOf = (config: Pick<AlertingConfig, "central" | "satellites">): Role =>
  config.central ? "satellite" : config.satellites ? "central" : "standalone";

/** The central's secret keys this satellite reads from its own config (not the StackReference). */
function centralSecretKeys(config: AlertingConfig, values: Record<string, unknown>): string[] {
  const c = config.central;
  if (!c) return [];
  const password = !c.stack || c.passwordCredential in values ? [c.passwordCredential] : [];
  return [...password, ...[c.caCredential, c.clientCertCredential, c.clientKeyCredential].filter((k): k is string => k !== undefined)];
}

/** The central's secret keys: the CA it exports and the clients' passwords it was given. */
function satellitesSecretKeys(config: AlertingConfig): string[] {
  const s = config.satellites;
  if (!s) return [];
  return [s.caCredential, ...s.clients.map((c) => c.passwordCredential)].filter((k): k is string => k !== undefined);
}

/** Every secret key this feature reads; `values` tells whether an optional one (a satellite's own password with `stack`) is set. */
export function multiClusterCredentialKeys(config: AlertingConfig, values: Record<string, unknown>): string[] {
  return [...centralSecretKeys(config, values), ...satellitesSecretKeys(config)];
}

/** Prometheus' credential files of a satellite that come from its own secrets (read like scrape credentials). */
export function centralCredentials(config: AlertingConfig, values: Record<string, unknown>): { key: string; usedBy: string[] }[] {
  return centralSecretKeys(config, values).map((key) => ({ key, usedBy: ["alerting:central"] }));
}

/** The central's secrets that are not Prometheus' files: the exported CA and the clients' passwords. */
export const satellitesCredentialKeys = (spec: MultiClusterSpec): string[] =>
  spec.satellites
    ? [
        ...(spec.satellites.caCredential ? [spec.satellites.caCredential] : []),
        ...spec.satellites.clients.flatMap((c) => (c.password.from === "secret" ? [c.password.key] : [])),
      ]
    : [];

export function checkMultiCluster(
  config: AlertingConfig,
  values: Record<string, unknown>,
  webUsername: string,
  webAuth: boolean,
): { issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const required = (key: string, by: string) => {
    if (!(key in values)) issues.push({ path: [key], message: `is required by ${by}; set it with: pulumi config set --secret ${key} <value>` });
  };
  const labelled = config.prometheus.externalLabels[CLUSTER_LABEL];
  if (labelled !== undefined && config.cluster !== undefined && labelled !== config.cluster) {
    issues.push({
      path: ["prometheus", "externalLabels", CLUSTER_LABEL],
      value: labelled,
      message: `differs from alerting:${CLUSTER_LABEL} (${JSON.stringify(config.cluster)}), which sets the same label; keep one of them`,
    });
  }
  const { central, satellites } = config;
  if (central && satellites) {
    issues.push({
      path: ["central"],
      message: "is set together with alerting:satellites; a stack is either a satellite (central) or a central (satellites), not both",
    });
  }
  if (central) {
    if (!central.stack && !central.alertmanagers) {
      issues.push({
        path: ["central"],
        value: central,
        message:
          "names neither stack nor alertmanagers; set central.stack (a StackReference to the central stack) or central.alertmanagers (one https URL per central replica)",
      });
    }
    central.alertmanagers?.forEach((url, i) => {
      if (!url.startsWith("https://")) {
        issues.push({
          path: ["central", "alertmanagers", i],
          value: url,
          message: "is not an https URL; a satellite sends to its central over TLS only, e.g. https://am-0.alerts.example.com",
        });
      }
    });
    if (!central.stack) required(central.passwordCredential, "alerting:central (this satellite's password; without central.stack nothing else supplies it)");
    for (const key of [central.caCredential, central.clientCertCredential, central.clientKeyCredential]) if (key) required(key, "alerting:central");
    if ((central.clientCertCredential === undefined) !== (central.clientKeyCredential === undefined)) {
      const missing = central.clientCertCredential === undefined ? "clientCertCredential" : "clientKeyCredential";
      issues.push({ path: ["central", missing], message: "is required with the other one; a client certificate needs both the certificate and its key" });
    }
    for (const key of ALERTMANAGER_ONLY_KEYS) {
      if (key in values) {
        warnings.push(
          `alerting:${key} is set but unused: a satellite (alerting:central) runs no Alertmanager; the central stack's routing, silences and audit apply to its alerts (match them on ${CLUSTER_LABEL}="${config.cluster ?? "<this stack>"}")`,
        );
      }
    }
  }
  if (!central && config.local.centralNetwork !== undefined) {
    warnings.push(
      `alerting:local.centralNetwork is set but unused: only a satellite (alerting:central) joins a central's network; this stack is ${satellites ? "a central" : "standalone"}`,
    );
  }
  if (satellites) {
    if (!webAuth) {
      issues.push({
        path: ["web", "auth"],
        value: false,
        message: "is off while alerting:satellites is set; a central checks every satellite's credentials, so web access control must be on",
      });
    }
    const names = satellites.clients.map((c) => c.name);
    satellites.clients.forEach((client, i) => {
      if (client.name === webUsername) {
        issues.push({
          path: ["satellites", "clients", i, "name"],
          value: client.name,
          message: "is the web user (alerting:web.username); give each satellite a user of its own",
        });
      } else if (names.indexOf(client.name) !== i) {
        issues.push({ path: ["satellites", "clients", i, "name"], value: client.name, message: "is defined twice; each satellite is one client" });
      }
      if (client.passwordCredential) required(client.passwordCredential, `alerting:satellites.clients[${i}]`);
    });
    if (satellites.caCredential) required(satellites.caCredential, "alerting:satellites.caCredential");
  }
  return { issues, warnings };
}

/** The spec fields of this feature; `replicas` is the Alertmanager cluster's size, `stack` the Pulumi stack name. */
export function multiClusterSpec(
  config: AlertingConfig,
  values: Record<string, unknown>,
  replicas: number,
  stack: string | undefined,
): MultiClusterSpec & Record<"central" | "satellites", unknown> {
  // An external `cluster` label set before alerting:cluster existed keeps its meaning.
  const cluster = config.cluster ?? config.prometheus.externalLabels[CLUSTER_LABEL] ?? stack ?? DEFAULT_CLUSTER;
  const { central, satellites } = config;
  return {
    cluster,
    role: roleOf(config),
    // Both keys always set: they replace the configuration's own `central` and `satellites`.
    central: central && {
      ...(central.stack && { stack: central.stack }),
      ...(central.alertmanagers && { alertmanagers: central.alertmanagers }),
      username: central.username ?? cluster,
      password: { file: central.passwordCredential, from: !central.stack || central.passwordCredential in values ? "secret" : "stack" },
      ...(central.caCredential
        ? { ca: { file: central.caCredential, from: "secret" as const } }
        : central.stack && { ca: { file: CENTRAL_CA_FILE, from: "stack" as const } }),
      ...(central.clientCertCredential &&
        central.clientKeyCredential && { clientCert: { certFile: central.clientCertCredential, keyFile: central.clientKeyCredential } }),
    },
    satellites: satellites && {
      host: satellites.host,
      tlsSecretName: satellites.tlsSecretName,
      ...(satellites.className && { className: satellites.className }),
      annotations: satellites.annotations,
      controllerNamespace: satellites.controllerNamespace ?? config.kubernetes.ingress?.controllerNamespace ?? DEFAULT_INGRESS_CONTROLLER_NAMESPACE,
      ...(satellites.caCredential && { caCredential: satellites.caCredential }),
      clients: satellites.clients.map((c) => ({
        name: c.name,
        password: c.passwordCredential ? { from: "secret" as const, key: c.passwordCredential } : { from: "generated" as const },
      })),
      alertmanagers: centralReplicaUrls(satellites.host, replicas, config.target),
    },
  };
}

/**
 * A satellite's spec once the central's URLs are known (from config or the StackReference): the
 * URLs in place, the Alertmanager replica count the meta rules expect set to theirs, and the CA
 * dropped when the central exports none.
 */
export function withCentralResolved<S extends MultiClusterSpec & { alertmanager: { replicas: number } }>(
  spec: S,
  alertmanagers: string[],
  centralExportsCa: boolean,
): S {
  const central = spec.central;
  if (!central) return spec;
  if (alertmanagers.length === 0) throw new Error(`the central stack ${central.stack ?? ""} exports no Alertmanager URL (${CENTRAL_OUTPUTS.alertmanagers})`);
  const resolved: CentralSpec = { ...central, alertmanagers };
  if (central.ca?.from === "stack" && !centralExportsCa) delete resolved.ca;
  return { ...spec, alertmanager: { ...spec.alertmanager, replicas: alertmanagers.length }, central: resolved };
}

/** Whether Prometheus mounts its credentials Secret: scrape and remote write credentials, or a satellite's files for the central. */
export const prometheusHasCredentials = (spec: { scrapeCredentials: unknown[]; role: Role }): boolean =>
  spec.scrapeCredentials.length > 0 || spec.role === "satellite";

/**
 * The outputs a central stack's configuration leads to, secrets replaced by `fake(<what>)`: what
 * `npm run render` and the stack tests hand a satellite's StackReference in place of the backend.
 */
export function centralOutputsFromConfig(
  config: AlertingConfig,
  defaultReplicas: number,
  fake: (what: string) => string,
): { outputs: Record<string, unknown>; secretOutputNames: string[] } | undefined {
  const s = config.satellites;
  if (!s) return undefined;
  const replicas = config.alertmanager.replicas ?? defaultReplicas;
  const access: SatelliteAccess = {
    passwords: Object.fromEntries(s.clients.map((c) => [c.name, fake(c.passwordCredential ?? `${c.name}-password`)])),
    ...(s.caCredential && { ca: fake(s.caCredential) }),
  };
  return {
    outputs: {
      [CENTRAL_OUTPUTS.alertmanagers]: centralReplicaUrls(s.host, replicas, config.target),
      [CENTRAL_OUTPUTS.access]: access,
    },
    secretOutputNames: [CENTRAL_OUTPUTS.access],
  };
}
