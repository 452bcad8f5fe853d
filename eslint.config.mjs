// eslint for the map engine's browser code: plain scripts (no modules, no bundler) that run in
// the page after Leaflet, which they use through its global ``L``.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["geo/maps/assets/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly" },
    },
  },
];
