/**
 * Where two routing trees differ, so that the proof asks amtool only about label sets that can be
 * routed differently. Siblings are aligned by their whole subtrees (the longest common
 * subsequence); a route is changed when it has no partner, or its partner has other matchers,
 * receiver, `continue` or time intervals. A label set that satisfies no changed route's matchers
 * (with its ancestors') in either tree is routed alike by both: at every level it skips the same
 * changed siblings and enters the same unchanged ones, in the same order, with the same
 * `continue`. A route whose receiver or time intervals alone changed matters only to the label
 * sets that end there (no child matches them). Pure.
 */
import { formatMatcher, Matcher, matches } from "../config/matchers";
import type { ProofRoute } from "./alertmanager-config";
import type { Labels } from "./label-sets";

/** A route that differs, as the label sets that can be routed through it. */
interface Change {
  /** The matchers a label set must satisfy to reach it: its own and its ancestors'. */
  path: Matcher[];
  /**
   * Set when only its receiver or time intervals differ: those count only where it is where the
   * label set ends, which is when none of these children (their own matchers) matches.
   */
  unlessChild?: Matcher[][];
  /** Where it is, for messages: `route.routes[3] of base`. */
  where: string;
}

export interface ChangedRoutes {
  changes: Change[];
}

/** What decides whether a label set goes through a route, and on to its later siblings. */
const matching = (r: ProofRoute) => JSON.stringify([r.matchers.map(formatMatcher), r.continue]);
/** What routing reads of a route itself, its children aside. */
const own = (r: ProofRoute) => JSON.stringify([matching(r), r.receiver, r.muteTimeIntervals, r.activeTimeIntervals]);

function subtreeKeys(root: ProofRoute): Map<ProofRoute, string> {
  const keys = new Map<ProofRoute, string>();
  const key = (r: ProofRoute): string => {
    const k = JSON.stringify([own(r), r.routes.map(key)]);
    keys.set(r, k);
    return k;
  };
  key(root);
  return keys;
}

/** Index pairs of a longest common subsequence of two key lists. */
function commonSubsequence(a: string[], b: string[]): [number, number][] {
  const length = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) length[i][j] = a[i] === b[j] ? length[i + 1][j + 1] + 1 : Math.max(length[i + 1][j], length[i][j + 1]);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (length[i + 1][j] >= length[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

export function changedRoutes(base: { name: string; route: ProofRoute }, candidate: { name: string; route: ProofRoute }): ChangedRoutes {
  const [baseKeys, candidateKeys] = [subtreeKeys(base.route), subtreeKeys(candidate.route)];
  const changed: ChangedRoutes = { changes: [] };
  const mark = (r: ProofRoute, path: Matcher[], config: string, onlyWhereItEnds = false) =>
    changed.changes.push({
      path: [...path, ...r.matchers],
      ...(onlyWhereItEnds && { unlessChild: r.routes.map((c) => c.matchers) }),
      where: `${r.where} of ${config}`,
    });
  const compare = (a: ProofRoute, b: ProofRoute, aAbove: Matcher[], bAbove: Matcher[]) => {
    if (baseKeys.get(a) === candidateKeys.get(b)) return;
    if (matching(a) !== matching(b)) {
      mark(a, aAbove, base.name);
      mark(b, bAbove, candidate.name);
      return;
    }
    // The same matchers and continue: the children decide as before, and a child that inherits the new receiver differs itself.
    if (own(a) !== own(b)) {
      mark(a, aAbove, base.name, true);
      mark(b, bAbove, candidate.name, true);
    }
    const [aPath, bPath] = [
      [...aAbove, ...a.matchers],
      [...bAbove, ...b.matchers],
    ];
    const anchors = [
      ...commonSubsequence(
        a.routes.map((r) => baseKeys.get(r)!),
        b.routes.map((r) => candidateKeys.get(r)!),
      ),
      [a.routes.length, b.routes.length],
    ];
    let [i, j] = [0, 0];
    for (const [nextI, nextJ] of anchors) {
      // Between two identical pairs: as many on each side are partners in order, else all changed.
      const [aRun, bRun] = [a.routes.slice(i, nextI), b.routes.slice(j, nextJ)];
      if (aRun.length === bRun.length) aRun.forEach((child, k) => compare(child, bRun[k], aPath, bPath));
      else {
        aRun.forEach((child) => mark(child, aPath, base.name));
        bRun.forEach((child) => mark(child, bPath, candidate.name));
      }
      [i, j] = [nextI + 1, nextJ + 1];
    }
  };
  compare(base.route, candidate.route, [], []);
  return changed;
}

/** Whether a label set can be routed through a changed route: only those can be routed differently. */
export const touchesChange = (labels: Labels, changed: ChangedRoutes): boolean => {
  const all = (ms: Matcher[]) => ms.every((m) => matches(m, labels));
  return changed.changes.some((c) => all(c.path) && !(c.unlessChild ?? []).some(all));
};
