/** Invalid configurations, each run through the whole program under mocks: rejected, naming the key, with no resource registered. */
import * as assert from "assert";
import { ProgramError, runProgram } from "../../offline/program";

export interface InvalidCase {
  title: string;
  config?: Record<string, unknown>;
  /** Credentials given in plain config rather than as secrets. */
  plain?: Record<string, string>;
  unset?: string[];
  fakeSecrets?: boolean;
  /** Every string must appear in the error message. */
  expect: string[];
}

export function itRejects(cases: InvalidCase[]): void {
  for (const c of cases) {
    it(c.title, async () => {
      const run = runProgram({ stack: "prod", config: { ...c.config, ...c.plain }, unset: c.unset, fakeSecrets: c.fakeSecrets ?? true });
      await assert.rejects(run, (err: ProgramError) => {
        for (const text of c.expect) assert.ok(err.message.includes(text), `expected ${JSON.stringify(text)} in:\n${err.message}`);
        assert.deepStrictEqual(
          err.resources.map((r) => r.name),
          [],
          "no resource may be registered",
        );
        return true;
      });
    });
  }
}
