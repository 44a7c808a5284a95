/** Time intervals as Alertmanager reads them: each field, negative days, ranges, time zones. */
import * as assert from "assert";
import { isActive } from "../../harness/time-intervals";

type Interval = Parameters<typeof isActive>[0]["intervals"][number];
const active = (fields: Partial<Interval>, at: string) => isActive({ intervals: [{ location: "UTC", ...fields }] }, new Date(at));

describe("time intervals", () => {
  // Tuesday 2026-02-24, 10:30 UTC; February 2026 has 28 days.
  const at = "2026-02-24T10:30:00Z";

  it("no field: always active", () => assert.strictEqual(active({}, at), true));

  it("times: start inclusive, end exclusive", () => {
    assert.strictEqual(active({ times: [{ start: "10:30", end: "11:00" }] }, at), true);
    assert.strictEqual(active({ times: [{ start: "09:00", end: "10:30" }] }, at), false);
  });

  it("weekdays: ranges inclusive, any case", () => {
    assert.strictEqual(active({ weekdays: ["monday:wednesday"] }, at), true);
    assert.strictEqual(active({ weekdays: ["Tuesday"] }, at), true);
    assert.strictEqual(active({ weekdays: ["wednesday:friday"] }, at), false);
  });

  it("days of month: negative days count from the month's end", () => {
    assert.strictEqual(active({ daysOfMonth: ["-5:-1"] }, at), true, "the 24th is the 5th last day of a 28-day February");
    assert.strictEqual(active({ daysOfMonth: ["-4:-1"] }, at), false);
    assert.strictEqual(active({ daysOfMonth: ["20:-1"] }, at), true);
    assert.strictEqual(active({ daysOfMonth: ["1:23"] }, at), false);
  });

  it("months by name or number, and years", () => {
    assert.strictEqual(active({ months: ["january:march"] }, at), true);
    assert.strictEqual(active({ months: ["3:12"] }, at), false);
    assert.strictEqual(active({ years: ["2025:2026"] }, at), true);
    assert.strictEqual(active({ years: ["2027"] }, at), false);
  });

  it("every field must match; any interval of the list is enough", () => {
    assert.strictEqual(active({ weekdays: ["tuesday"], months: ["march"] }, at), false);
    assert.strictEqual(
      isActive(
        {
          intervals: [
            { location: "UTC", months: ["march"] },
            { location: "UTC", weekdays: ["tuesday"] },
          ],
        },
        new Date(at),
      ),
      true,
    );
  });

  it("the location decides the local day and time", () => {
    // 10:30 UTC is 02:30 in Los Angeles, still Tuesday; 03:00 UTC on the 24th is Monday evening there.
    assert.strictEqual(active({ location: "America/Los_Angeles", times: [{ start: "02:00", end: "03:00" }] }, at), true);
    assert.strictEqual(active({ location: "America/Los_Angeles", weekdays: ["monday"] }, "2026-02-24T03:00:00Z"), true);
  });
});
