/** The machine and the binaries a measurement ran on, for the results files of the benchmark and the chaos runs. */
import * as os from "os";
import { Binaries, version } from "./binaries";

export interface Machine {
  cpus: number;
  model?: string;
  memoryBytes: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function versions(bin: Pick<Binaries, "alertmanager" | "prometheus">): { alertmanager: string; prometheus: string } {
  return { alertmanager: version(bin.alertmanager) ?? "unknown", prometheus: version(bin.prometheus) ?? "unknown" };
}
