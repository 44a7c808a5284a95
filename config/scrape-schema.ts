/**
 * What Prometheus scrapes besides itself and Alertmanager: static jobs (with target credentials
 * that are always secret config keys, mounted as files) and Kubernetes discovery.
 */
import { z } from "zod";
import { compileMatcherRegex } from "./matchers";
import { bool, credentialKey, dnsLabel, duration, hostPort, int, labelName, list, name, obj, text } from "./fields";

/** The jobs prometheus.yml always has (the last two with discovery on); user jobs take other names. */
export const BUILT_IN_JOBS = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  pods: "kubernetes-pods",
  services: "kubernetes-services",
} as const;

const RELABEL_ACTIONS = [
  "replace",
  "keep",
  "drop",
  "keepequal",
  "dropequal",
  "hashmod",
  "labelmap",
  "labeldrop",
  "labelkeep",
  "lowercase",
  "uppercase",
] as const;
/** Actions that write `target_label`, so need one. */
const WRITING_ACTIONS: readonly string[] = ["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"];

/** One relabel rule in Prometheus' own format (snake_case), pasted as it is. */
export const relabelSchema = obj({
  source_labels: list(labelName()).optional(),
  separator: text("a string").optional(),
  regex: text("an RE2 regular expression")
    .refine((v) => compileMatcherRegex(v) !== undefined, { error: "is not a valid regular expression; use RE2 syntax such as (.+):\\d+" })
    .optional(),
  target_label: text("a label name").optional(),
  replacement: text("a string").optional(),
  modulus: int(1, 1_000_000).optional(),
  action: z.enum(RELABEL_ACTIONS, { error: `is not accepted; use one of ${RELABEL_ACTIONS.join(", ")}` }).default("replace"),
}).superRefine((rule, ctx) => {
  if (WRITING_ACTIONS.includes(rule.action) && rule.target_label === undefined) {
    ctx.addIssue({ code: "custom", path: ["target_label"], input: undefined, message: `is required by action ${rule.action}` });
  }
  if (rule.action === "hashmod" && rule.modulus === undefined)
    ctx.addIssue({ code: "custom", path: ["modulus"], input: undefined, message: "is required by action hashmod" });
});

export const scrapeJobSchema = obj({
  name: name(),
  targets: list(hostPort()).min(1, { error: "is empty; list at least one host:port" }),
  metricsPath: text("a path").regex(/^\//, { error: "is not a path; use e.g. /metrics" }).default("/metrics"),
  scheme: z.enum(["http", "https"], { error: "is not accepted; use one of http, https" }).default("http"),
  scrapeInterval: duration().optional(),
  /** Secret config keys only: the values reach Prometheus as files, never inline. */
  basicAuth: obj({ username: text("a user name"), passwordCredential: credentialKey() }).optional(),
  bearerTokenCredential: credentialKey().optional(),
  tls: obj({
    caCredential: credentialKey().optional(),
    certCredential: credentialKey().optional(),
    keyCredential: credentialKey().optional(),
    serverName: text("a host name").optional(),
    insecureSkipVerify: bool().default(false),
  }).optional(),
  relabelConfigs: list(relabelSchema).default([]),
}).superRefine((job, ctx) => {
  if (job.basicAuth && job.bearerTokenCredential) {
    ctx.addIssue({
      code: "custom",
      path: ["bearerTokenCredential"],
      input: job.bearerTokenCredential,
      message: "is set with basicAuth; Prometheus sends one Authorization header, use one of them",
    });
  }
  if ((job.tls?.certCredential === undefined) !== (job.tls?.keyCredential === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["tls"],
      input: job.tls,
      message: "needs certCredential and keyCredential together (a client certificate and its key)",
    });
  }
});

export const discoverySchema = obj({
  namespaces: list(dnsLabel()).default([]),
  allNamespaces: bool().default(false),
}).superRefine((d, ctx) => {
  if (d.allNamespaces && d.namespaces.length > 0) {
    ctx.addIssue({ code: "custom", path: ["namespaces"], input: d.namespaces, message: "is set with allNamespaces: true; use one of them" });
  }
});

export type ScrapeJobConfig = z.output<typeof scrapeJobSchema>;
export type DiscoveryConfig = z.output<typeof discoverySchema>;

/** The credential keys a scrape job names, with what each is for. */
export function scrapeCredentialKeys(job: ScrapeJobConfig): { key: string; use: string }[] {
  return [
    job.basicAuth && { key: job.basicAuth.passwordCredential, use: "basic auth password" },
    job.bearerTokenCredential && { key: job.bearerTokenCredential, use: "bearer token" },
    job.tls?.caCredential && { key: job.tls.caCredential, use: "TLS CA" },
    job.tls?.certCredential && { key: job.tls.certCredential, use: "TLS client certificate" },
    job.tls?.keyCredential && { key: job.tls.keyCredential, use: "TLS client key" },
  ].filter((c): c is { key: string; use: string } => !!c);
}
