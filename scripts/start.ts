/** `npm start`: build the pages if needed, then run the server in this process. */
import { ensureNextBuild } from "./next-build";

process.env.NEXT_TELEMETRY_DISABLED = "1";
try {
  ensureNextBuild();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
await import("../server/index");
