// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import mocha from "eslint-plugin-mocha";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "policy/node_modules/**",
      ".tools/**",
      "out/**",
      "reports/**",
      ".stryker-tmp/**",
      "bench/tmp/**",
      "test/unit/fixtures/lint/**",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        __dirname: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
      },
    },
    rules: {
      // The policy pack and the tests read provider inputs, which are untyped by nature.
      "@typescript-eslint/no-explicit-any": "off",
      // The SDK's internals (isConfigSecret, the policy proxy) are reached with require on purpose.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests that run: a test declared inside another test's body is never run by mocha, and an
    // exclusive, skipped or pending test silently narrows the run.
    files: ["test/**/*.ts", "bench/**/*.test.ts"],
    plugins: { mocha },
    rules: {
      "mocha/no-nested-tests": "error",
      "mocha/no-exclusive-tests": "error",
      "mocha/no-identical-title": "error",
      "mocha/no-pending-tests": "error",
    },
  },
);
