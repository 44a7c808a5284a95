/** Routing configurations for the routing and team tests: a small base, folders from a map, and the issues buildSpec reports. */
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "../../components/render/alertmanager";
import { ConfigError, formatIssue } from "../../config/errors";
import type { FolderReader } from "../../config/rule-folders";
import { AlertingSpec, buildSpec } from "../../config/spec";
import { AM_PATHS } from "./render-fixtures";

export const BASE = {
  target: "local",
  receivers: [{ name: "default" }, { name: "pager" }],
  route: { receiver: "default" },
  routes: [],
  inhibitRules: [],
  timeIntervals: [],
};

/** Project files by path; a folder is whatever paths start with it. */
export function folders(files: Record<string, string>): FolderReader {
  return (folder) => {
    const found = Object.entries(files).filter(([p]) => p.startsWith(`${folder}/`));
    return found.length > 0 ? found.map(([path, text]) => ({ path, text })) : undefined;
  };
}

export const spec = (values: Record<string, unknown> = {}, files: Record<string, string> = {}, secrets: Record<string, string> = {}): AlertingSpec =>
  buildSpec({ values: { ...BASE, ...values, ...secrets }, secretKeys: new Set(Object.keys(secrets)), readFolder: folders(files) });

/** Every problem buildSpec reports, formatted as the user sees it; [] when valid. */
export function problems(values: Record<string, unknown>, files: Record<string, string> = {}): string[] {
  try {
    spec(values, files);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map(formatIssue);
  }
}

export const rendered = (s: AlertingSpec) => parse(renderAlertmanagerConfig(s, { paths: AM_PATHS }));
