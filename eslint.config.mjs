import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", "server/persistence/generated/**", "build/**", "next-env.d.ts", "lib/ml/kernels/assembly/**", "lib/ml/kernels/wasm/**"],
  },
];

export default config;
