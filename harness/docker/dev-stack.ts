/**
 * The dev stack on a real Docker daemon: the program run under mocks with the dev stack's
 * config (plus the caller's keys), image twins built for the images it names, and its
 * networks, volumes and containers applied as @pulumi/docker would. Host ports are free ones,
 * so runs never collide with each other or with a stack the user has up.
 */
import { DEFAULT_REPLICAS } from "../../config/defaults";
import { AlertingConfig } from "../../config/schema";
import { parseConfig } from "../../config/spec";
import { runStack, ProgramRun, stackConfig } from "../../offline/program";
import { basicAuthorization } from "../../components/render/web";
import { request, RequestOptions } from "../alertmanager-api";
import { freePort, freePortRun } from "../ports";
import { waitFor } from "../processes";
import { DockerDaemon } from "./daemon";
import { buildTwin, TwinRole } from "./image-twins";
import { DockerStack } from "./stack";

const IMAGE_RESOURCE = /-(alertmanager|prometheus|capture)-image$/;
/** The critical route waits 10 s before its first notification; a container start and a rule evaluation add a few more, a loaded machine more again. */
const DELIVERY_TIMEOUT_MS = 90_000;
/** The capture container is read once a second while waiting: it keeps every request in memory. */
const DELIVERY_POLL_MS = 1000;

/** The dev stack's configuration with `values` on top, as `pulumi up --stack dev` reads it. */
const devConfig = (values: Record<string, unknown>): AlertingConfig => parseConfig({ ...stackConfig("dev"), ...values });
const replicasOf = (config: AlertingConfig) => config.alertmanager.replicas ?? DEFAULT_REPLICAS.local;

/** One request the capture container recorded. */
export interface Capture {
  kind: string;
  /** False for the lookups some integrations make before they send. */
  delivery: boolean;
  body: unknown;
}

export interface DevStackUrls {
  prometheus: string;
  alertmanagers: string[];
  capture: string;
}

export class DockerDevStack {
  readonly stack: DockerStack;
  run!: ProgramRun;
  private webUsername!: string;
  private built = new Set<string>();

  private constructor(
    readonly daemon: DockerDaemon,
    private ports: Record<string, number>,
    /** How many Alertmanager host ports were reserved. */
    private replicas: number,
  ) {
    this.stack = new DockerStack(daemon.docker);
  }

  /** Brings the dev stack up with `config` on top of Pulumi.dev.yaml. */
  static async start(daemon: DockerDaemon, config: Record<string, unknown> = {}): Promise<DockerDevStack> {
    const replicas = replicasOf(devConfig(config));
    const ports = { prometheusPort: await freePort(), capturePort: await freePort(), alertmanagerPort: await freePortRun(replicas) };
    const devStack = new DockerDevStack(daemon, ports, replicas);
    await devStack.apply(config);
    return devStack;
  }

  /** `pulumi up` again with `config`: what changed is replaced, the rest stays. */
  async apply(config: Record<string, unknown>): Promise<void> {
    const values = { ...config, local: { ...(config.local as object), ...this.ports } };
    const parsed = devConfig(values);
    if (replicasOf(parsed) > this.replicas) {
      throw new Error(`alertmanager.replicas: ${replicasOf(parsed)}, but this stack reserved host ports for ${this.replicas}; start a new one for more`);
    }
    this.webUsername = parsed.web.username;
    this.run = await runStack("dev", { config: values });
    for (const image of this.run.resources.filter((r) => IMAGE_RESOURCE.test(r.name))) {
      const ref = image.inputs.name as string;
      if (this.built.has(ref)) continue;
      await buildTwin(this.daemon.docker, IMAGE_RESOURCE.exec(image.name)![1] as TwinRole, ref);
      this.built.add(ref);
    }
    await this.stack.up(this.run.resources);
  }

  get urls(): DevStackUrls {
    const outputs = this.run.outputs as { prometheusUrl: string; alertmanagerUrls: string[]; captureUrl: string };
    return { prometheus: outputs.prometheusUrl, alertmanagers: outputs.alertmanagerUrls, capture: outputs.captureUrl };
  }

  /** The notifications the capture container received whose body mentions `text`. */
  async deliveredMentioning(text: string): Promise<Capture[]> {
    const captures = JSON.parse((await request(`${this.urls.capture}/captures`)).body) as Capture[];
    return captures.filter((c) => c.delivery && JSON.stringify(c.body).includes(text));
  }

  /** The notifications mentioning `text`, once there is at least one (bounded). */
  async waitForDelivery(text: string): Promise<Capture[]> {
    return waitFor(
      `a notification mentioning ${text} at the capture container`,
      async () => {
        const delivered = await this.deliveredMentioning(text);
        return delivered.length > 0 ? delivered : undefined;
      },
      DELIVERY_TIMEOUT_MS,
      DELIVERY_POLL_MS,
    );
  }

  /** Credentials for the web endpoints when web access control is on. */
  access(): RequestOptions {
    const password = this.run.outputs.webPassword as string | undefined;
    return password ? { headers: { authorization: basicAuthorization(this.webUsername, password) } } : {};
  }
}
