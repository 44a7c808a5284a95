/** Peak resident memory and CPU time of a process, from /proc (Linux). */
import { readFileSync } from "fs";

export interface ProcessStats {
  peakRssBytes: number;
  rssBytes: number;
  cpuSeconds: number;
}

const CLOCK_TICKS = 100;

export function processStats(pid: number): ProcessStats {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  // Fields after the command name (which may contain spaces): utime is the 14th, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { peakRssBytes: kib("VmHWM"), rssBytes: kib("VmRSS"), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
}
