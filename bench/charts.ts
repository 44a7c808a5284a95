/**
 * The benchmark's charts as SVG text. Pure: no files, no clock, no randomness, so the same figures
 * give the same bytes and a committed chart only changes when a result does.
 *
 * Hand-written rather than vega/vega-lite: vega 6 is an ES module with top-level await, which this
 * CommonJS program cannot require, and its toSVG() is asynchronous; 79 packages for three chart
 * shapes. Every series is a `<g class="series" data-series="NAME">` and a legend item of the same
 * name, so a test (and a reader of the SVG source) can find each one.
 */
import { escapeXml } from "../offline/xml";

export interface Series {
  name: string;
  points: [number, number][];
}

/** Plot area, in SVG user units; the legend is added to the right of it. */
const PLOT_WIDTH = 640;
const PLOT_HEIGHT = 360;
/** Room for the title above, tick labels and axis label below and to the left. */
const MARGIN = { top: 40, right: 20, bottom: 56, left: 72 };
/** About five ticks per axis: enough to read a value off, few enough that labels never collide. */
const TARGET_TICKS = 5;
/** Legend swatch and line pitch; text width is estimated, there is no font to measure in Node. */
const LEGEND_ROW = 20;
const LEGEND_CHAR_WIDTH = 7;
const LEGEND_MIN_WIDTH = 120;
/** Okabe-Ito: distinguishable with the common colour-vision deficiencies; cycles past eight series. */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
const FONT = 'font-family="sans-serif" font-size="12"';
/** Centres 12-unit text on a line by offset: renderers disagree on dominant-baseline. */
const BASELINE_SHIFT = 4;

