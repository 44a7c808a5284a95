/**
 * npm run docs: writes docs/configuration.md from the config schema (offline/config-reference.ts).
 * Run it after changing config/; a unit test fails while the committed file is stale.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { configurationMarkdown } from "../offline/config-reference";

export const CONFIGURATION_DOC = path.resolve(__dirname, "..", "docs", "configuration.md");

if (require.main === module) {
  try {
    const text = configurationMarkdown();
    writeFileSync(CONFIGURATION_DOC, text);
    console.log(`docs: wrote ${path.relative(process.cwd(), CONFIGURATION_DOC)} (${text.split("\n").length} lines)`);
  } catch (err) {
    console.error(`docs: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
