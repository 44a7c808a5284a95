/**
 * The Prometheus replicas of a pipeline on loopback: each with its own port and storage, named by
 * the environment variable the Kubernetes pod gets from its name, all sharing one rendered
 * configuration, as the StatefulSet's pods do.
 */
import { prometheusFlags } from "../components/render/flags";
import type { PrometheusPaths } from "../components/render/paths";
import { PROMETHEUS_REPLICA_ENV } from "../config/prometheus-ha";
import type { AlertingSpec } from "../config/spec";
import { activeAlertmanagers, isReady, RequestOptions } from "./alertmanager-api";
import { ManagedProcess, waitFor } from "./processes";

/** Long enough for a cold start, TSDB included, on a loaded 2-core machine. */
const READY_TIMEOUT_MS = 60_000;

export interface PrometheusReplica {
  index: number;
  url: string;
  args: string[];
  process?: ManagedProcess;
}

export class PrometheusReplicas {
  readonly replicas: PrometheusReplica[] = [];

  constructor(
    private readonly binary: string,
    private readonly access: () => RequestOptions,
    /** How many Alertmanagers each replica must be sending to before it counts as started. */
    private readonly alertmanagers: () => number,
  ) {}

  /** One replica per port; `externalUrl` unset means the replica's own URL, as the in-cluster Service URL would be. */
  prepare(spec: AlertingSpec, paths: PrometheusPaths, ports: number[], scheme: string): void {
    ports.forEach((port, index) => {
      const url = `${scheme}://127.0.0.1:${port}`;
      const args = prometheusFlags(spec, {
        paths: { ...paths, storageDir: `${paths.storageDir}-${index}` },
        webListenAddress: `127.0.0.1:${port}`,
        externalUrl: spec.prometheus.externalUrl ?? url,
      });
      this.replicas.push({ index, url, args });
    });
  }

  async startAll(): Promise<void> {
    for (const r of this.replicas) this.launch(r);
    for (const r of this.replicas) await this.waitReady(r);
  }

  async kill(index: number): Promise<void> {
    await this.replicas[index].process?.kill();
  }

  /** Starts a replica again on its port and storage, as a pod coming back, and waits until it sends to every Alertmanager. */
  async restart(index: number): Promise<void> {
    await this.replicas[index].process?.stop();
    this.launch(this.replicas[index]);
    await this.waitReady(this.replicas[index]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.process?.stop()));
  }

  get processes(): ManagedProcess[] {
    return this.replicas.flatMap((r) => (r.process ? [r.process] : []));
  }

  private launch(r: PrometheusReplica): void {
    r.process = new ManagedProcess(`prometheus-${r.index}`, this.binary, r.args, { ...process.env, [PROMETHEUS_REPLICA_ENV]: `prometheus-${r.index}` });
  }

  private async waitReady(r: PrometheusReplica): Promise<void> {
    await waitFor(`prometheus-${r.index} ready`, async () => ((await isReady(r.url, this.access())) ? true : undefined), READY_TIMEOUT_MS);
    const n = this.alertmanagers();
    await waitFor(
      `prometheus-${r.index} sending to ${n} Alertmanagers`,
      async () => ((await activeAlertmanagers(r.url, this.access())).length === n ? true : undefined),
      READY_TIMEOUT_MS,
    );
  }
}
