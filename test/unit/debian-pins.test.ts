/**
 * The pinned Debian packages against what Debian has: dpkg's version order, the suite picked, the
 * newer-version warning, and when the pin is gone, the reason and the edit that moves it.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { compareDebianVersions, parseAnswers, Pin, pinChange, plan, SuiteAnswer, upstreamVersion } from "../../harness/debian-pins";

const PINS: Pin[] = [
  { key: "alertmanager", packages: ["prometheus-alertmanager"], debianPackage: "0.33.1-5", version: "0.33.1" },
  { key: "prometheus", packages: ["prometheus", "promtool"], debianPackage: "3.5.3+ds1-6", version: "3.5.3" },
];
const suite = (name: string, am: string | undefined, prom: string | undefined, promtool = prom): SuiteAnswer => ({
  suite: name,
  versions: { "prometheus-alertmanager": am, prometheus: prom, promtool },
});
/** `answer` without `pkg` (the suite lacks it). */
const without = (answer: SuiteAnswer, pkg: string): SuiteAnswer => ({ ...answer, versions: { ...answer.versions, [pkg]: undefined } });

/** Pairs in dpkg's order, older first: the cases its own test suite is built around. */
const ORDERED: [string, string][] = [
  ["0.33.1-5", "0.33.1-6"],
  ["0.33.1-5", "0.33.1-5.1"],
  ["0.33.1-9", "0.33.1-10"],
  ["0.33.1-5", "0.33.2-1"],
  ["0.9.9-1", "0.33.1-1"],
  ["3.5.3+ds1-6", "3.5.3+ds2-1"],
  ["3.5.3-1", "3.5.3+ds1-1"],
  ["3.5.4~rc0-1", "3.5.4-1"],
  ["3.5.3+ds1-6", "3.5.4~rc0+ds1-1"],
  ["3.5.3", "3.5.3-0.1"],
  ["9.9.9-1", "1:1.0.0-1"],
  ["1.0a-1", "1.0b-1"],
  ["1.0-1", "1.0a-1"],
  ["1.0a-1", "1.0.0-1"],
];

describe("debian pins: versions", () => {
  it("orders Debian versions as dpkg does: revisions, NMUs, numbers by value, ~ before all, epochs first", () => {
    for (const [older, newer] of ORDERED) {
      assert.ok(compareDebianVersions(older, newer) < 0, `${older} < ${newer}`);
      assert.ok(compareDebianVersions(newer, older) > 0, `${newer} > ${older}`);
    }
    assert.strictEqual(compareDebianVersions("3.5.3+ds1-6", "3.5.3+ds1-6"), 0);
    assert.strictEqual(compareDebianVersions("0:1.0-1", "1.0-1"), 0);
    assert.strictEqual(compareDebianVersions("1.01-1", "1.1-1"), 0, "leading zeros do not count");
  });

  it("agrees with dpkg --compare-versions where dpkg is installed", function () {
    if (spawnSync("dpkg", ["--version"]).status !== 0) {
      console.log("      skipped: dpkg is not installed (the order is checked against the literal pairs above)");
      this.skip();
    }
    for (const [older, newer] of ORDERED)
      assert.strictEqual(spawnSync("dpkg", ["--compare-versions", older, "lt", newer]).status, 0, `dpkg: ${older} < ${newer}`);
  });

  it("the upstream release of a Debian version drops epoch, repack suffix and revision", () => {
    assert.strictEqual(upstreamVersion("3.5.3+ds1-6"), "3.5.3");
    assert.strictEqual(upstreamVersion("0.33.1-5"), "0.33.1");
    assert.strictEqual(upstreamVersion("1:3.6.0+ds-1"), "3.6.0");
    assert.strictEqual(upstreamVersion("0.34.0"), "0.34.0");
  });
});

