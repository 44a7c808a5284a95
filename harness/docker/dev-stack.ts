/**
 * The dev stack on a real Docker daemon: the program run under mocks with the dev stack's
 * config (plus the caller's keys), image twins built for the images it names, and its
 * networks, volumes and containers applied as @pulumi/docker would. Host ports are free ones,
 * so runs never collide with each other or with a stack the user has up. Another local stack
 * (a satellite, say) runs the same way from its own stack file's values and secrets.
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

/** Where a stack's configuration comes from besides the caller's keys. */
export interface StackSource {
  /** The stack file's `alerting:` values; Pulumi.dev.yaml's when unset. */
  values?: Record<string, unknown>;
  /** Credentials, as if set with `pulumi config set --secret`. */
  secrets?: Record<string, string>;
}
/** The stack file's values (`source.values`, else Pulumi.dev.yaml's) with `config` on top, and the host ports in `local`. */
function stackValues(source: StackSource, config: Record<string, unknown>, ports: Record<string, number> = {}): Record<string, unknown> {
  const base = source.values ?? stackConfig("dev");
  const local = { ...(base.local as object), ...(config.local as object), ...ports };
  return { ...base, ...config, ...(Object.keys(local).length > 0 && { local }) };
}

const imagePresent = (daemon: DockerDaemon, ref: string): Promise<boolean> =>
  daemon.docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
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
    private source: StackSource,
  ) {
    this.stack = new DockerStack(daemon.docker);
  }

  /** Brings the dev stack up with `config` on top of Pulumi.dev.yaml, or on top of `source.values`. */
  static async start(daemon: DockerDaemon, config: Record<string, unknown> = {}, source: StackSource = {}): Promise<DockerDevStack> {
    const replicas = replicasOf(parseConfig(stackValues(source, config)));
    const ports = { prometheusPort: await freePort(), capturePort: await freePort(), alertmanagerPort: await freePortRun(replicas) };
    const devStack = new DockerDevStack(daemon, ports, replicas, source);
    await devStack.apply(config);
    return devStack;
  }

  /** `pulumi up` again with `config`: what changed is replaced, the rest stays. */
  async apply(config: Record<string, unknown>): Promise<void> {
    const values = stackValues(this.source, config, this.ports);
    const parsed = parseConfig(values);
    if (replicasOf(parsed) > this.replicas) {
      throw new Error(`alertmanager.replicas: ${replicasOf(parsed)}, but this stack reserved host ports for ${this.replicas}; start a new one for more`);
    }
    this.webUsername = parsed.web.username;
    // The program still runs as stack `dev` (its file is read): what the given values leave out of it is unset.
    const unset = Object.keys(stackConfig("dev")).filter((key) => !(key in values));
    this.run = await runStack("dev", { config: values, unset, secrets: this.source.secrets });
    for (const image of this.run.resources.filter((r) => IMAGE_RESOURCE.test(r.name))) {
      const ref = image.inputs.name as string;
      // Another stack on the same daemon may have built it already.
      if (this.built.has(ref) || (await imagePresent(this.daemon, ref))) continue;
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
