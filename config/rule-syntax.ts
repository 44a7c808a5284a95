/**
 * The syntax checks a rule needs before any resource is registered: PromQL expressions and the
 * Go templates in labels and annotations. They catch what a typo breaks; promtool (run by
 * `npm test` and `npm run verify`) still checks the rest: types, functions, template functions.
 */
import { parser } from "@prometheus-io/lezer-promql";

/** The offset of the first syntax error in a PromQL expression, or undefined when it parses. */
export function promqlErrorAt(expr: string): number | undefined {
  if (expr.trim() === "") return 0;
  let at: number | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) at = node.from;
      return at === undefined;
    },
  });
  return at;
}

/** Template actions that open a block closed by `{{ end }}`. */
const BLOCK_OPENERS = ["if", "range", "with", "define", "block"];

/**
 * What is wrong with a Go text/template, or undefined when its actions are well formed: every
 * `{{` closed, no empty action, every block ended, no `else` or `end` outside a block.
 */
export function templateProblem(template: string): string | undefined {
  const depth: string[] = [];
  let rest = template;
  for (let open = rest.indexOf("{{"); open !== -1; open = rest.indexOf("{{")) {
    const close = rest.indexOf("}}", open + 2);
    if (close === -1) return "has a {{ without its }}";
    const action = rest
      .slice(open + 2, close)
      .replace(/^-\s|\s-$/g, "")
      .trim();
    rest = rest.slice(close + 2);
    if (action === "") return "has an empty {{ }} action";
    const keyword = action.split(/\s+/)[0];
    if (BLOCK_OPENERS.includes(keyword)) depth.push(keyword);
    else if (keyword === "end" && depth.pop() === undefined) return "has an {{ end }} without an opening {{ if }}, {{ range }} or {{ with }}";
    else if (keyword === "else" && depth.length === 0) return "has an {{ else }} outside an {{ if }}, {{ range }} or {{ with }}";
  }
  return depth.length > 0 ? `has a {{ ${depth[depth.length - 1]} }} without its {{ end }}` : undefined;
}
