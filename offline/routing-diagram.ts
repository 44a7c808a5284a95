/**
 * The routing tree drawn from a rendered alertmanager.yml: every route with its matchers, receiver
 * and integrations, timings, `continue` and time intervals, as an SVG outline (written by
 * `npm run render`) and as a Mermaid flowchart (which GitHub renders in Markdown). Pure.
 */
import { parse } from "yaml";
import { escapeXml } from "./xml";

interface RenderedRoute {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RenderedRoute[];
}

interface RenderedConfig {
  route: RenderedRoute;
  receivers: ({ name: string } & Record<string, unknown>)[];
  time_intervals?: { name: string; time_intervals: Record<string, unknown>[] }[];
}

export interface DiagramNode {
  /** The route's matchers, or "every alert" for the root. */
  title: string;
  lines: string[];
  children: DiagramNode[];
}

export interface RoutingDiagram {
  root: DiagramNode;
  /** One line per time interval: its name and what it covers. */
  timeIntervals: string[];
}

const INTEGRATION_SUFFIX = "_configs";

export function routingDiagram(alertmanagerYml: string): RoutingDiagram {
  const config = parse(alertmanagerYml) as RenderedConfig;
  const integrations = (receiver: string) => {
    const r = config.receivers.find((x) => x.name === receiver);
    const kinds = Object.keys(r ?? {})
      .filter((k) => k.endsWith(INTEGRATION_SUFFIX))
      .map((k) => k.slice(0, -INTEGRATION_SUFFIX.length));
    return kinds.length > 0 ? kinds.join(", ") : "delivers nothing";
  };
  const node = (route: RenderedRoute, isRoot: boolean): DiagramNode => {
    const timings = [
      route.group_wait && `group_wait ${route.group_wait}`,
      route.group_interval && `group_interval ${route.group_interval}`,
      route.repeat_interval && `repeat ${route.repeat_interval}`,
    ].filter(Boolean);
    const lines = [
      ...(route.receiver ? [`receiver: ${route.receiver} (${integrations(route.receiver)})`] : []),
      ...(route.group_by ? [`group_by: ${route.group_by.join(", ")}`] : []),
      ...(timings.length > 0 ? [timings.join(" · ")] : []),
      ...(route.mute_time_intervals ? [`muted during: ${route.mute_time_intervals.join(", ")}`] : []),
      ...(route.active_time_intervals ? [`only during: ${route.active_time_intervals.join(", ")}`] : []),
      ...(route.continue ? ["continue: the next routes are tried too"] : []),
    ];
    return {
      title: isRoot ? "every alert" : (route.matchers ?? []).join(", ") || "every alert",
      lines,
      children: (route.routes ?? []).map((r) => node(r, false)),
    };
  };
  const describe = (interval: Record<string, unknown>) =>
    Object.entries(interval)
      .map(([field, value]) =>
        field === "times"
          ? `times ${(value as { start_time: string; end_time: string }[]).map((t) => `${t.start_time}-${t.end_time}`).join(", ")}`
          : `${field} ${Array.isArray(value) ? value.join(", ") : value}`,
      )
      .join("; ");
  return {
    root: node(config.route, true),
    timeIntervals: (config.time_intervals ?? []).map((t) => `${t.name}: ${t.time_intervals.map(describe).join(" | ")}`),
  };
}

/** Layout of the outline: each route a box, indented under its parent. */
const INDENT = 36;
const LINE_HEIGHT = 16;
const PADDING = 8;
const GAP = 10;
/** Average advance of a 12-unit sans-serif character; bold runs wider. */
const CHAR_WIDTH = 6.6;
const BOLD_CHAR_WIDTH = 7.4;
const MIN_BOX_WIDTH = 260;
const MARGIN = 16;

export function routingSvg(d: RoutingDiagram): string {
  const parts: string[] = [];
  let y = MARGIN;
  let width = 0;
  const draw = (n: DiagramNode, depth: number, parentX?: number, parentBottom?: number) => {
    const x = MARGIN + depth * INDENT;
    const texts = [n.title, ...n.lines];
    const textWidth = Math.max(n.title.length * BOLD_CHAR_WIDTH, ...n.lines.map((t) => t.length * CHAR_WIDTH));
    const boxWidth = Math.max(MIN_BOX_WIDTH, Math.ceil(textWidth) + 2 * PADDING);
    const boxHeight = texts.length * LINE_HEIGHT + 2 * PADDING;
    width = Math.max(width, x + boxWidth + MARGIN);
    if (parentX !== undefined && parentBottom !== undefined) {
      const elbow = parentX + INDENT / 2;
      parts.push(`<path class="edge" d="M${elbow} ${parentBottom} V${y + boxHeight / 2} H${x}" fill="none" stroke="#888"/>`);
    }
    const body = texts
      .map((t, i) => `<text x="${x + PADDING}" y="${y + PADDING + (i + 1) * LINE_HEIGHT - 4}"${i === 0 ? ' font-weight="bold"' : ""}>${escapeXml(t)}</text>`)
      .join("");
    parts.push(
      `<g class="route" data-matchers="${escapeXml(n.title)}"><rect x="${x}" y="${y}" width="${boxWidth}" height="${boxHeight}" rx="4" fill="#f6f8fa" stroke="#555"/>${body}</g>`,
    );
    const top = y;
    y += boxHeight + GAP;
    for (const child of n.children) draw(child, depth + 1, x, top + boxHeight);
  };
  draw(d.root, 0);
  if (d.timeIntervals.length > 0) {
    parts.push(`<text x="${MARGIN}" y="${y + LINE_HEIGHT}" font-weight="bold">time intervals</text>`);
    d.timeIntervals.forEach((t, i) => {
      parts.push(`<text class="time-interval" x="${MARGIN}" y="${y + (i + 2) * LINE_HEIGHT}">${escapeXml(t)}</text>`);
      width = Math.max(width, MARGIN * 2 + Math.ceil(t.length * CHAR_WIDTH));
    });
    y += (d.timeIntervals.length + 2) * LINE_HEIGHT;
  }
  const height = y + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    "<title>Alertmanager routing tree</title>",
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

/** Mermaid's label text: its own quote, and the characters Markdown would take, as entities. */
const mermaidText = (t: string) => t.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");

export function routingMermaid(d: RoutingDiagram): string {
  const lines = ["flowchart LR"];
  let next = 0;
  const visit = (n: DiagramNode): string => {
    const id = `r${next++}`;
    lines.push(`  ${id}["${[`<b>${mermaidText(n.title)}</b>`, ...n.lines.map(mermaidText)].join("<br/>")}"]`);
    for (const child of n.children) lines.push(`  ${id} --> ${visit(child)}`);
    return id;
  };
  visit(d.root);
  return `${lines.join("\n")}\n`;
}
