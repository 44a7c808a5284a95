import * as assert from "assert";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { barChart, cdf, lineChart } from "../../bench/charts";
import { escapeXml } from "../../offline/xml";

interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** Parses SVG text into a plain tree; preserveOrder keeps repeated elements (bars, ticks) in document order. */
function parse(svg: string): Node {
  const valid = XMLValidator.validate(svg);
  assert.strictEqual(valid, true, JSON.stringify(valid));
  const raw = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "", parseAttributeValue: false }).parse(svg);
  const convert = (entry: Record<string, any>): Node | undefined => {
    const tag = Object.keys(entry).find((k) => k !== ":@");
    if (!tag || tag === "#text") return undefined;
    const body: Record<string, any>[] = entry[tag];
    return {
      tag,
      attrs: entry[":@"] ?? {},
      children: body.map(convert).filter((n): n is Node => n !== undefined),
      text: body
        .filter((c) => "#text" in c)
        .map((c) => String(c["#text"]))
        .join(""),
    };
  };
  const roots = (raw as Record<string, any>[]).map(convert).filter((n): n is Node => n !== undefined);
  assert.strictEqual(roots.length, 1);
  return roots[0];
}

const all = (node: Node): Node[] => [node, ...node.children.flatMap(all)];
const byClass = (root: Node, cls: string) => all(root).filter((n) => (n.attrs.class ?? "").split(" ").includes(cls));
const textOf = (root: Node, cls: string) => byClass(root, cls).map((n) => n.text);

/** Every number in a path's d attribute, as [command, values] pairs. */
const commands = (d: string) => [...d.matchAll(/([MLHV])([-\d.,]+)/g)].map((m) => [m[1], m[2].split(",").map(Number)] as const);

