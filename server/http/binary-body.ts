/** Reads a binary request body (weight uploads) with a size cap, refusing early when the declared length is over it. */
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";

export const BINARY_CONTENT_TYPE = "application/octet-stream";

export function readBinaryBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== BINARY_CONTENT_TYPE) return Promise.reject(new AppError("unsupported_media_type", { reason: "weights" }));
  const tooLarge = () => new AppError("payload_too_large", { reason: "weights", values: { max: maxBytes } });
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        req.resume(); // drain without keeping it
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!refused) resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    req.on("error", reject);
  });
}
