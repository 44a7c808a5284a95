/**
 * The multi-cluster topology drawn from stack files: each central stack with one box per
 * Alertmanager replica (the host a satellite reaches it at) and its satellite users, and each
 * satellite stack (its `cluster` label, its Prometheus pair, how it authenticates) with one edge
 * to every replica it sends to: Prometheus must reach every replica, never a balanced Service.
 * Pure: the stacks' configuration comes in already read (offline/topology-docs.ts reads the files).
 */
import { escapeXml } from "./xml";

export interface CentralNode {
  stack: string;
  cluster: string;
  /** The Ingress host satellites use; each replica is published under a name of its own. */
  host?: string;
  /** One entry per Alertmanager replica: the URL a satellite sends to. */
  replicaUrls: string[];
  /** The satellite users of its web config. */
  clients: string[];
  prometheusReplicas: number;
}

export interface SatelliteNode {
  stack: string;
  cluster: string;
  prometheusReplicas: number;
  /** The basic auth user it sends as. */
  username: string;
  clientCert: boolean;
  /** The central's stack (from a StackReference or by its URLs); undefined when no stack file here is that central. */
  central?: string;
  /** Where it sends: the central's replica URLs (taken from the central's stack file when it names only the stack). */
  urls: string[];
  /** How it learns them. */
  source: "stack reference" | "config";
}

export interface Topology {
  centrals: CentralNode[];
  satellites: SatelliteNode[];
}

/** Layout: satellites in a column on the left, centrals on the right, edges between. */
const MARGIN = 16;
const LINE_HEIGHT = 16;
const PADDING = 8;
const GAP = 18;
/** Average advance of a 12-unit sans-serif character; bold runs wider. */
const CHAR_WIDTH = 6.6;
const BOLD_CHAR_WIDTH = 7.4;
const MIN_BOX_WIDTH = 240;
/** Room between the columns for the edges and their fan-in. */
const COLUMN_GAP = 160;
const REPLICA_INDENT = 16;

interface Box {
  title: string;
  lines: string[];
}

const boxWidth = (b: Box) =>
  Math.max(MIN_BOX_WIDTH, Math.ceil(Math.max(b.title.length * BOLD_CHAR_WIDTH, ...b.lines.map((t) => t.length * CHAR_WIDTH))) + 2 * PADDING);
const boxHeight = (b: Box) => (1 + b.lines.length) * LINE_HEIGHT + 2 * PADDING;

function text(b: Box, x: number, y: number): string {
  return [b.title, ...b.lines]
    .map((t, i) => `<text x="${x + PADDING}" y="${y + PADDING + (i + 1) * LINE_HEIGHT - 4}"${i === 0 ? ' font-weight="bold"' : ""}>${escapeXml(t)}</text>`)
    .join("");
}

const prometheusLine = (n: number) => `Prometheus × ${n}${n > 1 ? ", an HA pair (replica label dropped)" : ""}`;

export function satelliteBox(s: SatelliteNode): Box {
  return {
    title: `satellite ${s.stack}: cluster="${s.cluster}"`,
    lines: [
      prometheusLine(s.prometheusReplicas),
      "no Alertmanager of its own",
      `HTTPS, basic auth as user "${s.username}"${s.clientCert ? ", client certificate" : ""}`,
      `central: ${s.central ?? "not in this project"} (${s.source})`,
    ],
  };
}

export function centralBox(c: CentralNode): Box {
  return {
    title: `central ${c.stack}: cluster="${c.cluster}"`,
    lines: [
      ...(c.host ? [`Ingress with TLS: ${c.host}, one host per replica`] : []),
      `satellite users: ${c.clients.length > 0 ? c.clients.join(", ") : "none"} (each revocable alone)`,
      `${prometheusLine(c.prometheusReplicas)}, in-cluster`,
    ],
  };
}

