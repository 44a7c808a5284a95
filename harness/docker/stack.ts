/**
 * Applies the resources the program registers (under mocks) to a real Docker daemon, the way the
 * engine and @pulumi/docker would: each as soon as what it depends on is done,
 * a container's uploads written before it starts, `wait` holding its dependents until it is
 * healthy. Applying again replaces what changed (the stack's containers are replaced, never
 * updated in place) and removes what the program no longer registers.
 */
import type Docker from "dockerode";
import { isDeepStrictEqual } from "util";
import * as tar from "tar-stream";
import type { RegisteredResource } from "../../offline/program";
import { oneShotFailure } from "../../components/local/silences";
import { sleep } from "../processes";
import { asNodeStream } from "./image-twins";
import {
  containerCreateOptions,
  ContainerInputs,
  networkConnections,
  plainInputs,
  PROVIDER_DEFAULTS,
  removeErrorIgnored,
  stopErrorIgnored,
  uploadEntry,
} from "./container-options";

const TYPES = {
  network: "docker:index/network:Network",
  volume: "docker:index/volume:Volume",
  image: "docker:index/remoteImage:RemoteImage",
  container: "docker:index/container:Container",
} as const;

export interface StackEvent {
  resource: string;
  event: "created" | "healthy" | "exited" | "deleted";
  at: number;
}

interface Applied {
  type: string;
  inputs: unknown;
}

/** What the provider records of a one-shot container (`attach`): its `exitCode` and, with `logs`, its `containerLogs`. */
export interface OneShotRun {
  exitCode: number;
  logs?: string;
}

export class DockerStack {
  readonly events: StackEvent[] = [];
  /** Each one-shot container's last run, by resource name. */
  readonly runs = new Map<string, OneShotRun>();
  private state = new Map<string, Applied>();

  constructor(readonly docker: Docker) {}

  /** `pulumi up`: creates, replaces and deletes until the daemon holds what `resources` describe. */
  async up(resources: RegisteredResource[]): Promise<void> {
    const wanted = resources.filter((r) => r.custom && Object.values(TYPES).includes(r.type as never));
    const byName = new Map(wanted.map((r) => [r.name, r]));
    const changed = new Set(
      wanted.filter((r) => !isDeepStrictEqual(this.state.get(r.name), { type: r.type, inputs: plainInputs(r.inputs) })).map((r) => r.name),
    );
    // Delete-before-replace: a replaced resource goes before its new self is created, dependents first.
    const gone = [...this.state.keys()].filter((name) => !byName.has(name) || changed.has(name));
    for (const name of gone.sort((a, b) => deletionRank(this.state.get(b)!.type) - deletionRank(this.state.get(a)!.type))) await this.delete(name);

    // Like the engine: each resource starts as soon as the ones it depends on are done.
    const started = new Map<string, Promise<void>>();
    const start = (r: RegisteredResource, path: string[] = []): Promise<void> => {
      if (path.includes(r.name)) throw new Error(`dependency cycle: ${[...path, r.name].join(" -> ")}`);
      if (!started.has(r.name)) {
        const dependencies = r.dependsOn.filter((d) => byName.has(d)).map((d) => start(byName.get(d)!, [...path, r.name]));
        started.set(
          r.name,
          Promise.all(dependencies).then(() => (changed.has(r.name) ? this.create(r) : undefined)),
        );
      }
      return started.get(r.name)!;
    };
    await Promise.all(wanted.map((r) => start(r)));
    // The provider only records a one-shot's exit code (the container stays in the state); the
    // program's check of it fails `pulumi up`, on every `up` until a change runs it again.
    const failures = wanted.flatMap((r) => {
      const run = this.runs.get(r.name);
      const failure = run && oneShotFailure((this.state.get(r.name)!.inputs as ContainerInputs).name, run.exitCode, run.logs);
      return failure ? [failure] : [];
    });
    if (failures.length > 0) throw new Error(failures.join("\n"));
  }

  /** The container the resource `name` created. */
  container(resourceName: string): Docker.Container {
    const applied = this.state.get(resourceName);
    if (applied?.type !== TYPES.container) throw new Error(`no container resource ${resourceName}`);
    return this.docker.getContainer((applied.inputs as ContainerInputs).name);
  }

  private async create(resource: RegisteredResource): Promise<void> {
    const inputs = plainInputs(resource.inputs);
    switch (resource.type) {
      case TYPES.network:
        await this.docker.createNetwork({ Name: inputs.name, Driver: inputs.driver, IPAM: { Driver: "default" }, ...(inputs.internal && { Internal: true }) });
        break;
      case TYPES.volume:
        await this.docker.createVolume({ Name: inputs.name, ...(inputs.driver && { Driver: inputs.driver }) });
        break;
      case TYPES.image:
        // Nothing can be pulled here: the image twins stand in, built under the pinned references.
        await this.docker
          .getImage(inputs.name)
          .inspect()
          .catch(() => {
            throw new Error(`${resource.name}: image ${inputs.name} is not in the daemon and cannot be pulled here (build its twin first)`);
          });
        break;
      case TYPES.container:
        await this.createContainer(resource.name, inputs);
        break;
    }
    this.state.set(resource.name, { type: resource.type, inputs });
    this.events.push({ resource: resource.name, event: "created", at: Date.now() });
  }

