/**
 * ESLint rule `loss-race/layering`: the architecture's direction, enforced. `lib/` is pure and isomorphic, so it
 * imports neither the server nor the app; the app runs in the browser, so it never imports the server (it talks
 * to it over HTTP and sockets, through the contract in lib/). Every import form counts (static, type-only,
 * re-export, dynamic import(), require), through any path that reaches the folder: "@/server/…", "../server/…".
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Which top-level folders each layer may not import from. */
export const FORBIDDEN = {
  lib: ["server", "app"],
  app: ["server"],
};

/** The project's top-level folder a file or import target is in, or null outside the project. */
function layerOf(absolute) {
  const relative = path.relative(ROOT, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return null;
  return relative.split(path.sep)[0] ?? null;
}

/** Where an import specifier points inside the project ("@/x" is the root, as in tsconfig's paths). */
function targetOf(specifier, importer) {
  if (specifier === "@" || specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(importer), specifier);
  return null; // a package
}

/** @type {import("eslint").Rule.RuleModule} */
export const layering = {
  meta: {
    type: "problem",
    docs: { description: "lib/ imports neither server/ nor app/; app/ does not import server/" },
    messages: {
      forbidden: "{{from}}/ must not import {{to}}/ (\"{{specifier}}\"): lib/ is pure and shared, app/ reaches the server only over HTTP and sockets.",
    },
    schema: [],
  },
  create(context) {
    const filename = context.physicalFilename ?? context.filename;
    const from = layerOf(path.resolve(filename));
    const forbidden = FORBIDDEN[from] ?? [];
    if (forbidden.length === 0) return {};

    const check = (node, source) => {
      if (!source || typeof source.value !== "string") return;
      const target = targetOf(source.value, filename);
      const to = target && layerOf(target);
      if (to && forbidden.includes(to)) context.report({ node, messageId: "forbidden", data: { from, to, specifier: source.value } });
    };

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression: (node) => {
        if (node.callee.type === "Identifier" && node.callee.name === "require") check(node, node.arguments[0]);
      },
    };
  },
};

export const plugin = { rules: { layering } };
