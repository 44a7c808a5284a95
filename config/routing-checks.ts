/**
 * Checks of a routing section — the stack config's, or one team file's — at any depth of the
 * route tree: names unique, every receiver and time interval a route names defined, `group_by`
 * sane, timings positive, time ranges forwards. Pure; each returns every problem it finds.
 */
import { duplicates } from "./errors";
import type { ConfigIssue } from "./errors";
import { parseDurationMs } from "./quantities";
import type { RouteConfig, TimeIntervalConfig } from "./routing-schema";

export interface RoutingSection {
  /** The root route: the stack config has one; a team file names its catch-all receiver instead. */
  route?: { receiver: string };
  receivers: { name: string }[];
  routes: RouteConfig[];
  timeIntervals: TimeIntervalConfig[];
}

/** Every route of the tree, depth first, with its key path. */
export function walkRoutes(routes: RouteConfig[], path: PropertyKey[] = ["routes"]): { route: RouteConfig; path: PropertyKey[] }[] {
  return routes.flatMap((route, i) => [{ route, path: [...path, i] }, ...walkRoutes(route.routes, [...path, i, "routes"])]);
}

function checkGroupBy(path: PropertyKey[], groupBy: string[] | undefined): ConfigIssue[] {
  if (!groupBy || !groupBy.includes("...") || groupBy.length === 1) {
    // Stryker disable next-line ArrayDeclaration: with no groupBy any one-element list has no duplicates either
    return duplicates(groupBy ?? []).map((i) => ({ path: [...path, i], value: groupBy![i], message: "is listed twice" }));
  }
  return [{ path, value: groupBy, message: 'mixes "..." with label names; use ["..."] alone (group by all labels) or label names only' }];
}

function checkTimings(path: PropertyKey[], t: { groupInterval?: string; repeatInterval?: string }): ConfigIssue[] {
  return (["groupInterval", "repeatInterval"] as const).flatMap((field) =>
    // Stryker disable next-line ConditionalExpression: parseDurationMs(undefined) is undefined, never 0
    t[field] !== undefined && parseDurationMs(t[field]!) === 0
      ? [{ path: [...path, field], value: t[field], message: "is zero; Alertmanager needs a positive duration, e.g. 5m" }]
      : [],
  );
}

/** The root route's grouping and timings. */
export function checkRootRoute(route: { groupBy?: string[]; groupInterval?: string; repeatInterval?: string }): ConfigIssue[] {
  return [...checkGroupBy(["route", "groupBy"], route.groupBy), ...checkTimings(["route"], route)];
}

/** `file`: the team file the section comes from; unset, the stack config. */
export function checkRouting(section: RoutingSection, file?: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (issue: ConfigIssue) => issues.push(file === undefined ? issue : { ...issue, file });
  const receiverNames = section.receivers.map((r) => r.name);
  const intervalNames = section.timeIntervals.map((t) => t.name);
  const routes = walkRoutes(section.routes);
  for (const i of duplicates(receiverNames)) {
    add({ path: ["receivers", i, "name"], value: receiverNames[i], message: "is defined twice; receiver names must be unique" });
  }
  for (const i of duplicates(intervalNames)) {
    add({ path: ["timeIntervals", i, "name"], value: intervalNames[i], message: "is defined twice; time interval names must be unique" });
  }
  const receiverRef = (path: PropertyKey[], value: string | undefined) => {
    if (value !== undefined && !receiverNames.includes(value)) {
      add({ path, value, message: `is not a defined receiver; use one of ${receiverNames.join(", ")}` });
    }
  };
  receiverRef(["route", "receiver"], section.route?.receiver);
  const routeNames = routes.map((r) => r.route.name);
  for (const i of duplicates(routeNames)) {
    add({ path: [...routes[i].path, "name"], value: routeNames[i], message: "is defined twice; route names must be unique" });
  }
  for (const { route, path } of routes) {
    receiverRef([...path, "receiver"], route.receiver);
    for (const field of ["muteTimeIntervals", "activeTimeIntervals"] as const) {
      route[field].forEach((name, j) => {
        if (!intervalNames.includes(name)) {
          add({
            path: [...path, field, j],
            value: name,
            message: `is not a defined time interval; use one of ${intervalNames.join(", ") || "(none: define timeIntervals)"}`,
          });
        }
      });
    }
    for (const issue of [...checkGroupBy([...path, "groupBy"], route.groupBy), ...checkTimings(path, route)]) add(issue);
  }
  section.timeIntervals.forEach((ti, i) =>
    ti.intervals.forEach((interval, j) =>
      // Stryker disable next-line ArrayDeclaration: a non-range entry compares undefined >= undefined, which is false
      (interval.times ?? []).forEach((t, k) => {
        if (t.start >= t.end) {
          add({ path: ["timeIntervals", i, "intervals", j, "times", k], value: t, message: "ends before it starts; use start < end, e.g. 09:00 to 17:00" });
        }
      }),
    ),
  );
  return issues;
}
