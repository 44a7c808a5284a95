/**
 * Checks on what Prometheus scrapes and where it writes, after the schema: job and remote write
 * names unique (job names not the built-in ones), discovery only where there is a Kubernetes API,
 * and Prometheus' credentials (scrape targets, remote write endpoints) set as secrets on every
 * target (there is no stand-in for them). Pure.
 */
import type { ConfigIssue } from "./errors";
import { checkRemoteWrite, remoteWriteCredentialKeys } from "./remote-write";
import type { AlertingConfig } from "./schema";
import { BUILT_IN_JOBS, scrapeCredentialKeys } from "./scrape-schema";

const RESERVED_JOB_NAMES: string[] = Object.values(BUILT_IN_JOBS);

export interface ScrapeCredentialSpec {
  /** The Pulumi config key, also the Secret key and the file name Prometheus reads. */
  key: string;
  /** `scrape job <job> (<use>)` or `remote write <name> (<use>)` for each place that names it. */
  usedBy: string[];
}

/** Every credential Prometheus reads: those of scrape jobs, then those of remote write endpoints. */
export function scrapeCredentials(config: AlertingConfig): ScrapeCredentialSpec[] {
  const byKey = new Map<string, ScrapeCredentialSpec>();
  const users = [
    ...config.prometheus.scrapeJobs.map((job) => ({ user: `scrape job ${job.name}`, keys: scrapeCredentialKeys(job) })),
    ...config.prometheus.remoteWrite.map((endpoint) => ({ user: `remote write ${endpoint.name}`, keys: remoteWriteCredentialKeys(endpoint) })),
  ];
  for (const { user, keys } of users) {
    for (const { key, use } of keys) {
      const entry = byKey.get(key) ?? { key, usedBy: [] };
      entry.usedBy.push(`${user} (${use})`);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()];
}

export function checkScrape(config: AlertingConfig, values: Record<string, unknown>, receiverKeys: string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = config.prometheus.scrapeJobs.map((j) => j.name);
  names.forEach((jobName, i) => {
    if (RESERVED_JOB_NAMES.includes(jobName)) {
      issues.push({
        path: ["prometheus", "scrapeJobs", i, "name"],
        value: jobName,
        message: `is a job the stack defines itself; use another name than ${RESERVED_JOB_NAMES.join(", ")}`,
      });
    } else if (names.indexOf(jobName) !== i) {
      issues.push({ path: ["prometheus", "scrapeJobs", i, "name"], value: jobName, message: "is defined twice; scrape job names must be unique" });
    }
  });
  const discovery = config.prometheus.discovery;
  if (config.target !== "kubernetes" && (discovery.allNamespaces || discovery.namespaces.length > 0)) {
    issues.push({
      path: ["prometheus", "discovery"],
      value: discovery,
      message: "needs a Kubernetes API; it works with target kubernetes only (use scrapeJobs on local)",
    });
  }
  for (const c of scrapeCredentials(config)) {
    if (receiverKeys.includes(c.key)) {
      issues.push({ path: [c.key], message: `is used by a receiver and by ${c.usedBy.join(", ")}; give Prometheus its own credential key` });
    } else if (!(c.key in values)) {
      issues.push({ path: [c.key], message: `is required by ${c.usedBy.join(", ")}; set it with: pulumi config set --secret ${c.key} <value>` });
    }
  }
  return [...issues, ...checkRemoteWrite(config.prometheus.remoteWrite)];
}