  private async createContainer(resourceName: string, inputs: ContainerInputs): Promise<void> {
    const container = await this.docker.createContainer(containerCreateOptions(inputs));
    const connections = networkConnections(inputs);
    if (connections.length > 0) await this.docker.getNetwork("bridge").disconnect({ Container: container.id });
    for (const { network, endpoint } of connections) await this.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: endpoint });
    for (const upload of inputs.uploads ?? []) await container.putArchive(uploadArchive(upload), { path: "/", noOverwriteDirNonDir: true });
    await container.start();
    if (inputs.wait) {
      await waitHealthy(container, inputs.name, (inputs.waitTimeout ?? PROVIDER_DEFAULTS.waitTimeoutSeconds) * 1000);
      this.events.push({ resource: resourceName, event: "healthy", at: Date.now() });
    }
    if (inputs.attach) {
      const run = await waitExited(container, inputs.name, inputs.logs ?? false);
      this.runs.set(resourceName, run);
      this.events.push({ resource: resourceName, event: "exited", at: Date.now() });
    }
  }

  private async delete(name: string): Promise<void> {
    const { type, inputs } = this.state.get(name)!;
    const plain = inputs as Record<string, any>;
    if (type === TYPES.container) {
      const container = this.docker.getContainer(plain.name);
      await container.stop({ t: plain.destroyGraceSeconds ?? 0 }).catch(unless(stopErrorIgnored));
      await container.remove({ force: true, v: true }).catch(unless(removeErrorIgnored));
    } else if (type === TYPES.network) await this.docker.getNetwork(plain.name).remove();
    else if (type === TYPES.volume) await this.docker.getVolume(plain.name).remove();
    // keepLocally: the provider leaves the image in place.
    this.state.delete(name);
    this.runs.delete(name);
    this.events.push({ resource: name, event: "deleted", at: Date.now() });
  }
}

/** Containers go before the networks and volumes they use. */
function deletionRank(type: string): number {
  return type === TYPES.container ? 2 : type === TYPES.image ? 1 : 0;
}

/** A rejection handler that rethrows whatever `ignored` does not accept. */
function unless<E>(ignored: (err: E) => boolean): (err: E) => void {
  return (err) => {
    if (!ignored(err)) throw err;
  };
}

function uploadArchive(upload: Parameters<typeof uploadEntry>[0]): NodeJS.ReadableStream {
  const { content, ...header } = uploadEntry(upload);
  const pack = tar.pack();
  pack.entry(header, content);
  pack.finalize();
  return asNodeStream(pack);
}

/** The last lines of a container that did not become healthy: where a failing start says why. */
const FAILURE_LOG_LINES = 20;
/** Each chunk of a container's log without a TTY comes after an 8-byte header: the stream, 3 zero bytes, the chunk's size. */
const LOG_FRAME_HEADER_BYTES = 8;

/** A container's log (as framed without a TTY) as text. */
export function logText(frames: Buffer): string {
  const chunks: string[] = [];
  for (let at = 0; at + LOG_FRAME_HEADER_BYTES <= frames.length;) {
    const end = at + LOG_FRAME_HEADER_BYTES + frames.readUInt32BE(at + 4);
    chunks.push(frames.subarray(at + LOG_FRAME_HEADER_BYTES, end).toString("utf8"));
    at = end;
  }
  return chunks.join("");
}

/**
 * `attach`: the provider waits until the container is no longer running, within the create
 * timeout, then reads its output (`logs`) and records the exit code without judging it.
 */
async function waitExited(container: Docker.Container, name: string, logs: boolean): Promise<OneShotRun> {
  const deadline = Date.now() + PROVIDER_DEFAULTS.createTimeoutSeconds * 1000;
  for (;;) {
    const { State } = await container.inspect();
    if (!State.Running) {
      const output = logs ? logText(await container.logs({ stdout: true, stderr: true, follow: false })) : undefined;
      return { exitCode: State.ExitCode, ...(output !== undefined && { logs: output }) };
    }
    if (Date.now() > deadline)
      throw new Error(`container ${name} still runs after ${PROVIDER_DEFAULTS.createTimeoutSeconds} s (the provider's create timeout)`);
    await sleep(PROVIDER_DEFAULTS.healthPollMs);
  }
}

async function waitHealthy(container: Docker.Container, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { State } = await container.inspect();
    if (State.Health?.Status === "healthy") return;
    // Like the provider, an unhealthy container is waited for until the timeout (a restart may mend it).
    if (!State.Health || Date.now() > deadline) {
      const checks = (State.Health?.Log ?? []).map((l) => `exit ${l.ExitCode}: ${l.Output.trim()}`).join("\n");
      const logs = logText(await container.logs({ stdout: true, stderr: true, tail: FAILURE_LOG_LINES }));
      throw new Error(
        `container ${name} did not become healthy within ${timeoutMs / 1000} s (state ${State.Status}, health ${State.Health?.Status}):\n${checks}\n${logs}`,
      );
    }
    await sleep(PROVIDER_DEFAULTS.healthPollMs);
  }
}
