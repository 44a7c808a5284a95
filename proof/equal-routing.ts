/**
 * The proof that two Alertmanager configurations route alike: amtool reads both routing trees
 * alike (then every alert is routed alike), or else every label set derived from both trees'
 * matchers goes to the same receivers in both, as the real amtool decides, each through routes
 * with the same time intervals; and the inhibit rules and time intervals are the same once
 * normalised. Guarantees and limits: docs/route-diff.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { formatMatcher } from "../config/matchers";
import { atExit } from "../harness/processes";
import { matchingRoutes } from "../harness/route-explain";
import { ProofInhibitRule, ProofRoute, readRoutingConfig, RoutingConfig } from "./alertmanager-config";
import { amtoolReceivers, amtoolTree } from "./amtool-routes";
import { Derivation, deriveLabelSets, Labels } from "./label-sets";
import { inPool } from "./pool";
import { changedRoutes, touchesChange } from "./tree-diff";

export interface ConfigInput {
  /** What the verdict calls it: `HEAD~1`, `working tree`, a file name. */
  name: string;
  /** The alertmanager.yml text. */
  text: string;
}

export interface Answer {
  /** amtool's receivers, in the tree's order. */
  receivers: string[];
  /** Each matched route as `receiver (muted during ...; only during ...)`; sorted, so order alone is no difference. */
  routes: string[];
}

export interface RoutingDifference {
  labels: Labels;
  /** How the label set was derived. */
  why: string;
  base: Answer;
  candidate: Answer;
}

/** amtool and the program's walk of the tree disagree: the walk (or its JavaScript reading of a Go regex) is wrong there. */
export interface Disagreement {
  config: string;
  labels: Labels;
  amtool: string;
  walk: string;
}

export interface Verdict {
  base: string;
  candidate: string;
  equal: boolean;
  /**
   * amtool prints both routing trees alike and their routes have the same time intervals: every
   * label set is routed alike, so none was asked (labelSets 0). A proof of all label sets, not of some.
   */
  sameTree: boolean;
  /** Label sets derived from both trees (when they differ). */
  derivedLabelSets: number;
  /**
   * Label sets asked, each of both configurations: those that satisfy the matchers of a route
   * that differs between the trees (proof/tree-diff: no other can be routed differently), or all
   * derived ones with `everyLabelSet`, or where only amtool's reading tells the trees apart.
   */
  labelSets: number;
  /** amtool calls made: the tree and each label set, for each configuration (once when the two texts are the same bytes). */
  amtoolCalls: number;
  routing: RoutingDifference[];
  inhibitRules: { onlyInBase: ProofInhibitRule[]; onlyInCandidate: ProofInhibitRule[] };
  /** Time intervals added, removed or changed (normalised content as JSON; absent on the side that lacks it). */
  timeIntervals: { name: string; base?: string; candidate?: string }[];
  disagreements: Disagreement[];
  /** What no label set could exercise: such a route or regex is not covered by the proof. */
  gaps: string[];
}

export interface ProofOptions {
  /** The amtool binary (harness/binaries). */
  amtool: string;
  /** amtool calls run at once; the number of cores when not given. */
  concurrency?: number;
  /** Ask amtool every derived label set, also those that reach only routes alike in both trees. */
  everyLabelSet?: boolean;
}

/** A route as harness/route-explain's walk reads it, from the normalised one. */
interface WalkRoute {
  receiver: string;
  matchers: string[];
  continue: boolean;
  mute_time_intervals: string[];
  active_time_intervals: string[];
  routes: WalkRoute[];
}

const walkRoute = (r: ProofRoute): WalkRoute => ({
  receiver: r.receiver,
  matchers: r.matchers.map(formatMatcher),
  continue: r.continue,
  mute_time_intervals: r.muteTimeIntervals,
  active_time_intervals: r.activeTimeIntervals,
  routes: r.routes.map(walkRoute),
});

function routeEntry(route: WalkRoute, receiver: string): string {
  const intervals = [
    ...(route.mute_time_intervals.length > 0 ? [`muted during ${route.mute_time_intervals.join(", ")}`] : []),
    ...(route.active_time_intervals.length > 0 ? [`only during ${route.active_time_intervals.join(", ")}`] : []),
  ];
  return intervals.length > 0 ? `${receiver} (${intervals.join("; ")})` : receiver;
}

/** The program's walk of the tree (harness/route-explain): the routes a label set reaches, each with its time intervals. Pure. */
export function walkAnswer(config: RoutingConfig, labels: Labels): Answer {
  const walked = matchingRoutes(walkRoute(config.route), labels);
  return { receivers: walked.map((w) => w.receiver), routes: walked.map((w) => routeEntry(w.route as WalkRoute, w.receiver)).sort() };
}

const ruleKey = (r: ProofInhibitRule) => JSON.stringify([r.sourceMatchers, r.targetMatchers, r.equal]);