/** Coordinates to two decimals: sub-pixel enough, and stable text (no 0.30000000000000004, no -0). */
function num(v: number): string {
  const r = Math.round(v * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** Tick labels: short, with k/M/G so RSS in bytes or alert counts stay readable. */
function label(v: number): string {
  const abs = Math.abs(v);
  for (const [scale, suffix] of [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const) {
    if (abs >= scale) return `${Number((v / scale).toPrecision(3))}${suffix}`;
  }
  return String(Number(v.toPrecision(4)) || 0);
}

interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
  log: boolean;
}

/** A 1-2-5 step, widened to whole steps, so tick labels are round numbers. */
function linearAxis(min: number, max: number, includeZero: boolean): Axis {
  if (includeZero) [min, max] = [Math.min(0, min), Math.max(0, max)];
  if (min === max) [min, max] = min === 0 ? [0, 1] : [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  const rough = (max - min) / TARGET_TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  // 1, 2 or 5 times a power of ten, else the next power of ten.
  const step = [1, 2, 5].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => Number((lo + i * step).toPrecision(12)));
  return { lo, hi, ticks, log: false };
}

/** Whole decades, so the axis reads 1, 10, 100; a wide range shows every n-th decade. */
function logAxis(min: number, max: number): Axis {
  const first = Math.floor(Math.log10(min));
  const last = Math.max(first + 1, Math.ceil(Math.log10(max)));
  const every = Math.ceil((last - first) / TARGET_TICKS);
  const ticks: number[] = [];
  for (let d = first; d <= last; d += every) ticks.push(10 ** d);
  return { lo: 10 ** first, hi: 10 ** last, ticks, log: true };
}

function position(axis: Axis, v: number, length: number): number {
  const [lo, hi, x] = axis.log ? [Math.log10(axis.lo), Math.log10(axis.hi), Math.log10(v)] : [axis.lo, axis.hi, v];
  return ((x - lo) / (hi - lo)) * length;
}

const colour = (i: number) => PALETTE[i % PALETTE.length];

/** The frame every chart shares: title, axes with ticks and labels, the legend; `body` is the plot. */
function frame(o: { title: string; xLabel: string; yLabel: string; y: Axis; xTicks: string; names: string[]; body: string; legendShape: "line" | "box" }) {
  const legendWidth = Math.max(LEGEND_MIN_WIDTH, 30 + LEGEND_CHAR_WIDTH * Math.max(0, ...o.names.map((n) => n.length)));
  const width = MARGIN.left + PLOT_WIDTH + MARGIN.right + legendWidth;
  const height = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const yTicks = o.y.ticks
    .map((t) => {
      const y = num(PLOT_HEIGHT - position(o.y, t, PLOT_HEIGHT));
      return `<line x1="0" x2="${PLOT_WIDTH}" y1="${y}" y2="${y}" stroke="#ddd"/><text x="-6" y="${num(Number(y) + BASELINE_SHIFT)}" text-anchor="end">${escapeXml(label(t))}</text>`;
    })
    .join("");
  const legend = o.names
    .map((name, i) => {
      const swatch =
        o.legendShape === "line"
          ? `<line x1="0" x2="16" y1="0" y2="0" stroke="${colour(i)}" stroke-width="2"/>`
          : `<rect x="0" y="-6" width="16" height="12" fill="${colour(i)}"/>`;
      return `<g class="legend-item" data-series="${escapeXml(name)}" transform="translate(0,${i * LEGEND_ROW})">${swatch}<text x="22" y="${BASELINE_SHIFT}">${escapeXml(name)}</text></g>`;
    })
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" ${FONT}>`,
    `<title>${escapeXml(o.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text class="title" x="${num(width / 2)}" y="24" text-anchor="middle" font-size="16">${escapeXml(o.title)}</text>`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<g class="axis y-axis">${yTicks}</g>`,
    `<g class="axis x-axis" transform="translate(0,${PLOT_HEIGHT})"><line x1="0" x2="${PLOT_WIDTH}" y1="0" y2="0" stroke="#333"/>${o.xTicks}</g>`,
    `<line x1="0" x2="0" y1="0" y2="${PLOT_HEIGHT}" stroke="#333"/>`,
    o.body,
    `<text class="x-label" x="${num(PLOT_WIDTH / 2)}" y="${PLOT_HEIGHT + 44}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    `<text class="y-label" transform="translate(-56,${num(PLOT_HEIGHT / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`,
    `<g class="legend" transform="translate(${PLOT_WIDTH + MARGIN.right},10)">${legend}</g>`,
    `</g>`,
    `</svg>`,
    "",
  ].join("\n");
}

/**
 * A line chart; `step: true` draws a step line (for CDFs). Axis labels and a legend naming every series.
 * Non-finite points are left out, and on a log x axis so are points at x <= 0 (a log scale has no place for them).
 * The y axis starts at zero when every value is non-negative, so a difference in height is a difference in value.
 */
export function lineChart(o: { title: string; xLabel: string; yLabel: string; series: Series[]; step?: boolean; logX?: boolean }): string {
  const kept = o.series.map((s) => ({
    name: s.name,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logX || x > 0)),
  }));
  const all = kept.flatMap((s) => s.points);
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const xAxis = o.logX
    ? logAxis(all.length ? Math.min(...xs) : 1, all.length ? Math.max(...xs) : 10)
    : linearAxis(all.length ? Math.min(...xs) : 0, all.length ? Math.max(...xs) : 1, false);
  const y = linearAxis(
    all.length ? Math.min(...ys) : 0,
    all.length ? Math.max(...ys) : 1,
    all.every(([, v]) => v >= 0),
  );
  const px = (v: number) => position(xAxis, v, PLOT_WIDTH);
  const py = (v: number) => PLOT_HEIGHT - position(y, v, PLOT_HEIGHT);
  const xTicks = xAxis.ticks
    .map((t) => {
      const at = num(px(t));
      return `<line x1="${at}" x2="${at}" y1="0" y2="5" stroke="#333"/><text x="${at}" y="18" text-anchor="middle">${escapeXml(label(t))}</text>`;
    })
    .join("");
  const body = kept
    .map((s, i) => {
      const pts = [...s.points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      // Step-after: a CDF's fraction holds from its value until the next one.
      const d = pts
        .map(([vx, vy], j) => (j === 0 ? `M${num(px(vx))},${num(py(vy))}` : o.step ? `H${num(px(vx))}V${num(py(vy))}` : `L${num(px(vx))},${num(py(vy))}`))
        .join("");
      const path = pts.length > 1 ? `<path d="${d}" fill="none" stroke="${colour(i)}" stroke-width="2"/>` : "";
      // One point draws no line, so it gets a dot to stay visible.
      const dot = pts.length === 1 ? `<circle cx="${num(px(pts[0][0]))}" cy="${num(py(pts[0][1]))}" r="3" fill="${colour(i)}"/>` : "";
      return `<g class="series" data-series="${escapeXml(s.name)}" data-points="${pts.length}">${path}${dot}</g>`;
    })
    .join("\n");
  return frame({ title: o.title, xLabel: o.xLabel, yLabel: o.yLabel, y, xTicks, names: kept.map((s) => s.name), body, legendShape: "line" });
}

/** Space between groups, as a fraction of a group's slot. */
const GROUP_GAP = 0.2;

/**
 * Grouped bars: one group per category, one bar per series in each group, with a legend.
 * A missing or non-finite value is a zero-height bar titled "n/a", so every (category, series) has its bar.
 */
export function barChart(o: { title: string; yLabel: string; categories: string[]; series: { name: string; values: number[] }[] }): string {
  const value = (s: { values: number[] }, c: number) => (Number.isFinite(s.values[c]) ? s.values[c] : undefined);
  const values = o.series.flatMap((s) => o.categories.map((_, c) => value(s, c) ?? 0));
  const y = linearAxis(Math.min(0, ...values), Math.max(0, ...values), true);
  const py = (v: number) => PLOT_HEIGHT - position(y, v, PLOT_HEIGHT);
  const slot = PLOT_WIDTH / o.categories.length;
  const barWidth = (slot * (1 - GROUP_GAP)) / o.series.length;
  const left = (c: number, i: number) => c * slot + (slot * GROUP_GAP) / 2 + i * barWidth;
  const xTicks = o.categories
    .map((name, c) => `<text class="category" x="${num((c + 0.5) * slot)}" y="18" text-anchor="middle">${escapeXml(name)}</text>`)
    .join("");
  const body = o.series
    .map((s, i) => {
      const bars = o.categories
        .map((category, c) => {
          const v = value(s, c);
          const [top, bottom] = [py(Math.max(v ?? 0, 0)), py(Math.min(v ?? 0, 0))];
          const tip = `${s.name} / ${category}: ${v === undefined ? "n/a" : label(v)}`;
          return `<rect class="bar" data-category="${escapeXml(category)}" x="${num(left(c, i))}" y="${num(top)}" width="${num(barWidth)}" height="${num(bottom - top)}" fill="${colour(i)}"><title>${escapeXml(tip)}</title></rect>`;
        })
        .join("");
      return `<g class="series" data-series="${escapeXml(s.name)}">${bars}</g>`;
    })
    .join("\n");
  return frame({ title: o.title, xLabel: "", yLabel: o.yLabel, y, xTicks, names: o.series.map((s) => s.name), body, legendShape: "box" });
}

/** The CDF points of a sample: [value, fraction of samples <= value], sorted. Non-finite samples are not counted. */
export function cdf(samples: number[], maxPoints = Number.POSITIVE_INFINITY): [number, number][] {
  const sorted = samples.filter(Number.isFinite).sort((a, b) => a - b);
  const points: [number, number][] = [];
  sorted.forEach((v, i) => {
    // Ties collapse to one point at the last of them, where the fraction counts all of them.
    if (sorted[i + 1] !== v) points.push([v, (i + 1) / sorted.length]);
  });
  if (points.length <= maxPoints) return points;
  // Evenly spaced along the curve, the first and the last point kept: the shape at a bounded size.
  const step = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, k) => points[Math.round(k * step)]);
}
