/**
 * Image twins: local images tagged exactly as the program pins them, built from the binaries the
 * tests run (Debian's packages) because no image can be pulled here. Each twin mirrors its
 * upstream Dockerfile: user, workdir, entrypoint, default command, volume directories and their
 * owners, and a busybox for the tools health checks use. Where they differ: docs/docker-e2e.md.
 */
import type Docker from "dockerode";
import { execFileSync } from "child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "fs";
import * as path from "path";
import * as tar from "tar-stream";
import { binaries } from "../binaries";
import { PORTS } from "../../config/ports";

export type TwinRole = "alertmanager" | "prometheus" | "capture";

/** One entry of the image's root file system. */
type RootfsEntry =
  | { type: "file"; path: string; mode: number; owner?: number; from: string }
  | { type: "text"; path: string; mode: number; owner?: number; text: string }
  | { type: "directory"; path: string; mode: number; owner?: number }
  | { type: "symlink"; path: string; target: string };

interface TwinRecipe {
  entries: RootfsEntry[];
  /** Dockerfile instructions `docker import --change` accepts. */
  changes: string[];
}

const NOBODY = 65534;
/** The `node` user of the official node images. */
const NODE_USER = 1000;
const BUSYBOX = "/bin/busybox";
const DEBIAN_TEMPLATES = "/usr/share/prometheus/alertmanager";
/** What prometheus/busybox copies from Debian onto busybox: time zones (time_intervals' `location`), CAs, name service files. */
const BASE_SYSTEM_FILES = ["/usr/share/zoneinfo", "/etc/ssl/certs/ca-certificates.crt", "/etc/nsswitch.conf", "/etc/services"];

/** Upstream's base image (prometheus/busybox) has root and nobody; the node image adds node. */
const PASSWD = ["root:x:0:0:root:/root:/bin/sh", `nobody:x:${NOBODY}:${NOBODY}:nobody:/home:/bin/false`];
const GROUP = ["root:x:0:", `nobody:x:${NOBODY}:`];

/** A minimal valid configuration where upstream copies an example file: the stack always names its own. */
const DEFAULT_CONFIG = {
  alertmanager: "route:\n  receiver: default\nreceivers:\n  - name: default\n",
  prometheus: "global:\n  scrape_interval: 15s\n",
};

/** The official node image's entrypoint: an argument that is not a command runs under node. */
const NODE_ENTRYPOINT = `#!/bin/sh
set -e
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
`;

/** The base every twin shares, as prometheus/busybox builds it: busybox with its applets in /bin, Debian's system files, the users. */
function base(users: { passwd: string[]; group: string[] }): RootfsEntry[] {
  const applets = execFileSync(busybox(), ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
  return [
    ...["/bin", "/etc", "/tmp", "/home"].map((dir): RootfsEntry => ({ type: "directory", path: dir, mode: dir === "/tmp" ? 0o1777 : 0o755 })),
    { type: "file", path: BUSYBOX, mode: 0o755, from: busybox() },
    ...applets.filter((a) => a !== "busybox").map((a): RootfsEntry => ({ type: "symlink", path: `/bin/${a}`, target: "busybox" })),
    ...BASE_SYSTEM_FILES.filter((file) => existsSync(file)).flatMap((file) =>
      statSync(file).isDirectory() ? directoryTree(file, file) : [{ type: "file" as const, path: file, mode: 0o644, from: file }],
    ),
    { type: "text", path: "/etc/passwd", mode: 0o644, text: `${users.passwd.join("\n")}\n` },
    { type: "text", path: "/etc/group", mode: 0o644, text: `${users.group.join("\n")}\n` },
  ];
}

function busybox(): string {
  for (const candidate of ["/bin/busybox", "/usr/bin/busybox"]) {
    if (!existsSync(candidate)) continue;
    try {
      execFileSync("ldd", [candidate], { stdio: "ignore" });
    } catch {
      return candidate; // ldd fails on a static executable: the twin needs no libraries for it.
    }
  }
  throw new Error("a static busybox is needed for the image twins (apt-get install busybox-static)");
}

/** The shared libraries `binary` loads, with the loader, at the paths it looks for them. */
function libraries(binary: string): RootfsEntry[] {
  const output = execFileSync("ldd", [binary], { encoding: "utf8" });
  const paths = [...output.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1]);
  return paths.map((p): RootfsEntry => ({ type: "file", path: p, mode: 0o755, from: realpathSync(p) }));
}

function executables(files: Record<string, string>): RootfsEntry[] {
  return Object.entries(files).flatMap(([to, from]) => [{ type: "file" as const, path: to, mode: 0o755, from }, ...libraries(from)]);
}

