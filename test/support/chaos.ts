/** What every chaos scenario must show: nothing lost, no promise broken. Its figures are printed. */
import * as assert from "assert";
import type { ChaosResult } from "../../harness/chaos";
import { describeFigures } from "../../harness/chaos-report";

export function held(result: ChaosResult): void {
  console.log(`      ${describeFigures(result)}`);
  assert.deepStrictEqual(result.lost, [], `${result.scenario}: alerts lost`);
  assert.deepStrictEqual(result.broken, [], `${result.scenario}: promises broken`);
}
