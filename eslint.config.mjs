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
    // A failure's `message` is the server's English for logs; pages word failures from their code
    // (useI18n().describe), in the reader's language.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='message'][object.type='MemberExpression'][object.property.name='error']",
          message: "Show a failure with useI18n().describe(error), not its English message.",
        },
        {
          selector: "MemberExpression[property.name='message'][object.type='Identifier'][object.name=/^(error|failure)$/]",
          message: "Show a failure with useI18n().describe(error), not its English message.",
        },
      ],
    },
  },
  {
    ignores: [".next/**", "node_modules/**", "server/persistence/generated/**", "build/**", "next-env.d.ts", "lib/ml/kernels/assembly/**", "lib/ml/kernels/wasm/**"],
  },
];

export default config;
