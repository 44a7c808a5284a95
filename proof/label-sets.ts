/**
 * The label sets the proof asks both configurations about, derived from the matchers of both
 * routing trees: for every route, a label set that satisfies its matchers and its ancestors'
 * (once per regex alternative), one per matcher on that path with just that matcher missed, and
 * for every route one that also matches each later sibling that can match with it (where
 * `continue` and the order of siblings decide). Two label sets that every matcher of both trees
 * answers alike are routed alike by both, so only one of them is kept. Pure.
 */
import { formatMatcher, Matcher, matches } from "../config/matchers";
import type { ProofRoute, RoutingConfig } from "./alertmanager-config";
import { regexWitnesses, Witnesses } from "./regex-witness";

export type Labels = Record<string, string>;

export interface DerivedLabelSet {
  labels: Labels;
  /** How it was derived, e.g. `reaches route.routes[2] of base`. */
  why: string;
}

export interface Derivation {
  labelSets: DerivedLabelSet[];
  /** Routes no label set reaches, and regexes no value was found to match (which the generator cannot read). */
  gaps: string[];
}

/** A value no matcher is likely to name, for a label that must differ from every named value. */
const OTHER_VALUE = "proof-other-value";

interface Placed {
  config: string;
  route: ProofRoute;
  /** Its ancestors' matchers and its own, root first. */
  path: Matcher[];
}

function placed(config: RoutingConfig): { routes: Placed[]; parents: { config: string; path: Matcher[]; children: ProofRoute[] }[] } {
  const routes: Placed[] = [];
  const parents: { config: string; path: Matcher[]; children: ProofRoute[] }[] = [];
  const walk = (route: ProofRoute, above: Matcher[]) => {
    const path = [...above, ...route.matchers];
    routes.push({ config: config.name, route, path });
    if (route.routes.length > 1) parents.push({ config: config.name, path, children: route.routes });
    route.routes.forEach((child) => walk(child, path));
  };
  walk(config.route, []);
  return { routes, parents };
}

const satisfies = (m: Matcher, value: string) => matches(m, { [m.name]: value });

export function deriveLabelSets(configs: RoutingConfig[]): Derivation {
  const trees = configs.map(placed);
  const routes = trees.flatMap((t) => t.routes);
  const all = new Map<string, Matcher>();
  for (const { route } of routes) for (const m of route.matchers) all.set(formatMatcher(m), m);
  const matchers = [...all.values()];

  const witnesses = new Map<string, Witnesses>();
  const witnessesOf = (m: Matcher) => {
    if (!witnesses.has(m.value)) witnesses.set(m.value, regexWitnesses(m.value));
    return witnesses.get(m.value)!;
  };
  const isRegex = (m: Matcher) => m.op === "=~" || m.op === "!~";

  // Every value any matcher of a label names or admits, absent first: the choices for that label.
  const universe = new Map<string, string[]>();
  for (const m of matchers) {
    const values = universe.get(m.name) ?? [""];
    if (isRegex(m)) {
      const w = witnessesOf(m);
      values.push(...w.matching, ...(w.refusing !== undefined ? [w.refusing] : []));
    } else values.push(m.value);
    universe.set(m.name, values);
  }
  for (const [name, values] of universe) universe.set(name, [...new Set([...values, OTHER_VALUE])]);

  /** A label set that satisfies `hold` and fails `miss`, taking `prefer`'s value for its label when that fits. */
  const choose = (hold: Matcher[], miss?: Matcher, prefer?: { name: string; value: string }): Labels | undefined => {
    const byLabel = new Map<string, Matcher[]>();
    for (const m of hold) byLabel.set(m.name, [...(byLabel.get(m.name) ?? []), m]);
    if (miss && !byLabel.has(miss.name)) byLabel.set(miss.name, []);
    const labels: Labels = {};
    for (const [name, constraints] of byLabel) {
      const equal = constraints.find((m) => m.op === "=");
      const candidates = [...(prefer?.name === name ? [prefer.value] : []), ...(equal ? [equal.value] : universe.get(name)!)];
      const value = candidates.find((v) => constraints.every((m) => satisfies(m, v)) && !(miss?.name === name && satisfies(miss, v)));
      if (value === undefined) return undefined;
      if (value !== "") labels[name] = value;
    }
    return labels;
  };

  const derived: DerivedLabelSet[] = [{ labels: {}, why: "no labels: the root route" }];
  const gaps: string[] = [];
  const add = (labels: Labels | undefined, why: string) => labels && derived.push({ labels, why });

  for (const { config, route, path } of routes) {
    if (route.where === "route") continue;
    const at = `${route.where} of ${config}`;
    const reached = choose(path);
    if (!reached) gaps.push(`no label set reaches ${at}: its matchers and its ancestors' contradict each other, or a regex among them has no witness`);
    add(reached, `reaches ${at}`);
    for (const m of route.matchers.filter((m) => m.op === "=~")) {
      for (const value of witnessesOf(m).matching)
        add(choose(path, undefined, { name: m.name, value }), `reaches ${at} with ${m.name}=${JSON.stringify(value)}`);
    }
    path.forEach((m, i) => {
      const missed = choose(
        path.filter((_, j) => j !== i),
        m,
      );
      add(missed, `misses ${formatMatcher(m)} on the way to ${at}`);
    });
  }
  for (const m of matchers.filter(isRegex)) {
    const { gap } = witnessesOf(m);
    // Another matcher's value may still match it; only a regex nothing matches leaves a hole.
    if (gap && !universe.get(m.name)!.some((v) => satisfies({ ...m, op: "=~" }, v))) gaps.push(`${formatMatcher(m)}: ${gap}`);
  }
  // Per route, the route and every later sibling that can match with it (greedily, in order):
  // where `continue` and the order of siblings decide, with one label set per route, not per pair.
  for (const { config, path, children } of trees.flatMap((t) => t.parents)) {
    children.forEach((first, i) => {
      let hold = [...path, ...first.matchers];
      const joined = [first.where];
      for (const later of children.slice(i + 1)) {
        if (choose([...hold, ...later.matchers])) {
          hold = [...hold, ...later.matchers];
          joined.push(later.where);
        }
      }
      if (joined.length > 1) add(choose(hold), `matches ${joined.join(", ")} of ${config} at once`);
    });
  }
  return { labelSets: distinct(derived, matchers), gaps: [...new Set(gaps)] };
}

/** One label set per way the matchers answer: routing reads nothing else, so the rest repeat a question. */
function distinct(sets: DerivedLabelSet[], matchers: Matcher[]): DerivedLabelSet[] {
  const seen = new Set<string>();
  return sets.filter(({ labels }) => {
    const answers = matchers.map((m) => (matches(m, labels) ? "1" : "0")).join("");
    if (seen.has(answers)) return false;
    seen.add(answers);
    return true;
  });
}
