/**
 * Builds the Next.js pages when the build is missing or was made from other sources. The fingerprint is a
 * hash of the contents of everything the pages are built from, so a fresh clone (new file times, same
 * contents) reuses a build and any edit triggers a new one.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ROOT } from "./prisma-cli";

const INPUT_DIRS = ["app", "lib", "public"];
const INPUT_FILES = ["next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const FINGERPRINT_FILE = path.join(ROOT, ".next", "loss-race-fingerprint");

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : entry.isFile() ? [full] : [];
  });
}

export function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const inputs = [...INPUT_DIRS.flatMap((d) => files(path.join(ROOT, d))), ...INPUT_FILES.map((f) => path.join(ROOT, f))]
    .filter((f) => existsSync(f) && statSync(f).isFile())
    .sort();
  for (const file of inputs) hash.update(path.relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

export function isBuildCurrent(): boolean {
  return (
    existsSync(path.join(ROOT, ".next", "BUILD_ID")) &&
    existsSync(FINGERPRINT_FILE) &&
    readFileSync(FINGERPRINT_FILE, "utf8") === sourceFingerprint()
  );
}

/** Returns true when it had to build. Throws if the build fails. */
export function ensureNextBuild(log: (line: string) => void = (line) => console.log(line)): boolean {
  if (isBuildCurrent()) return false;
  log("Building the Loss Race pages (first start, or the sources changed)…");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit code ${result.status})`);
  // Taken after the build: Next.js may have normalised tsconfig.json, and that is the state it built from.
  writeFileSync(FINGERPRINT_FILE, sourceFingerprint());
  return true;
}
