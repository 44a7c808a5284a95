/**
 * "Where does THIS alert go, and why?" for a label set: the receivers the real amtool routes it to
 * (with its tree of matching routes), each receiver's integrations and the route path that reached
 * it, the time intervals that mute it or must be active (and whether they are, at a given
 * instant), and the inhibit rules that could suppress it.
 */
import { execFileSync } from "child_process";
import { labelArgument } from "./amtool-labels";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse } from "yaml";
import { renderAlertmanagerConfig } from "../components/render/alertmanager";
import { INTEGRATION_KINDS } from "../config/integrations";
import { matches, parseMatcher } from "../config/matchers";
import { SEVERITIES } from "../config/fields";
import { severityOf, SEVERITY_LABEL } from "../config/severity-words";
import { SilenceSpec, silencesMuting } from "../config/silences";
import type { AlertingSpec } from "../config/spec";
import { isActive } from "./time-intervals";

type Labels = Record<string, string>;

/** A route of the rendered alertmanager.yml, as Alertmanager reads it. */
interface RenderedRoute {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RenderedRoute[];
}

interface IntervalState {
  name: string;
  activeNow: boolean;
}

export interface RoutedReceiver {
  receiver: string;
  integrations: string[];
  /** The matchers of each route from the root down to the one that matched (the root has none). */
  path: string[][];
  mutedBy: IntervalState[];
  activeOnlyDuring: IntervalState[];
  /** Not silenced, neither muted now nor outside an interval it needs. */
  deliversNow: boolean;
}

export interface RouteAnswer {
  labels: Labels;
  at: Date;
  receivers: RoutedReceiver[];
  /** amtool's tree of the matching routes, as it prints it. */
  amtoolTree: string;
  /** Inhibit rules whose target matchers match: a firing alert matching the source (with equal labels) would suppress this one. */
  inhibitedBy: { sourceMatchers: string[]; equal: string[] }[];
  /** What the routing makes of the alert's severity label: a routing severity, a word mapped onto one, or unknown. */
  severity: string;
  /** The declared silences (alerting:silences, team files) that mute it at `at`: nothing is notified while one does. */
  silencedBy: SilenceSpec[];
}

/** The severity label as the routing reads it (config/severity-words.ts). */
export function describeSeverity(labels: Labels, spec: Pick<AlertingSpec, "mappedSeverityWords" | "unknownSeverityReceiver" | "route">): string {
  const value = labels[SEVERITY_LABEL];
  const fallback = spec.unknownSeverityReceiver
    ? `the route unknown-severity to ${spec.unknownSeverityReceiver} (alerting:unknownSeverityReceiver) takes it unless another route does`
    : `unless another route takes it, it ends at the root route's receiver ${spec.route.receiver}`;
  if (value === undefined || value === "") return `no severity: no severity route matches; ${fallback}`;
  const meaning = severityOf(value, spec.mappedSeverityWords);
  if (meaning === value) return `severity ${value}: a routing severity`;
  if (meaning !== undefined) return `severity ${value}: routed as ${meaning} (alerting:severityWords); notifications show ${value}`;
  return `severity ${value}: neither a routing severity (${SEVERITIES.join(", ")}) nor a mapped word; ${fallback}`;
}

const matchesAll = (matchers: string[] | undefined, labels: Labels) => (matchers ?? []).every((m) => matches(parseMatcher(m)!, labels));

/** Alertmanager's routing: depth first; a matching child stops its later siblings unless it has `continue`; no matching child means the route itself. */
export function matchingRoutes(
  route: RenderedRoute,
  labels: Labels,
  inherited?: string,
  path: string[][] = [],
): { route: RenderedRoute; receiver: string; path: string[][] }[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const receiver = route.receiver ?? inherited!;
  const here = [...path, route.matchers ?? []];
  const found = [];
  for (const child of route.routes ?? []) {
    const matched = matchingRoutes(child, labels, receiver, here);
    found.push(...matched);
    if (matched.length > 0 && !child.continue) break;
  }
  return found.length > 0 ? found : [{ route, receiver, path: here }];
}

function amtoolRoutes(amtool: string, configFile: string, labels: Labels): { receivers: string[]; tree: string } {
  const args = ["config", "routes", "test", `--config.file=${configFile}`, "--tree", ...Object.entries(labels).map(([k, v]) => labelArgument(k, v))];
  const output = execFileSync(amtool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const lines = output.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("Warning:"));
  return { receivers: lines[lines.length - 1].split(","), tree: lines.slice(0, -1).join("\n") };
}