export function topologySvg(t: Topology): string {
  const parts: string[] = [];
  const satBoxes = t.satellites.map(satelliteBox);
  const leftWidth = Math.max(MIN_BOX_WIDTH, ...satBoxes.map(boxWidth));
  const rightX = MARGIN + leftWidth + COLUMN_GAP;
  /** Where each replica URL's box is, for the edges. */
  const replicaAt = new Map<string, { x: number; y: number }>();
  let rightY = MARGIN;
  let width = rightX + MIN_BOX_WIDTH + MARGIN;
  for (const c of t.centrals) {
    const box = centralBox(c);
    const replicaBoxes: Box[] = c.replicaUrls.map((url, i) => ({ title: `Alertmanager ${i}`, lines: [url] }));
    const innerWidth = Math.max(boxWidth(box) - 2 * REPLICA_INDENT, ...replicaBoxes.map(boxWidth));
    const outerWidth = innerWidth + 2 * REPLICA_INDENT;
    const outerHeight = boxHeight(box) + replicaBoxes.reduce((h, b) => h + boxHeight(b) + GAP / 2, 0) + PADDING;
    parts.push(
      `<g class="central" data-stack="${escapeXml(c.stack)}"><rect x="${rightX}" y="${rightY}" width="${outerWidth}" height="${outerHeight}" rx="6" fill="#eef4fb" stroke="#35608f"/>${text(box, rightX, rightY)}</g>`,
    );
    let y = rightY + boxHeight(box);
    replicaBoxes.forEach((b, i) => {
      const x = rightX + REPLICA_INDENT;
      parts.push(
        `<g class="replica" data-url="${escapeXml(c.replicaUrls[i])}"><rect x="${x}" y="${y}" width="${innerWidth}" height="${boxHeight(b)}" rx="4" fill="#fff" stroke="#35608f"/>${text(b, x, y)}</g>`,
      );
      replicaAt.set(c.replicaUrls[i], { x, y: y + boxHeight(b) / 2 });
      y += boxHeight(b) + GAP / 2;
    });
    width = Math.max(width, rightX + outerWidth + MARGIN);
    rightY += outerHeight + GAP;
  }
  let leftY = MARGIN;
  const edges: string[] = [];
  t.satellites.forEach((s, i) => {
    const b = satBoxes[i];
    const h = boxHeight(b);
    parts.push(
      `<g class="satellite" data-cluster="${escapeXml(s.cluster)}"><rect x="${MARGIN}" y="${leftY}" width="${leftWidth}" height="${h}" rx="4" fill="#f6f8fa" stroke="#555"/>${text(b, MARGIN, leftY)}</g>`,
    );
    const fromX = MARGIN + leftWidth;
    const fromY = leftY + h / 2;
    for (const url of s.urls) {
      const to = replicaAt.get(url);
      // A replica outside the project's stack files has no box: its URL is in the satellite's box instead.
      if (!to) continue;
      const bend = fromX + COLUMN_GAP / 2;
      edges.push(
        `<path class="edge" data-from="${escapeXml(s.cluster)}" data-to="${escapeXml(url)}" d="M${fromX} ${fromY} C${bend} ${fromY} ${bend} ${to.y} ${to.x} ${to.y}" fill="none" stroke="#35608f" marker-end="url(#arrow)"/>`,
      );
    }
    leftY += h + GAP;
  });
  const unmatched = t.satellites.filter((s) => s.urls.some((u) => !replicaAt.has(u)));
  let noteY = Math.max(leftY, rightY);
  for (const s of unmatched) {
    for (const url of s.urls.filter((u) => !replicaAt.has(u))) {
      parts.push(`<text class="external" x="${MARGIN}" y="${noteY + LINE_HEIGHT}">${escapeXml(`${s.cluster} also sends to ${url}`)}</text>`);
      width = Math.max(width, 2 * MARGIN + Math.ceil((s.cluster.length + url.length + 15) * CHAR_WIDTH));
      noteY += LINE_HEIGHT;
    }
  }
  const legend = "every satellite sends each alert to every replica (HTTPS, its own credentials); the replicas gossip and notify once";
  parts.push(`<text class="legend" x="${MARGIN}" y="${noteY + LINE_HEIGHT}">${escapeXml(legend)}</text>`);
  width = Math.max(width, 2 * MARGIN + Math.ceil(legend.length * CHAR_WIDTH));
  const height = noteY + LINE_HEIGHT + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    "<title>Multi-cluster alerting topology</title>",
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#35608f"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    // Edges last: drawn over the central's box, each arrow ends on its replica.
    ...parts,
    ...edges,
    "</svg>",
    "",
  ].join("\n");
}
