import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import { plugin as lossRace } from "./scripts/eslint-layering.mjs";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // The layers' direction (DEVELOPERS.md "How we work"): lib/ imports neither server/ nor app/; app/ not server/.
    files: ["lib/**/*.{ts,tsx,mts}", "app/**/*.{ts,tsx,mts}"],
    plugins: { "loss-race": lossRace },
    rules: { "loss-race/layering": "error" },
  },
  {
    ignores: [".next/**", "node_modules/**", "server/persistence/generated/**", "build/**", "next-env.d.ts", "lib/ml/kernels/assembly/**", "lib/ml/kernels/wasm/**"],
  },
];

export default config;
