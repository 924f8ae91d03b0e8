import { createHash } from "node:crypto";

/** Cache keys are SHA-256 digests of the key material, so the cache never holds prompt text as keys. */
export function sha256Key(material: string): string {
  return createHash("sha256").update(material).digest("base64url");
}
