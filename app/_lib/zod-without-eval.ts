/**
 * Zod compiles its object parsers with `Function(...)` when it may, and probes for that the first time it
 * parses. Our pages and the training worker run under a Content-Security-Policy without 'unsafe-eval' (see
 * server/http/security-headers.ts), so the probe would be refused and reported as a violation. Parsing is the
 * same without the compiled parsers; imported first by every page (the session provider) and by the worker.
 */
import { z } from "zod";

z.config({ jitless: true });