describe("bench charts", () => {
  const awkward = `p99 <fast> & "quoted" 'too'`;
  const latencyChart = () =>
    lineChart({
      title: "Notification latency <CDF>",
      xLabel: "latency (ms)",
      yLabel: "fraction <= x",
      step: true,
      logX: true,
      series: [
        { name: "steady", points: cdf([120, 80, 300, 80, 950]) },
        { name: awkward, points: cdf([40, 2000, 7000]) },
      ],
    });
  const latency = latencyChart();

  it("a line chart is well-formed SVG with its title, axis labels, one group and one legend item per series", () => {
    const root = parse(latency);
    assert.strictEqual(root.tag, "svg");
    assert.strictEqual(root.attrs.xmlns, "http://www.w3.org/2000/svg");
    assert.deepStrictEqual(textOf(root, "title"), ["Notification latency <CDF>"]);
    assert.deepStrictEqual(textOf(root, "x-label"), ["latency (ms)"]);
    assert.deepStrictEqual(textOf(root, "y-label"), ["fraction <= x"]);
    assert.deepStrictEqual(
      byClass(root, "series").map((g) => g.attrs["data-series"]),
      ["steady", awkward],
    );
    assert.deepStrictEqual(
      byClass(root, "legend-item").map((g) => [g.attrs["data-series"], g.children.find((c) => c.tag === "text")?.text]),
      [
        ["steady", "steady"],
        [awkward, awkward],
      ],
    );
  });

  it("a step line moves across, then up, from left to right and bottom to top", () => {
    const [steady] = byClass(parse(latency), "series");
    const d = steady.children.find((c) => c.tag === "path")!.attrs.d;
    const steps = commands(d);
    assert.match(d, /^M[-\d.]+,[-\d.]+(H[-\d.]+V[-\d.]+)+$/);
    // Four distinct values: a move, then three across-and-up steps.
    assert.strictEqual(steps.length, 1 + 2 * 3);
    const xs = [steps[0][1][0], ...steps.filter(([c]) => c === "H").map(([, v]) => v[0])];
    const ys = [steps[0][1][1], ...steps.filter(([c]) => c === "V").map(([, v]) => v[0])];
    assert.deepStrictEqual(
      [...xs].sort((a, b) => a - b),
      xs,
    );
    // SVG y grows downwards: a rising CDF has falling y.
    assert.deepStrictEqual(
      [...ys].sort((a, b) => b - a),
      ys,
    );
    assert.ok(ys[0] > ys[ys.length - 1]);
  });

  it("a plain line chart joins points with straight segments, larger values higher", () => {
    const rss = lineChart({
      title: "RSS",
      xLabel: "active alerts",
      yLabel: "RSS (bytes)",
      series: [
        {
          name: "alertmanager-0",
          points: [
            [5000, 90e6],
            [0, 40e6],
            [20000, 210e6],
          ],
        },
      ],
    });
    const d = byClass(parse(rss), "series")[0].children[0].attrs.d;
    const segments = commands(d);
    assert.deepStrictEqual(
      segments.map(([c]) => c),
      ["M", "L", "L"],
    );
    // Points are drawn in x order whatever order they came in.
    const xs = segments.map(([, v]) => v[0]);
    const ys = segments.map(([, v]) => v[1]);
    assert.deepStrictEqual(
      [...xs].sort((a, b) => a - b),
      xs,
    );
    assert.ok(ys[0] > ys[1] && ys[1] > ys[2], d);
  });

  it("empty series, a single point and an empty chart render without NaN", () => {
    const svg = lineChart({
      title: "edge",
      xLabel: "x",
      yLabel: "y",
      series: [
        { name: "empty", points: [] },
        { name: "one", points: [[3, 3]] },
        {
          name: "bad",
          points: [
            [NaN, 1],
            [Infinity, 2],
          ],
        },
      ],
    });
    const none = lineChart({ title: "nothing", xLabel: "x", yLabel: "y", series: [], logX: true });
    // A domain of one value at zero is the case a naive scale divides by zero in.
    const zero = lineChart({ title: "zero", xLabel: "x", yLabel: "y", series: [{ name: "z", points: [[0, 0]] }] });
    const zeroBars = barChart({ title: "zero", yLabel: "y", categories: ["c"], series: [{ name: "z", values: [0] }] });
    const noBars = barChart({ title: "no bars", yLabel: "y", categories: [], series: [] });
    for (const text of [svg, none, zero, zeroBars, noBars]) assert.doesNotMatch(text, /NaN|Infinity|undefined/);
    const groups = byClass(parse(svg), "series");
    assert.deepStrictEqual(
      groups.map((g) => [g.attrs["data-series"], g.children.map((c) => c.tag)]),
      [
        ["empty", []],
        ["one", ["circle"]],
        ["bad", []],
      ],
    );
    assert.deepStrictEqual(textOf(parse(none), "title"), ["nothing"]);
  });

  it("a log x axis leaves out points it cannot place (x <= 0)", () => {
    const svg = lineChart({
      title: "t",
      xLabel: "x",
      yLabel: "y",
      logX: true,
      series: [
        {
          name: "s",
          points: [
            [0, 0.1],
            [10, 0.5],
            [100, 1],
          ],
        },
      ],
    });
    assert.strictEqual(byClass(parse(svg), "series")[0].attrs["data-points"], "2");
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });

  it("the same input gives the same SVG", () => {
    assert.strictEqual(latencyChart(), latency);
  });

  it("a bar chart has one bar per category and series, heights in proportion, and a legend", () => {
    const categories = ["steady", "burst", "storm"];
    const svg = barChart({
      title: "1 vs 3 replicas",
      yLabel: "p99 (ms)",
      categories,
      series: [
        { name: "1 replica", values: [100, 200, 400] },
        { name: "3 replicas", values: [50, NaN] },
      ],
    });
    assert.doesNotMatch(svg, /NaN|undefined/);
    const root = parse(svg);
    assert.deepStrictEqual(textOf(root, "title"), ["1 vs 3 replicas"]);
    assert.deepStrictEqual(textOf(root, "y-label"), ["p99 (ms)"]);
    assert.deepStrictEqual(textOf(root, "category"), categories);
    assert.deepStrictEqual(
      byClass(root, "legend-item").map((g) => g.attrs["data-series"]),
      ["1 replica", "3 replicas"],
    );
    const groups = byClass(root, "series");
    assert.deepStrictEqual(
      groups.map((g) => g.attrs["data-series"]),
      ["1 replica", "3 replicas"],
    );
    for (const g of groups) {
      assert.deepStrictEqual(
        byClass(g, "bar").map((b) => b.attrs["data-category"]),
        categories,
      );
    }
    const heights = groups.map((g) => byClass(g, "bar").map((b) => Number(b.attrs.height)));
    assert.ok(heights[0][0] > 0);
    assert.strictEqual(heights[0][1], 2 * heights[0][0]);
    assert.strictEqual(heights[0][2], 4 * heights[0][0]);
    assert.strictEqual(heights[1][0], heights[0][0] / 2);
    // Missing and NaN values are zero-height bars that say so.
    assert.deepStrictEqual(heights[1].slice(1), [0, 0]);
    assert.deepStrictEqual(
      byClass(groups[1], "bar").map((b) => b.children[0].text),
      ["3 replicas / steady: 50", "3 replicas / burst: n/a", "3 replicas / storm: n/a"],
    );
    // Bars of one group sit side by side, series in order.
    const xs = groups.map((g) => Number(byClass(g, "bar")[0].attrs.x));
    assert.ok(xs[0] + Number(byClass(groups[0], "bar")[0].attrs.width) <= xs[1]);
  });

  it("the CDF of a sample is sorted, counts ties, ends at 1, and ignores non-finite samples", () => {
    assert.deepStrictEqual(cdf([3, 1, 2, 2]), [
      [1, 0.25],
      [2, 0.75],
      [3, 1],
    ]);
    assert.deepStrictEqual(cdf([]), []);
    assert.deepStrictEqual(cdf([NaN, 5]), [[5, 1]]);
    const points = cdf(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1013));
    assert.strictEqual(points[points.length - 1][1], 1);
    for (let i = 1; i < points.length; i++) assert.ok(points[i][0] > points[i - 1][0] && points[i][1] > points[i - 1][1], `point ${i}`);
  });

  it("escapes XML text and drops characters XML cannot carry; the well-formedness check can fail", () => {
    assert.strictEqual(escapeXml(`a<b>&"c"'d'\u0001`), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
    assert.notStrictEqual(XMLValidator.validate(`<svg><g data-series="a"b"></g></svg>`), true);
    assert.notStrictEqual(XMLValidator.validate(`<svg><text>a < b</text></svg>`), true);
  });
});

describe("bench cdf thinning", () => {
  it("keeps at most maxPoints, evenly along the curve, with the first and the last point", () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i);
    const thin = cdf(samples, 11);
    assert.strictEqual(thin.length, 11);
    assert.deepStrictEqual(thin[0], [0, 0.001]);
    assert.deepStrictEqual(thin[10], [999, 1]);
    assert.deepStrictEqual(thin[5], [500, 0.501]);
    assert.deepStrictEqual(cdf([3, 1, 2], 11), cdf([3, 1, 2]), "a short curve is kept whole");
  });
});
