/** config/routing-tree.ts and config/routing-schema.ts: what a team's unnamed parts become, and month values Alertmanager refuses. */
import * as assert from "assert";
import { problems, spec } from "../support/routing-values";

describe("routing tree: a team's unnamed parts", () => {
  const TEAM = `
receiver: catchall
receivers:
  - name: catchall
    webhook: { credential: checkoutUrl }
routes:
  - matchers: ['severity="critical"']
inhibitRules:
  - sourceMatchers: ['alertname="CheckoutDown"']
    targetMatchers: ['severity="warning"']
`;

  it("an unnamed inhibit rule stays unnamed; only its matchers gain the team's", () => {
    assert.deepStrictEqual(spec({}, { "teams/checkout.yaml": TEAM }).inhibitRules, [
      { sourceMatchers: ['team="checkout"', 'alertname="CheckoutDown"'], targetMatchers: ['team="checkout"', 'severity="warning"'], equal: [] },
    ]);
  });

  it("an unnamed route without a receiver stays so: it inherits the team's", () => {
    assert.deepStrictEqual(spec({}, { "teams/checkout.yaml": TEAM }).routes[1].routes, [
      { matchers: ['severity="critical"'], continue: false, muteTimeIntervals: [], activeTimeIntervals: [], routes: [] },
    ]);
  });
});

describe("routing schema: a month is a name or a plain number", () => {
  const months = (value: string) => problems({ timeIntervals: [{ name: "t", intervals: [{ months: [value] }] }] });
  const REFUSED = "is not a month or range such as january:march or 12";
  // Text that JavaScript's Number() would read as a number, but that is neither a month's name nor its number in digits.
  for (const value of ["1e1", "0x1", "1.5", "1:1e1"]) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      assert.deepStrictEqual(months(value), [`alerting:timeIntervals[0].intervals[0].months[0]: ${JSON.stringify(value)} ${REFUSED}`]);
    });
  }

  it("accepts one and two digits, and names in any case", () => {
    assert.deepStrictEqual(["1", "09", "12", "DECEMBER", "1:december"].flatMap(months), []);
  });
});