export function explainRoute(spec: AlertingSpec, labels: Labels, at: Date, amtool: string): RouteAnswer {
  const dir = mkdtempSync(path.join(tmpdir(), "proven-alerting-route-"));
  try {
    const paths = { configFile: path.join(dir, "alertmanager.yml"), templatesDir: dir, secretsDir: dir, storageDir: dir, webDir: dir };
    const rendered = renderAlertmanagerConfig(spec, { paths });
    writeFileSync(paths.configFile, rendered);
    const amtoolSays = amtoolRoutes(amtool, paths.configFile, labels);
    const config = parse(rendered) as { route: RenderedRoute; inhibit_rules?: { source_matchers: string[]; target_matchers: string[]; equal?: string[] }[] };
    const ours = matchingRoutes(config.route, labels);
    if (ours.map((m) => m.receiver).join(",") !== amtoolSays.receivers.join(","))
      throw new Error(
        `amtool routes ${JSON.stringify(labels)} to ${amtoolSays.receivers.join(", ")}, the program's walk to ${ours.map((m) => m.receiver).join(", ")}`,
      );
    const state = (name: string): IntervalState => {
      const interval = spec.timeIntervals.find((t) => t.name === name);
      return { name, activeNow: interval ? isActive(interval, at) : false };
    };
    const silencedBy = silencesMuting(labels, spec.silences, at);
    const receivers = ours.map(({ route, receiver, path: routePath }): RoutedReceiver => {
      const r = spec.receivers.find((x) => x.name === receiver);
      const mutedBy = (route.mute_time_intervals ?? []).map(state);
      const activeOnlyDuring = (route.active_time_intervals ?? []).map(state);
      return {
        receiver,
        integrations: r ? [...INTEGRATION_KINDS.filter((k) => r[k]), ...(r.email ? ["email"] : [])] : [],
        path: routePath,
        mutedBy,
        activeOnlyDuring,
        deliversNow: silencedBy.length === 0 && !mutedBy.some((i) => i.activeNow) && activeOnlyDuring.every((i) => i.activeNow),
      };
    });
    const inhibitedBy = (config.inhibit_rules ?? [])
      .filter((rule) => matchesAll(rule.target_matchers, labels))
      .map((rule) => ({ sourceMatchers: rule.source_matchers, equal: rule.equal ?? [] }));
    return { labels, at, receivers, amtoolTree: amtoolSays.tree, inhibitedBy, severity: describeSeverity(labels, spec), silencedBy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The route path as `npm run route` and the sandbox's form both show it. */
export function routeVia(routePath: string[][]): string {
  const via = routePath.filter((m) => m.length > 0).map((m) => `{${m.join(", ")}}`);
  return via.length > 0 ? via.join(" > ") : "the root route (no route matched)";
}

const intervals = (states: IntervalState[]) => states.map((s) => `${s.name} (${s.activeNow ? "active" : "not active"} now)`).join(", ");

/** How `npm run route` and the sandbox's form name a declared silence that mutes the alert. */
export const silenceLine = (s: Pick<SilenceSpec, "id" | "endsAt">) => `   muted by declared silence ${s.id} until ${s.endsAt}`;

/** The answer as the command prints it. */
export function formatAnswer(a: RouteAnswer): string {
  const labels = Object.entries(a.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const lines = [`${labels} at ${a.at.toISOString()}:`, `   ${a.severity}`, ...a.silencedBy.map(silenceLine), ""];
  for (const r of a.receivers) {
    lines.push(`${r.deliversNow ? "->" : "-x"} ${r.receiver} (${r.integrations.join(", ") || "no integration: delivers nothing"})`);
    lines.push(`   route: ${routeVia(r.path)}`);
    if (r.mutedBy.length > 0) lines.push(`   muted during: ${intervals(r.mutedBy)}`);
    if (r.activeOnlyDuring.length > 0) lines.push(`   only during: ${intervals(r.activeOnlyDuring)}`);
    if (!r.deliversNow) lines.push("   not notified at this time");
  }
  lines.push(
    "",
    a.inhibitedBy.length > 0 ? "Could be inhibited (while a matching source alert fires with the same labels listed):" : "No inhibit rule targets it.",
  );
  for (const rule of a.inhibitedBy) lines.push(`   by ${rule.sourceMatchers.join(", ")}${rule.equal.length > 0 ? ` (same ${rule.equal.join(", ")})` : ""}`);
  lines.push("", "amtool config routes test --tree:", a.amtoolTree);
  return `${lines.join("\n")}\n`;
}