describe("debian pins: the plan", () => {
  it("picks the first suite that has every pinned version, quietly when none is newer", () => {
    assert.deepStrictEqual(plan([suite("forky", "0.33.1-5", "3.5.3+ds1-6"), suite("sid", "0.33.1-5", "3.5.3+ds1-6")], PINS), { suite: "forky", lines: [] });
    assert.deepStrictEqual(plan([suite("forky", "0.33.1-4", "3.5.3+ds1-6"), suite("sid", "0.33.1-5", "3.5.3+ds1-6")], PINS), { suite: "sid", lines: [] });
  });

  it("warns, one line per pin and not failing, when a suite has a newer version, naming the newest and the edit", () => {
    const { suite: picked, lines } = plan([suite("forky", "0.33.1-5", "3.5.3+ds1-6"), suite("sid", "0.33.2-1", "3.5.3+ds1-7")], PINS);
    assert.strictEqual(picked, "forky");
    assert.deepStrictEqual(lines, [
      'fetch-binaries: warning: Debian sid has prometheus-alertmanager 0.33.2-1, newer than the pinned 0.33.1-5; to move the pin: change config/versions.json: alertmanager.debianPackage "0.33.1-5" -> "0.33.2-1", alertmanager.version "0.33.1" -> "0.33.2"',
      'fetch-binaries: warning: Debian sid has prometheus and promtool 3.5.3+ds1-7, newer than the pinned 3.5.3+ds1-6; to move the pin: change config/versions.json: prometheus.debianPackage "3.5.3+ds1-6" -> "3.5.3+ds1-7"',
    ]);
  });

  it("an older version elsewhere is no news", () => {
    assert.deepStrictEqual(plan([suite("forky", "0.33.1-4", "3.5.2+ds1-1"), suite("sid", "0.33.1-5", "3.5.3+ds1-6")], PINS).lines, []);
  });

  it("when the pin is gone: the reason, what each suite has now, and the one-line change to the first suite that has everything", () => {
    const result = plan([without(suite("forky", "0.33.1-6", "3.5.3+ds1-7"), "promtool"), suite("sid", "0.34.0-1", "3.5.4+ds1-1")], PINS);
    assert.strictEqual(result.suite, undefined);
    assert.deepStrictEqual(result.lines.slice(0, 4), [
      "fetch-binaries: the pinned versions are gone from Debian: prometheus-alertmanager 0.33.1-5, prometheus and promtool 3.5.3+ds1-6 are in none of forky, sid.",
      "  Debian forky has prometheus-alertmanager 0.33.1-6, prometheus 3.5.3+ds1-7, promtool (none)",
      "  Debian sid has prometheus-alertmanager 0.34.0-1, prometheus 3.5.4+ds1-1, promtool 3.5.4+ds1-1",
      '  To move the pin to what Debian sid has: change config/versions.json: alertmanager.debianPackage "0.33.1-5" -> "0.34.0-1", alertmanager.version "0.33.1" -> "0.34.0", prometheus.debianPackage "3.5.3+ds1-6" -> "3.5.4+ds1-1", prometheus.version "3.5.3" -> "3.5.4"',
    ]);
    assert.match(result.lines.join("\n"), /ALERTMANAGER_BIN, AMTOOL_BIN, PROMETHEUS_BIN and PROMTOOL_BIN \(alertmanager 0\.33\.1, prometheus 3\.5\.3\)/);
  });

  it("the change it prints, made, gives pins that suite has: the plan then fetches from it", () => {
    const answers = [without(suite("forky", "0.33.1-6", "3.5.3+ds1-7"), "promtool"), suite("sid", "0.34.0-1", "3.5.4+ds1-1")];
    const change = /change config\/versions\.json: (.*)$/.exec(plan(answers, PINS).lines[3])![1];
    const moved = PINS.map((pin) => ({ ...pin }));
    for (const [, key, field, from, to] of change.matchAll(/(\w+)\.(debianPackage|version) "([^"]+)" -> "([^"]+)"/g)) {
      const pin = moved.find((p) => p.key === key)!;
      assert.strictEqual(pin[field as "debianPackage" | "version"], from);
      pin[field as "debianPackage" | "version"] = to;
    }
    assert.deepStrictEqual(plan(answers, moved), { suite: "sid", lines: [] });
  });

  it("only the pins that moved are edited", () => {
    assert.strictEqual(
      pinChange({ alertmanager: "0.33.1-5", prometheus: "3.5.3+ds1-7" }, PINS),
      'change config/versions.json: prometheus.debianPackage "3.5.3+ds1-6" -> "3.5.3+ds1-7"',
    );
  });

  it("when no suite has every package at one version, it says there is nothing to move to yet", () => {
    const { suite: picked, lines } = plan(
      [suite("forky", "0.33.1-6", "3.5.4+ds1-1", "3.5.3+ds1-7"), without(suite("sid", "0.33.1-6", "3.5.4+ds1-1"), "prometheus-alertmanager")],
      PINS,
    );
    assert.strictEqual(picked, undefined);
    assert.match(lines[3], /No suite has all of prometheus-alertmanager, prometheus, promtool .*nothing to move the pin to yet/);
  });

  it("a suite whose lists could not be read is said to be so; none read is a network problem, not drift", () => {
    const some = plan([{ suite: "forky" }, suite("sid", "0.33.1-6", "3.5.3+ds1-7")], PINS);
    assert.strictEqual(some.lines[1], "  Debian forky: its package lists could not be read");
    const none = plan([{ suite: "forky" }, { suite: "sid" }], PINS);
    assert.strictEqual(none.suite, undefined);
    assert.deepStrictEqual(none.lines, [
      "fetch-binaries: could not read Debian's package lists for forky, sid (apt-get update failed): check the network and apt's mirror, or put the binaries on PATH",
    ]);
  });

  it("reads apt's answers as fetch-binaries.sh writes them", () => {
    const text = "forky prometheus-alertmanager 0.33.1-5\nforky prometheus -\nsid unreadable\n";
    assert.deepStrictEqual(parseAnswers(text, ["forky", "sid"]), [
      { suite: "forky", versions: { "prometheus-alertmanager": "0.33.1-5", prometheus: undefined } },
      { suite: "sid" },
    ]);
    assert.throws(() => parseAnswers("bookworm prometheus 2.42.0\n", ["forky", "sid"]), /suite bookworm, which is not one of forky, sid/);
  });
});
