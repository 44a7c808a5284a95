/**
 * Label values that a regex matcher takes or refuses, to reach routes behind `=~` and `!~`: one
 * value per alternative, each checked with the regex anchored as Alertmanager anchors it. The
 * generator reads the syntax Go's RE2 and JavaScript share (literals, `.`, classes, groups,
 * alternation, `* + ? {n,m}`, `\d \w \s`); for anything else it finds no witness rather than a
 * wrong one, and the caller reports the gap. Pure.
 */
import { compileMatcherRegex } from "../config/matchers";

/** A regex with many alternatives still yields a bounded number of label sets. */
export const MAX_WITNESSES = 8;
/** Characters tried, in order, where a pattern admits a choice: plain ones first, so label sets read well. */
const PREFERRED_CHARS = "xa0_-.Z9 ~!@#%&/:;=,<>'\"`|()[]{}^$*+?\\";
/** Values tried for a refusal before derived ones: absent first, as an alert without the label. */
const REFUSAL_CANDIDATES = ["", "proof-unmatched", "~"];

type Node = { kind: "alt"; options: Node[] } | { kind: "seq"; items: Node[] } | { kind: "char"; chars: string[] } | { kind: "repeat"; item: Node; min: number };

class Unsupported extends Error {}

const range = (from: string, to: string) =>
  Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(from.charCodeAt(0) + i));
const DIGITS = range("0", "9");
const WORD = [...range("a", "z"), ...range("A", "Z"), ...DIGITS, "_"];
const SPACE = [" ", "\t", "\n"];
const PRINTABLE = range(" ", "~");
const ESCAPE_CLASSES: Record<string, string[]> = { d: DIGITS, w: WORD, s: SPACE };
const NEGATED_ESCAPE_CLASSES: Record<string, string[]> = { D: DIGITS, W: WORD, S: SPACE };
const CONTROL_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v" };

const without = (excluded: string[]) => PRINTABLE.filter((c) => !excluded.includes(c));

/** A recursive-descent reader of the shared syntax; throws Unsupported on anything else. */
class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  read(): Node {
    const node = this.alternation();
    if (this.at < this.text.length) throw new Unsupported(`unexpected ${this.text[this.at]}`);
    return node;
  }

  private peek = () => this.text[this.at];

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.text.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.quantified(this.atom()));
    return { kind: "seq", items };
  }

  private quantified(item: Node): Node {
    const c = this.peek();
    let min: number | undefined;
    if (c === "*" || c === "?") min = 0;
    else if (c === "+") min = 1;
    else if (c === "{") {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.text.slice(this.at));
      if (!m) throw new Unsupported("a { that is not a repetition");
      this.at += m[0].length - 1;
      min = Number(m[1]);
    }
    if (min === undefined) return item;
    this.at++;
    if (this.peek() === "?") this.at++; // lazy: the same strings match
    return this.quantified({ kind: "repeat", item, min });
  }

  private atom(): Node {
    const c = this.text[this.at++];
    if (c === "(") {
      const rest = this.text.slice(this.at);
      const prefix = /^\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>)/.exec(rest);
      if (rest.startsWith("?") && !prefix) throw new Unsupported("a group with flags or a look-around");
      this.at += prefix ? prefix[0].length : 0;
      const inner = this.alternation();
      if (this.text[this.at++] !== ")") throw new Unsupported("an unclosed group");
      return inner;
    }
    if (c === "[") return { kind: "char", chars: this.charClass() };
    if (c === ".") return { kind: "char", chars: without(["\n"]) };
    if (c === "^" || c === "$") return { kind: "seq", items: [] }; // Alertmanager anchors anyway
    if (c === "\\") return { kind: "char", chars: this.escape() };
    if ("*+?{)".includes(c)) throw new Unsupported(`a stray ${c}`);
    return { kind: "char", chars: [c] };
  }

  private escape(): string[] {
    const c = this.text[this.at++];
    if (c === undefined) throw new Unsupported("a trailing backslash");
    if (ESCAPE_CLASSES[c]) return ESCAPE_CLASSES[c];
    if (NEGATED_ESCAPE_CLASSES[c]) return without(NEGATED_ESCAPE_CLASSES[c]);
    if (CONTROL_ESCAPES[c]) return [CONTROL_ESCAPES[c]];
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`the escape \\${c}`);
    return [c];
  }

  private charClass(): string[] {
    const negated = this.peek() === "^";
    if (negated) this.at++;
    const chars: string[] = [];
    let first = true;
    while (this.at < this.text.length && (this.peek() !== "]" || first)) {
      first = false;
      if (this.text.startsWith("[:", this.at)) throw new Unsupported("a POSIX class");
      const from = this.peek() === "\\" ? (this.at++, this.escape()) : [this.text[this.at++]];
      if (this.peek() === "-" && this.text[this.at + 1] !== "]" && from.length === 1) {
        this.at++;
        const to = this.peek() === "\\" ? (this.at++, this.escape()) : [this.text[this.at++]];
        if (to.length !== 1 || to[0] < from[0]) throw new Unsupported("a class range");
        chars.push(...range(from[0], to[0]));
      } else chars.push(...from);
    }
    if (this.text[this.at++] !== "]") throw new Unsupported("an unclosed class");
    return negated ? without(chars) : [...new Set(chars)];
  }
}

