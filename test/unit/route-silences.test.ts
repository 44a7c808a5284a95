/** `npm run route` and the sandbox's form name the declared silence that mutes an alert, and until when. */
import * as assert from "assert";
import { binaries } from "../../harness/binaries";
import { deployedSpec } from "../../harness/capture-config";
import { explainRoute, formatAnswer } from "../../harness/route-explain";
import { stackConfig } from "../../offline/program";
import { formRoute } from "../../preview/sandbox";

const MIGRATION = {
  id: "checkout-migration",
  matchers: ['service="checkout"'],
  startsAt: "2026-12-07T20:00:00.000Z",
  endsAt: "2026-12-07T23:00:00.000Z",
  comment: "database migration, CHG-1",
  author: "oncall@example.com",
};
const DURING = new Date("2026-12-07T21:00:00Z");
const AFTER = new Date("2026-12-07T23:00:01Z");

describe("npm run route and the sandbox's form: declared silences", function () {
  this.timeout(60_000);
  const spec = { ...deployedSpec(stackConfig("prod")), silences: [MIGRATION] };
  const labels = { alertname: "CheckoutLatencyHigh", severity: "critical", service: "checkout", tenant_id: "acme" };

  it("an alert a declared silence matches, while it runs: muted, said with the silence's id and end, nobody notified", () => {
    const answer = explainRoute(spec, labels, DURING, binaries().amtool);
    assert.deepStrictEqual(
      answer.silencedBy.map((s) => s.id),
      ["checkout-migration"],
    );
    assert.deepStrictEqual(
      answer.receivers.map((r) => [r.receiver, r.deliversNow]),
      [["oncall-critical", false]],
    );
    const printed = formatAnswer(answer);
    assert.match(printed, /^ {3}muted by declared silence checkout-migration until 2026-12-07T23:00:00\.000Z$/m);
    assert.match(printed, /^-x oncall-critical /m);
    assert.deepStrictEqual(formRoute(answer).silences, ["muted by declared silence checkout-migration until 2026-12-07T23:00:00.000Z"]);
  });

  it("after its end, or for an alert it does not match, no silence is named", () => {
    assert.deepStrictEqual(explainRoute(spec, labels, AFTER, binaries().amtool).silencedBy, []);
    const other = explainRoute(spec, { ...labels, service: "payments" }, DURING, binaries().amtool);
    assert.deepStrictEqual(other.silencedBy, []);
    assert.doesNotMatch(formatAnswer(other), /declared silence/);
  });
});
