/** The answer of GET /api/join-address (server/http/routes/join.ts): where students open the app. */
import { z } from "zod";

export const ZJoinAddressResponse = z.object({
  /** `http://192.168.1.20:3000` or the PUBLIC_URL: join links and QR codes start with it. */
  origin: z.string(),
  /** Other addresses of the same machine (a second network card), best first. */
  alternatives: z.array(z.string()),
  /** "loopback": only this machine can open it; the teacher is told how to fix that. */
  source: z.enum(["public-url", "host", "network", "loopback"]),
});
export type JoinAddressResponse = z.infer<typeof ZJoinAddressResponse>;