const preferred = (chars: string[]) => [...chars].sort((a, b) => rank(a) - rank(b))[0];
const rank = (c: string) => {
  const at = PREFERRED_CHARS.indexOf(c);
  return at >= 0 ? at : PREFERRED_CHARS.length + c.charCodeAt(0);
};

/** Strings the node matches: the shortest first, then one per alternative anywhere in it. */
function examples(node: Node): string[] {
  switch (node.kind) {
    case "char":
      if (node.chars.length === 0) throw new Unsupported("an empty class");
      return [preferred(node.chars)];
    case "alt":
      return node.options.flatMap(examples);
    case "repeat": {
      const inner = examples(node.item);
      const once = node.min === 0 ? inner.slice(0, 1) : [];
      return [...inner.map((e) => e.repeat(node.min)), ...once];
    }
    case "seq": {
      const each = node.items.map(examples);
      const base = each.map((e) => e[0]).join("");
      // Vary one item at a time: every alternative is reached without a product of them all.
      const varied = each.flatMap((options, i) => options.slice(1).map((o) => each.map((e, j) => (j === i ? o : e[0])).join("")));
      return [base, ...varied];
    }
  }
}

export interface Witnesses {
  /** Values the anchored regex matches, at most MAX_WITNESSES, one per alternative where possible. */
  matching: string[];
  /** A value it does not match (absent, where it allows that), if there is one. */
  refusing?: string;
  /** Why no matching value was found, when none was. */
  gap?: string;
}

export function regexWitnesses(pattern: string): Witnesses {
  const regex = compileMatcherRegex(pattern);
  if (!regex) return { matching: [], gap: `JavaScript cannot compile the regex ${JSON.stringify(pattern)}` };
  let generated: string[] = [];
  let gap: string | undefined;
  try {
    generated = examples(new Reader(pattern).read());
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    gap = `the witness generator does not read ${err.message} in ${JSON.stringify(pattern)}`;
  }
  // Checked against the anchored regex: a witness the generator got wrong is dropped, never used.
  const matching = [...new Set(generated)].filter((w) => regex.test(w)).slice(0, MAX_WITNESSES);
  const refusing = [...REFUSAL_CANDIDATES, ...matching.flatMap((w) => [`${w}~`, `~${w}`, w.slice(0, -1)])].find((v) => !regex.test(v));
  return {
    matching,
    ...(refusing !== undefined && { refusing }),
    ...(matching.length === 0 && { gap: gap ?? `no value found that ${JSON.stringify(pattern)} matches` }),
  };
}
