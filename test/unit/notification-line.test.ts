/** The sandbox's one line per notification. */
import * as assert from "assert";
import { notificationLine, summarize } from "../../harness/notification-line";
import type { Notification } from "../../harness/notifications";

const at = Date.parse("2026-12-03T18:40:05Z");
const of = (kind: string, body: unknown): Notification => ({ at, receiver: "oncall-critical", kind, body, text: JSON.stringify(body), key: "k" });

describe("notification line", () => {
  it("a webhook payload: its status and every alert name, once each", () => {
    const n = of("webhook", { status: "firing", alerts: [{ labels: { alertname: "A" } }, { labels: { alertname: "B" } }, { labels: { alertname: "A" } }] });
    assert.strictEqual(notificationLine(n), "18:40:05  oncall-critical (webhook)  firing  A, B");
  });

  it("any other kind: the status and alert name from the title every template starts with", () => {
    assert.deepStrictEqual(summarize(of("slack", { attachments: [{ title: "[FIRING:2] WorkerDown (critical) tenant=t1" }] })), {
      time: "18:40:05",
      receiver: "oncall-critical",
      kind: "slack",
      status: "firing",
      alerts: ["WorkerDown"],
    });
    assert.deepStrictEqual(summarize(of("email", { subject: "[RESOLVED] WorkerDown (critical)" })).status, "resolved");
  });

  it("a group with no common alert name, and a payload with no title", () => {
    assert.strictEqual(notificationLine(of("slack", { text: "[FIRING:2]  tenant=t1" })), "18:40:05  oncall-critical (slack)  firing  (no alert name)");
    assert.strictEqual(notificationLine(of("pushover", { message: "hello" })), "18:40:05  oncall-critical (pushover)  unknown  (no alert name)");
  });
});
