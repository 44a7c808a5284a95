/** Parsing of the value formats Prometheus, Alertmanager and Kubernetes accept. Pure. */

const DURATION_UNITS_MS: Record<string, number> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** Prometheus/Alertmanager duration (model.Duration): units in descending order, e.g. 1h30m, 45s. */
export const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

export function parseDurationMs(value: string): number | undefined {
  const match = DURATION_PATTERN.exec(value);
  if (!match || value === "") return undefined;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  return units.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * DURATION_UNITS_MS[unit], 0);
}

const CPU_PATTERN = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY_PATTERN = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Kubernetes CPU quantity ("500m", "0.5", "2") in cores. */
export function parseCpu(value: string): number | undefined {
  const match = CPU_PATTERN.exec(value);
  if (!match) return undefined;
  return Number(match[1]) / (match[2] === "m" ? 1000 : 1);
}

/** Kubernetes memory quantity ("512Mi", "2Gi", "1G") in bytes. */
export function parseMemory(value: string): number | undefined {
  const match = MEMORY_PATTERN.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * MEMORY_FACTORS[match[2] ?? ""];
}

/** Prometheus' byte size units (alecthomas/units), powers of 2: "1KB is 1024B" (prometheus 3.5.3 --help). */
const BYTE_SIZE_FACTORS: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50, EB: 2 ** 60 };
const BYTE_SIZE_PATTERN = /^(\d+(?:\.\d+)?)(B|KB|MB|GB|TB|PB|EB)$/;

/**
 * Prometheus' byte size (`--storage.tsdb.retention.size`, "512MB") in bytes. Prometheus also parses
 * 0 and compounds such as 1GB512MB; one number and one unit say as much.
 */
export function parseByteSize(value: string): number | undefined {
  const match = BYTE_SIZE_PATTERN.exec(value);
  return match ? Number(match[1]) * BYTE_SIZE_FACTORS[match[2]] : undefined;
}

/** Docker's `memory` is whole megabytes (MiB); never round a limit up past what was asked. */
export function memoryToDockerMb(value: string): number {
  return Math.floor(parseMemory(value)! / 1024 ** 2);
}

/** Docker's `cpus` is a decimal string of cores. */
export function cpuToDockerCpus(value: string): string {
  return String(parseCpu(value)!);
}
