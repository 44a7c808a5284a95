/** A verdict as the commands print it: nothing when the configurations route alike. Pure. */
import { ProofInhibitRule, WEEKDAYS } from "./alertmanager-config";
import type { Answer, Verdict } from "./equal-routing";
import type { Labels } from "./label-sets";

export const formatLabels = (labels: Labels): string =>
  `{${Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`)
    .join(", ")}}`;

const formatAnswer = (a: Answer) => a.routes.join(", ");

const formatRule = (r: ProofInhibitRule) =>
  `source {${r.sourceMatchers.join(", ")}} target {${r.targetMatchers.join(", ")}}${r.equal.length > 0 ? ` equal [${r.equal.join(", ")}]` : ""}`;

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A normalised time interval (proof/alertmanager-config) in words: one `;`-separated part per field, ` or ` between ranges. */
export function formatTimeInterval(content: string): string {
  const ranges = (JSON.parse(content) as string[]).map((r) => {
    const f = JSON.parse(r) as {
      times?: [number, number][];
      weekdays?: number[];
      daysOfMonth?: (number | string)[];
      months?: number[];
      years?: number[];
      location: string;
    };
    const parts = [
      f.times && `times ${f.times.map(([a, b]) => `${clock(a)}-${clock(b)}`).join(", ")}`,
      f.weekdays && `weekdays ${f.weekdays.map((d) => WEEKDAYS[d]).join(", ")}`,
      f.daysOfMonth && `days of month ${f.daysOfMonth.join(", ")}`,
      f.months && `months ${f.months.join(", ")}`,
      f.years && `years ${f.years.join(", ")}`,
      `location ${f.location}`,
    ];
    return parts.filter((p) => p).join("; ");
  });
  return ranges.length > 0 ? ranges.join(" or ") : "never (no time ranges)";
}

/** The differences, one block per label set, inhibit rule and time interval; "" when there are none. */
export function formatVerdict(v: Verdict): string {
  const width = Math.max(v.base.length, v.candidate.length) + 1;
  const side = (name: string, text: string) => `    ${`${name}:`.padEnd(width)} ${text}`;
  const lines: string[] = [];
  for (const d of v.routing) {
    lines.push(`  ${formatLabels(d.labels)}  (${d.why})`, side(v.base, formatAnswer(d.base)), side(v.candidate, formatAnswer(d.candidate)));
  }
  for (const r of v.inhibitRules.onlyInBase) lines.push(`  inhibit rule only in ${v.base}: ${formatRule(r)}`);
  for (const r of v.inhibitRules.onlyInCandidate) lines.push(`  inhibit rule only in ${v.candidate}: ${formatRule(r)}`);
  for (const t of v.timeIntervals) {
    lines.push(
      `  time interval ${t.name}:`,
      side(v.base, t.base === undefined ? "not defined" : formatTimeInterval(t.base)),
      side(v.candidate, t.candidate === undefined ? "not defined" : formatTimeInterval(t.candidate)),
    );
  }
  for (const d of v.disagreements) {
    lines.push(
      `  amtool and the program's walk disagree for ${d.config} at ${formatLabels(d.labels)}: amtool ${d.amtool || "(nothing)"}, walk ${d.walk || "(nothing)"}` +
        " (a regex Go and JavaScript read differently?); the time intervals there went unchecked",
    );
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
