/**
 * The routing Alertmanager gets: the program's Watchdog route (to the heartbeat receiver, or to
 * nothing), each team's subtree under its own matchers, then the stack's routes. Pure.
 */
import type { ConfigIssue } from "./errors";
import { formatMatcher } from "./matchers";
import type { InhibitRuleConfig, RouteConfig, TimeIntervalConfig } from "./routing-schema";
import type { AlertingConfig, ReceiverConfig } from "./schema";
import { alternation, knownSeverities, mergeWords, SEVERITY_LABEL, SeverityWords, widenSeverityMatchers } from "./severity-words";
import { Team, TEAM_SEPARATOR } from "./teams";

/** The receiver that delivers nothing: where Watchdog goes without a heartbeat. */
export const NULL_RECEIVER = "null";
export const HEARTBEAT_RECEIVER = "heartbeat";
export const WATCHDOG_ROUTE = "watchdog";
/** The route alerting:unknownSeverityReceiver adds after the stack's routes. */
export const UNKNOWN_SEVERITY_ROUTE = "unknown-severity";

export interface RoutingTree {
  receivers: ReceiverConfig[];
  routes: RouteConfig[];
  inhibitRules: InhibitRuleConfig[];
  timeIntervals: TimeIntervalConfig[];
}

/** What `npm run render` and `pulumi up` print: a gap, not wrong enough to stop a deployment. */
export function routingWarnings(config: AlertingConfig): string[] {
  return config.heartbeat
    ? []
    : ["alerting:heartbeat is not set: Watchdog goes nowhere, so nobody outside notices if alerting stops. Set it to a dead man's switch URL."];
}

const prefixed = (team: Team, name: string) => `${team.name}${TEAM_SEPARATOR}${name}`;

/** Every word the stack and its teams map: what an unknown severity is not. */
export function allSeverityWords(config: Pick<AlertingConfig, "severityWords">, teams: Pick<Team, "severityWords">[]): SeverityWords {
  return mergeWords(config.severityWords, ...teams.map((t) => t.severityWords));
}

/** A route and its children with their severity matchers widened to the words mapped onto them. */
function widenRoute(route: RouteConfig, words: SeverityWords): RouteConfig {
  return { ...route, matchers: widenSeverityMatchers(route.matchers, words), routes: route.routes.map((r) => widenRoute(r, words)) };
}

const widenInhibitRule = (rule: InhibitRuleConfig, words: SeverityWords): InhibitRuleConfig => ({
  ...rule,
  sourceMatchers: widenSeverityMatchers(rule.sourceMatchers, words),
  targetMatchers: widenSeverityMatchers(rule.targetMatchers, words),
});

function unknownSeverityRoute(receiver: string, words: SeverityWords): RouteConfig {
  return {
    name: UNKNOWN_SEVERITY_ROUTE,
    // An absent label is the empty string to a matcher, so this takes alerts without a severity too.
    matchers: [formatMatcher({ name: SEVERITY_LABEL, op: "!~", value: alternation(knownSeverities(words)) })],
    receiver,
    continue: false,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: [],
  };
}

function teamRoute(team: Team, route: RouteConfig): RouteConfig {
  return {
    ...route,
    ...(route.name !== undefined && { name: prefixed(team, route.name) }),
    ...(route.receiver !== undefined && { receiver: prefixed(team, route.receiver) }),
    muteTimeIntervals: route.muteTimeIntervals.map((n) => prefixed(team, n)),
    activeTimeIntervals: route.activeTimeIntervals.map((n) => prefixed(team, n)),
    routes: route.routes.map((r) => teamRoute(team, r)),
  };
}

/** A team's matchers joined to a matcher list, so what it selects is the team's alerts only. */
const teamOnly = (team: Team, matchers: string[]) => [...new Set([...team.matchers, ...matchers])];

/** The team's subtree: its matchers first, so nothing below can see another team's alert. */
function teamNode(team: Team, continues: boolean): RouteConfig {
  return {
    name: prefixed(team, "team"),
    matchers: team.matchers,
    receiver: prefixed(team, team.receiver),
    ...(team.groupBy && { groupBy: team.groupBy }),
    ...(team.groupWait && { groupWait: team.groupWait }),
    ...(team.groupInterval && { groupInterval: team.groupInterval }),
    ...(team.repeatInterval && { repeatInterval: team.repeatInterval }),
    continue: continues,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: team.routes.map((r) => teamRoute(team, r)),
  };
}

