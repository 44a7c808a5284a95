/** config/integrations.ts and config/integration-row.ts: the schemas' own issues, as config/errors.ts's fromZodIssue receives them. */
import * as assert from "assert";
import { integrationSchemas } from "../../config/integrations";
import { notificationTemplate } from "../../config/integration-row";

// fromZodIssue treats some zod codes apart (a missing value, an unknown key); a check across fields or of a template reports a custom one, with its input.
const issues = (result: { success: boolean; error?: { issues: { code: string; path: PropertyKey[]; message: string; input?: unknown }[] } }) =>
  result.error?.issues.map(({ code, path, message, input }) => ({ code, path, message, input })) ?? [];

describe("integration schemas: their own issues", () => {
  it("a row's check across fields reports a custom issue on the field it names, with its input", () => {
    assert.deepStrictEqual(issues(integrationSchemas.wechat.safeParse({ corpId: "c", agentId: "a" })), [
      { code: "custom", path: ["toUser"], message: "is not set, nor toParty or toTag; set at least one", input: undefined },
    ]);
  });

  it("a user's template that does not parse reports a custom issue", () => {
    assert.deepStrictEqual(
      issues(notificationTemplate().safeParse("{{ .CommonLabels.alertname")).map((i) => i.code),
      ["custom"],
    );
  });
});
