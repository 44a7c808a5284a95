/**
 * The Debian packages the test binaries come from, against what Debian has now: which suite still
 * has the pinned versions, which has newer ones, and, when the pin is gone, the edit of
 * config/versions.json that moves it. scripts/fetch-binaries.sh asks apt; this decides and words it.
 */
import VERSIONS from "../config/versions.json";

export interface Pin {
  /** The key in config/versions.json. */
  key: "alertmanager" | "prometheus";
  /** Debian's binary packages built from it, at one version. */
  packages: string[];
  debianPackage: string;
  version: string;
}

export const PINS: Pin[] = [
  { key: "alertmanager", packages: ["prometheus-alertmanager"], ...VERSIONS.alertmanager },
  { key: "prometheus", packages: ["prometheus", "promtool"], ...VERSIONS.prometheus },
];

const CONFIG_FILE = "config/versions.json";

/** One suite's answer: every package's version there (undefined: not in the suite), or none when its lists could not be read. */
export interface SuiteAnswer {
  suite: string;
  versions?: Record<string, string | undefined>;
}

/** dpkg's order of one character in a non-digit run: `~` before the end, the end before letters, letters before the rest. */
function order(c: string | undefined): number {
  if (c === undefined || /\d/.test(c)) return 0;
  if (c === "~") return -1;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's comparison of one part (upstream or revision): alternating non-digit runs, by `order`, and digit runs, as numbers. */
function compareFragment(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const digit = (s: string, k: number) => k < s.length && /\d/.test(s[k]);
  while (i < a.length || j < b.length) {
    while ((i < a.length && !digit(a, i)) || (j < b.length && !digit(b, j))) {
      const diff = order(a[i]) - order(b[j]);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    let endA = i;
    let endB = j;
    while (digit(a, endA)) endA++;
    while (digit(b, endB)) endB++;
    const diff = Number(a.slice(i, endA) || "0") - Number(b.slice(j, endB) || "0");
    if (diff !== 0) return diff;
    i = endA;
    j = endB;
  }
  return 0;
}

function split(version: string): { epoch: number; upstream: string; revision: string } {
  const colon = version.indexOf(":");
  const rest = version.slice(colon + 1);
  const dash = rest.lastIndexOf("-");
  return {
    epoch: colon < 0 ? 0 : Number(version.slice(0, colon)),
    upstream: dash < 0 ? rest : rest.slice(0, dash),
    revision: dash < 0 ? "0" : rest.slice(dash + 1),
  };
}

/** Debian's version order (`dpkg --compare-versions`): negative when a is older than b, 0 when equal, positive when newer. */
export function compareDebianVersions(a: string, b: string): number {
  const [x, y] = [split(a), split(b)];
  return x.epoch - y.epoch || compareFragment(x.upstream, y.upstream) || compareFragment(x.revision, y.revision);
}

/** The upstream release a Debian version packages: `3.5.3+ds1-6` -> `3.5.3` (epoch, repack suffix and revision dropped). */
export function upstreamVersion(debian: string): string {
  const { upstream } = split(debian);
  return /^\d+(?:\.\d+)*/.exec(upstream)?.[0] ?? upstream;
}

/** One version for all of a pin's packages in a suite, or undefined when one is missing or they differ. */
function versionIn(answer: SuiteAnswer, pin: Pin): string | undefined {
  const found = new Set(pin.packages.map((p) => answer.versions?.[p]));
  const [only] = found;
  return found.size === 1 ? only : undefined;
}

/** The edit of config/versions.json that moves every pin to `to` (key -> Debian version), changed fields only. */
export function pinChange(to: Partial<Record<Pin["key"], string>>, pins: Pin[] = PINS): string {
  const edits = pins.flatMap((pin) => {
    const debian = to[pin.key];
    if (debian === undefined || debian === pin.debianPackage) return [];
    const upstream = upstreamVersion(debian);
    return [
      `${pin.key}.debianPackage "${pin.debianPackage}" -> "${debian}"`,
      ...(upstream === pin.version ? [] : [`${pin.key}.version "${pin.version}" -> "${upstream}"`]),
    ];
  });
  return `change ${CONFIG_FILE}: ${edits.join(", ")}`;
}

export interface Plan {
  /** The suite to download the pinned packages from; undefined when no suite has them. */
  suite?: string;
  /** What to print, one line each: warnings when a suite is picked, the reason and the change when none is. */
  lines: string[];
}

const listed = (pins: Pin[]) => pins.map((pin) => `${pin.packages.join(" and ")} ${pin.debianPackage}`).join(", ");

/** Which of `answers` (in the order the suites are tried) to fetch from, and what to say about it. */
export function plan(answers: SuiteAnswer[], pins: Pin[] = PINS): Plan {
  const read = answers.filter((a) => a.versions);
  const suites = answers.map((a) => a.suite).join(", ");
  if (read.length === 0) {
    return {
      lines: [
        `fetch-binaries: could not read Debian's package lists for ${suites} (apt-get update failed): check the network and apt's mirror, or put the binaries on PATH`,
      ],
    };
  }
  const found = read.find((a) => pins.every((pin) => pin.packages.every((p) => a.versions![p] === pin.debianPackage)));
  if (found) {
    const newer = pins.flatMap((pin) => {
      const newest = read
        .map((a) => ({ suite: a.suite, version: versionIn(a, pin) }))
        .filter((v): v is { suite: string; version: string } => v.version !== undefined && compareDebianVersions(v.version, pin.debianPackage) > 0)
        .sort((x, y) => compareDebianVersions(y.version, x.version))[0];
      if (!newest) return [];
      return [
        `fetch-binaries: warning: Debian ${newest.suite} has ${pin.packages.join(" and ")} ${newest.version}, newer than the pinned ${pin.debianPackage}; to move the pin: ${pinChange({ [pin.key]: newest.version }, pins)}`,
      ];
    });
    return { suite: found.suite, lines: newer };
  }
  const has = answers.map((a) => {
    if (!a.versions) return `  Debian ${a.suite}: its package lists could not be read`;
    const each = pins.flatMap((pin) => pin.packages.map((p) => `${p} ${a.versions![p] ?? "(none)"}`));
    return `  Debian ${a.suite} has ${each.join(", ")}`;
  });
  const target = read.find((a) => pins.every((pin) => versionIn(a, pin) !== undefined));
  const move = target
    ? `  To move the pin to what Debian ${target.suite} has: ${pinChange(Object.fromEntries(pins.map((pin) => [pin.key, versionIn(target, pin)])), pins)}`
    : `  No suite has all of ${pins.flatMap((p) => p.packages).join(", ")} (each pin's packages at one version): there is nothing to move the pin to yet.`;
  return {
    lines: [
      `fetch-binaries: the pinned versions are gone from Debian: ${listed(pins)} are in none of ${suites}.`,
      ...has,
      move,
      "  Then run npm test and read the changelogs (docs/versions.md). To stay on the pinned versions instead, put binaries of them",
      `  on PATH or name them in ALERTMANAGER_BIN, AMTOOL_BIN, PROMETHEUS_BIN and PROMTOOL_BIN (${pins.map((p) => `${p.key} ${p.version}`).join(", ")}).`,
    ],
  };
}

/** Reads apt's answers as fetch-binaries.sh writes them: `suite package version` lines, `-` for a package not there, `suite unreadable` for a suite. */
export function parseAnswers(text: string, suites: string[]): SuiteAnswer[] {
  const answers = suites.map((suite): SuiteAnswer => ({ suite, versions: {} }));
  for (const line of text.split("\n").filter((l) => l.trim())) {
    const [suite, pkg, version] = line.trim().split(/\s+/);
    const answer = answers.find((a) => a.suite === suite);
    if (!answer) throw new Error(`an answer for suite ${suite}, which is not one of ${suites.join(", ")}: ${line}`);
    if (pkg === "unreadable") delete answer.versions;
    else if (answer.versions) answer.versions[pkg] = version === "-" ? undefined : version;
  }
  return answers;
}
