// ESLint for the site's JavaScript (docs/assets/): classic browser scripts, one Web Worker.
// Run by tests/test_javascript.py (npm ci installs it from package-lock.json).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["docs/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
  {
    files: ["docs/assets/exercises/exercises-worker.js", "docs/assets/inpage/inpage-worker.js"],
    languageOptions: { globals: { ...globals.worker, loadPyodide: "readonly" } },
  },
];