function compareInhibitRules(base: RoutingConfig, candidate: RoutingConfig): Verdict["inhibitRules"] {
  const keys = (c: RoutingConfig) => new Set(c.inhibitRules.map(ruleKey));
  const [inBase, inCandidate] = [keys(base), keys(candidate)];
  const only = (c: RoutingConfig, other: Set<string>) => [
    ...new Map(c.inhibitRules.filter((r) => !other.has(ruleKey(r))).map((r) => [ruleKey(r), r])).values(),
  ];
  return { onlyInBase: only(base, inCandidate), onlyInCandidate: only(candidate, inBase) };
}

function compareTimeIntervals(base: RoutingConfig, candidate: RoutingConfig): Verdict["timeIntervals"] {
  const names = [...new Set([...base.timeIntervals.keys(), ...candidate.timeIntervals.keys()])].sort();
  return names
    .map((name) => ({ name, base: base.timeIntervals.get(name), candidate: candidate.timeIntervals.get(name) }))
    .filter((d) => d.base !== d.candidate)
    .map((d) => ({ name: d.name, ...(d.base !== undefined && { base: d.base }), ...(d.candidate !== undefined && { candidate: d.candidate }) }));
}

export async function proveEqualRouting(base: ConfigInput, candidate: ConfigInput, options: ProofOptions): Promise<Verdict> {
  const configs = [readRoutingConfig(base.text, base.name), readRoutingConfig(candidate.text, candidate.name)];
  const dir = mkdtempSync(path.join(tmpdir(), "proven-alerting-proof-"));
  const cancel = atExit(() => rmSync(dir, { recursive: true, force: true }));
  // Byte-identical texts (an unchanged stack) are one input to amtool.
  const inputs = base.text === candidate.text ? [base] : [base, candidate];
  const normalisedAlike = JSON.stringify(walkRoute(configs[0].route)) === JSON.stringify(walkRoute(configs[1].route));
  let sameTree: boolean;
  let derivation: Derivation = { labelSets: [], gaps: [] };
  let derived = 0;
  let lines: string[] = [];
  try {
    const files = inputs.map((input, i) => {
      const file = path.join(dir, `${i === 0 ? "base" : "candidate"}.yml`);
      writeFileSync(file, input.text);
      return file;
    });
    const trees = await inPool(files, (file) => amtoolTree(options.amtool, file, configs[files.indexOf(file)].name), options.concurrency);
    // Both readings alike, amtool's and the normalised one (time intervals included): every label set is routed alike, none needs asking.
    sameTree = trees.every((t) => t === trees[0]) && normalisedAlike;
    if (!sameTree) {
      derivation = deriveLabelSets(configs);
      derived = derivation.labelSets.length;
      // Where only amtool tells the trees apart, the normalised ones cannot say where: every label set is asked.
      if (!options.everyLabelSet && !normalisedAlike) {
        const changed = changedRoutes(configs[0], configs[1]);
        derivation = { ...derivation, labelSets: derivation.labelSets.filter((s) => touchesChange(s.labels, changed)) };
      }
      const questions = files.flatMap((configFile, i) => derivation.labelSets.map(({ labels }) => ({ configFile, configName: configs[i].name, labels })));
      lines = await amtoolReceivers(options.amtool, questions, options.concurrency);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    cancel();
  }

  const { labelSets, gaps } = derivation;
  const disagreements: Disagreement[] = [];
  const answer = (config: RoutingConfig, labels: Labels, amtool: string): Answer => {
    const walked = walkAnswer(config, labels);
    const walk = walked.receivers.join(",");
    if (walk === amtool) return walked;
    disagreements.push({ config: config.name, labels, amtool, walk });
    return { receivers: amtool.split(","), routes: amtool.split(",").sort() };
  };
  const routing: RoutingDifference[] = [];
  labelSets.forEach(({ labels, why }, i) => {
    const [a, b] = [answer(configs[0], labels, lines[i]), answer(configs[1], labels, lines[labelSets.length + i])];
    if (a.routes.join("\n") !== b.routes.join("\n")) routing.push({ labels, why, base: a, candidate: b });
  });
  const inhibitRules = compareInhibitRules(configs[0], configs[1]);
  const timeIntervals = compareTimeIntervals(configs[0], configs[1]);
  return {
    base: base.name,
    candidate: candidate.name,
    equal:
      routing.length === 0 &&
      inhibitRules.onlyInBase.length === 0 &&
      inhibitRules.onlyInCandidate.length === 0 &&
      timeIntervals.length === 0 &&
      disagreements.length === 0,
    sameTree,
    derivedLabelSets: derived,
    labelSets: labelSets.length,
    amtoolCalls: inputs.length * (1 + labelSets.length),
    routing,
    inhibitRules,
    timeIntervals,
    disagreements,
    gaps,
  };
}