function twinRecipe(role: TwinRole): TwinRecipe {
  const bin = binaries();
  switch (role) {
    case "alertmanager":
      return prometheusProjectImage({
        executables: { "/bin/alertmanager": bin.alertmanager, "/bin/amtool": bin.amtool },
        // binaries() keeps the machine's copy in step with Debian's binary; an upstream build needs none.
        extra: existsSync(DEBIAN_TEMPLATES) ? directoryTree(DEBIAN_TEMPLATES, DEBIAN_TEMPLATES) : [],
        configFile: "/etc/alertmanager/alertmanager.yml",
        configText: DEFAULT_CONFIG.alertmanager,
        dataDir: "/alertmanager",
        port: PORTS.alertmanagerWeb,
        dataFlag: "--storage.path",
      });
    case "prometheus":
      return prometheusProjectImage({
        executables: { "/bin/prometheus": bin.prometheus, "/bin/promtool": bin.promtool },
        extra: [],
        configFile: "/etc/prometheus/prometheus.yml",
        configText: DEFAULT_CONFIG.prometheus,
        dataDir: "/prometheus",
        port: PORTS.prometheus,
        dataFlag: "--storage.tsdb.path",
      });
    case "capture":
      return {
        entries: [
          ...base({ passwd: [...PASSWD, `node:x:${NODE_USER}:${NODE_USER}:Linux User,,,:/home/node:/bin/sh`], group: [...GROUP, `node:x:${NODE_USER}:node`] }),
          { type: "directory", path: "/home/node", mode: 0o755, owner: NODE_USER },
          { type: "directory", path: "/usr/local/bin", mode: 0o755 },
          ...executables({ "/usr/local/bin/node": process.execPath }),
          { type: "text", path: "/usr/local/bin/docker-entrypoint.sh", mode: 0o755, text: NODE_ENTRYPOINT },
        ],
        changes: ['ENTRYPOINT ["docker-entrypoint.sh"]', 'CMD ["node"]'],
      };
  }
}

/**
 * The shape both upstream Dockerfiles share: binaries in /bin (the first one the entrypoint), a
 * default config, and `chown -R nobody:nobody <config dir> <data dir>` with `g+w` on the data dir.
 */
function prometheusProjectImage(image: {
  executables: Record<string, string>;
  extra: RootfsEntry[];
  configFile: string;
  configText: string;
  dataDir: string;
  port: number;
  dataFlag: string;
}): TwinRecipe {
  const configDir = path.posix.dirname(image.configFile);
  return {
    entries: [
      ...base({ passwd: PASSWD, group: GROUP }),
      ...executables(image.executables),
      ...image.extra,
      { type: "directory", path: configDir, mode: 0o755, owner: NOBODY },
      { type: "text", path: image.configFile, mode: 0o644, owner: NOBODY, text: image.configText },
      { type: "directory", path: image.dataDir, mode: 0o775, owner: NOBODY },
    ],
    changes: [
      "USER nobody",
      `EXPOSE ${image.port}`,
      `VOLUME ${JSON.stringify([image.dataDir])}`,
      `WORKDIR ${image.dataDir}`,
      `ENTRYPOINT ${JSON.stringify([Object.keys(image.executables)[0]])}`,
      `CMD ${JSON.stringify([`--config.file=${image.configFile}`, `${image.dataFlag}=${image.dataDir}`])}`,
    ],
  };
}

/** A directory copied as it is: symbolic links stay links (so a link to a parent cannot make this recurse forever). */
function directoryTree(from: string, to: string): RootfsEntry[] {
  const entries: RootfsEntry[] = [{ type: "directory", path: to, mode: 0o755 }];
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    const stat = lstatSync(source);
    if (stat.isSymbolicLink()) entries.push({ type: "symlink", path: target, target: readlinkSync(source) });
    else if (stat.isDirectory()) entries.push(...directoryTree(source, target));
    else entries.push({ type: "file", path: target, mode: 0o644, from: source });
  }
  return entries;
}

/** The root file system as a tar stream; parent directories of every entry come first. */
function packRootfs(entries: RootfsEntry[]): NodeJS.ReadableStream {
  const pack = tar.pack();
  const written = new Set<string>();
  const ensureParents = (p: string) => {
    const parent = path.posix.dirname(p);
    if (parent === "/" || written.has(parent)) return;
    ensureParents(parent);
    pack.entry({ name: parent.slice(1), type: "directory", mode: 0o755 });
    written.add(parent);
  };
  for (const entry of entries) {
    if (written.has(entry.path)) continue;
    ensureParents(entry.path);
    written.add(entry.path);
    const name = entry.path.slice(1);
    const owner = "owner" in entry && entry.owner !== undefined ? { uid: entry.owner, gid: entry.owner } : { uid: 0, gid: 0 };
    if (entry.type === "directory") pack.entry({ name, type: "directory", mode: entry.mode, ...owner });
    else if (entry.type === "symlink") pack.entry({ name, type: "symlink", linkname: entry.target });
    else pack.entry({ name, mode: entry.mode, ...owner }, entry.type === "text" ? entry.text : readFileSync(entry.from));
  }
  pack.finalize();
  return asNodeStream(pack);
}

/** tar-stream's Pack is a streamx Readable: it pipes like a Node stream, which its types do not say. */
export function asNodeStream(pack: tar.Pack): NodeJS.ReadableStream {
  return pack as unknown as NodeJS.ReadableStream;
}

/** Builds the twin of `role` in `docker`, tagged `ref` (e.g. prom/alertmanager:v0.33.1). */
export async function buildTwin(docker: Docker, role: TwinRole, ref: string): Promise<void> {
  const recipe = twinRecipe(role);
  const colon = ref.lastIndexOf(":");
  const [repo, tag] = colon > ref.lastIndexOf("/") ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, "latest"];
  const stream = await docker.importImage(packRootfs(recipe.entries), { repo, tag, changes: recipe.changes });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((e) => e.error);
      if (err || failed) reject(err ?? new Error(`importing the ${role} twin as ${ref}: ${failed!.error}`));
      else resolve();
    }),
  );
}
