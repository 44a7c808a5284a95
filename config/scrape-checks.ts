/**
 * Checks on what Prometheus scrapes, after the schema: job names unique (and not the built-in
 * ones), discovery only where there is a Kubernetes API, and target credentials set as secrets on
 * every target (there is no stand-in for a scrape credential). Pure.
 */
import type { ConfigIssue } from "./errors";
import type { AlertingConfig } from "./schema";
import { BUILT_IN_JOBS, scrapeCredentialKeys } from "./scrape-schema";

const RESERVED_JOB_NAMES: string[] = Object.values(BUILT_IN_JOBS);

export interface ScrapeCredentialSpec {
  /** The Pulumi config key, also the Secret key and the file name Prometheus reads. */
  key: string;
  /** `<job>: <use>` for each place that names it. */
  usedBy: string[];
}

export function scrapeCredentials(config: AlertingConfig): ScrapeCredentialSpec[] {
  const byKey = new Map<string, ScrapeCredentialSpec>();
  for (const job of config.prometheus.scrapeJobs) {
    for (const { key, use } of scrapeCredentialKeys(job)) {
      const entry = byKey.get(key) ?? { key, usedBy: [] };
      entry.usedBy.push(`${job.name} (${use})`);
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
      issues.push({ path: [c.key], message: `is used by a receiver and by scrape job ${c.usedBy.join(", ")}; give the scrape job its own credential key` });
    } else if (!(c.key in values)) {
      issues.push({ path: [c.key], message: `is required by scrape job ${c.usedBy.join(", ")}; set it with: pulumi config set --secret ${c.key} <value>` });
    }
  }
  return issues;
}
