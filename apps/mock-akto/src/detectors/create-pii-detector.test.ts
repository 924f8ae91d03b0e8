import { describe, expect, it } from "vitest";
import { createPiiDetector, supportedPiiTypes } from "./create-pii-detector";

function matches(type: string, text: string): string[] {
  const detector = createPiiDetector({ type, behavior: "mask" });
  if (detector === null) throw new Error(`no detector for ${type}`);
  return detector.findSpans(text).map((span) => text.slice(span.start, span.end));
}

describe("createPiiDetector", () => {
  it("should name rules PII-<type> and carry the behaviour", () => {
    const detector = createPiiDetector({ type: "email", behavior: "mask", minMatchCount: 2 });
    expect(detector).toMatchObject({ rule: "PII-email", behavior: "mask", minMatchCount: 2 });
    expect(createPiiDetector({ type: "ssn" })?.behavior).toBe("block");
    expect(supportedPiiTypes).toEqual(["email", "phone_number", "ssn", "credit_card", "ip_address", "uuid"]);
  });

  it("should return null for a PII type without a detector", () => {
    expect(createPiiDetector({ type: "address" })).toBeNull();
    expect(createPiiDetector({ type: "__proto__" })).toBeNull();
  });

  it("should find emails and ignore look-alikes", () => {
    expect(matches("email", "write to jane.doe+ai@example.co.uk today")).toEqual(["jane.doe+ai@example.co.uk"]);
    expect(matches("email", "user@localhost or @handle or a@b")).toEqual([]);
  });

  it("should find phone numbers in common formats", () => {
    expect(matches("phone_number", "call 555-123-4567 or (555) 123 4567 or +1 555 123 4567")).toEqual([
      "555-123-4567",
      "(555) 123 4567",
      "+1 555 123 4567",
    ]);
    expect(matches("phone_number", "order 12345 and card 4111111111111111")).toEqual([]);
  });

  it("should find SSNs but not invalid area numbers or phone numbers", () => {
    expect(matches("ssn", "SSN: 123-45-6789.")).toEqual(["123-45-6789"]);
    expect(matches("ssn", "000-12-3456 666-12-3456 900-12-3456 123-00-4567 555-123-4567")).toEqual([]);
  });

  it("should find credit cards only when the Luhn check passes", () => {
    expect(matches("credit_card", "card 4111 1111 1111 1111 exp 12/29")).toEqual(["4111 1111 1111 1111"]);
    expect(matches("credit_card", "amex 378282246310005")).toEqual(["378282246310005"]);
    expect(matches("credit_card", "card 4111 1111 1111 1112")).toEqual([]);
    expect(matches("credit_card", "timestamp 1732500000000")).toEqual([]);
  });

  it("should find IPv4 addresses with valid octets", () => {
    expect(matches("ip_address", "from 10.0.0.1. and 192.168.1.254")).toEqual(["10.0.0.1", "192.168.1.254"]);
    expect(matches("ip_address", "version 1.2.3.4.5 and 256.1.1.1")).toEqual([]);
  });

  it("should find UUIDs in any case", () => {
    expect(matches("uuid", "id 123E4567-E89B-12D3-A456-426614174000 ok")).toEqual([
      "123E4567-E89B-12D3-A456-426614174000",
    ]);
    expect(matches("uuid", "id 123e4567-e89b-12d3-a456-42661417400")).toEqual([]);
  });
});
