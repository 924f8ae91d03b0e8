import type { WindowScan, WindowVerdict } from "../stream-guard-types";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d ()-]{6,}\d/g;

/** A stand-in for Akto's redaction: emails and phone numbers become placeholders. */
export function redact(text: string): string {
  return text.replace(EMAIL, "[EMAIL]").replace(PHONE, "[PHONE]");
}

/** Sanitizes every part that contains PII, allows the rest. */
export function redactingVerdict(scan: WindowScan): WindowVerdict {
  const parts = scan.parts.filter((part) => redact(part.text) !== part.text).map((part) => ({ key: part.key, text: redact(part.text) }));
  return parts.length > 0 ? { action: "sanitize", parts } : { action: "allow" };
}

/** Original PII of the fixtures that must never reach the client once redacted. */
export const FIXTURE_PII: ReadonlyArray<string> = [
  "jane.doe@example.com",
  "jane.doe@",
  "help@acme-corp.io",
  "555-0132",
  "555 0132",
  "555 0147",
  "555-0199",
];
