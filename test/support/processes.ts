/** Processes still running whose command line mentions a marker: what a run left behind. */
import { readdirSync, readFileSync } from "fs";

export function processesMentioning(marker: string): number[] {
  return readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}