function watchdogRoute(config: AlertingConfig): RouteConfig {
  const interval = config.heartbeat?.interval;
  return {
    name: WATCHDOG_ROUTE,
    matchers: ['alertname="Watchdog"'],
    receiver: config.heartbeat ? HEARTBEAT_RECEIVER : NULL_RECEIVER,
    // Alertmanager sends a repeat only when a group is flushed, so the flush interval must be as short as the repeat.
    ...(interval && { groupWait: "0s", groupInterval: interval, repeatInterval: interval }),
    continue: false,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: [],
  };
}

/** Names the program gives itself: a stack that uses them would be routed in ways it did not write. */
const RESERVED_NAMES = [
  { list: "routes", name: WATCHDOG_ROUTE, message: "is the program's own route for Watchdog (see alerting:heartbeat); remove this route" },
  { list: "receivers", name: HEARTBEAT_RECEIVER, message: "is the dead man's switch receiver the program adds; configure it with alerting:heartbeat" },
  {
    list: "routes",
    name: UNKNOWN_SEVERITY_ROUTE,
    message: "is the program's own route for alerts of unknown severity (see alerting:unknownSeverityReceiver); remove this route",
  },
] as const;

export function checkReservedNames(config: AlertingConfig): ConfigIssue[] {
  return RESERVED_NAMES.flatMap(({ list, name, message }) =>
    config[list].flatMap((entry, i) => (entry.name === name ? [{ path: [list, i, "name"], value: name, message }] : [])),
  );
}

/** alerting:unknownSeverityReceiver names a receiver of the stack (`null`, which the program adds, included). */
export function checkUnknownSeverityReceiver(config: AlertingConfig): ConfigIssue[] {
  const receiver = config.unknownSeverityReceiver;
  const names = [...new Set([...config.receivers.map((r) => r.name), NULL_RECEIVER])];
  return receiver === undefined || names.includes(receiver)
    ? []
    : [{ path: ["unknownSeverityReceiver"], value: receiver, message: `is not a defined receiver; use one of ${names.join(", ")}` }];
}

export function routingTree(config: AlertingConfig, teams: Team[]): RoutingTree {
  const hasNull = config.receivers.some((r) => r.name === NULL_RECEIVER);
  const heartbeat: ReceiverConfig[] = config.heartbeat
    ? [{ name: HEARTBEAT_RECEIVER, webhook: { credential: config.heartbeat.credential, sendResolved: false, maxAlerts: 1 } }]
    : [];
  return {
    receivers: [
      ...config.receivers,
      ...(hasNull || config.heartbeat ? [] : [{ name: NULL_RECEIVER }]),
      ...heartbeat,
      ...teams.flatMap((team) => team.receivers.map((r) => ({ ...r, name: prefixed(team, r.name) }))),
    ],
    routes: [
      watchdogRoute(config),
      ...teams.map((team) => widenRoute(teamNode(team, config.teams.continue), mergeWords(config.severityWords, team.severityWords))),
      ...config.routes.map((r) => widenRoute(r, config.severityWords)),
      ...(config.unknownSeverityReceiver ? [unknownSeverityRoute(config.unknownSeverityReceiver, allSeverityWords(config, teams))] : []),
    ],
    inhibitRules: [
      ...config.inhibitRules.map((rule) => widenInhibitRule(rule, config.severityWords)),
      ...teams.flatMap((team) =>
        team.inhibitRules.map((rule) =>
          widenInhibitRule(
            {
              ...rule,
              ...(rule.name !== undefined && { name: prefixed(team, rule.name) }),
              sourceMatchers: teamOnly(team, rule.sourceMatchers),
              targetMatchers: teamOnly(team, rule.targetMatchers),
            },
            mergeWords(config.severityWords, team.severityWords),
          ),
        ),
      ),
    ],
    timeIntervals: [...config.timeIntervals, ...teams.flatMap((team) => team.timeIntervals.map((ti) => ({ ...ti, name: prefixed(team, ti.name) })))],
  };
}
