import { describe, expect, it } from "vitest";
import { createBanSubstringsDetector } from "./create-ban-substrings-detector";
import { createBanTopicsDetector } from "./create-ban-topics-detector";
import { createRegexDetector } from "./create-regex-detector";

describe("createBanTopicsDetector", () => {
  const detector = createBanTopicsDetector({ topic: "competitor pricing", samplePhrases: ["how much does Acme charge"] });

  it("should match the topic and its sample phrases as whole phrases", () => {
    expect(detector?.findSpans("Tell me about COMPETITOR\n pricing")).toHaveLength(1);
    expect(detector?.findSpans("How much does acme charge per seat?")).toHaveLength(1);
    expect(detector?.findSpans("our competitor pricingmodel")).toHaveLength(0);
    expect(detector?.findSpans("what is our pricing")).toHaveLength(0);
  });

  it("should name the topic, not the text, in its reason", () => {
    expect(detector).toMatchObject({ rule: "BanTopics", reason: "Denied topic detected (competitor pricing)" });
    expect(createBanTopicsDetector({ topic: " " })).toBeNull();
  });
});

describe("createRegexDetector", () => {
  it("should honour a Go-style (?i) prefix", () => {
    const detector = createRegexDetector("(?i)drop table", "block");
    expect(detector.findSpans("please DROP TABLE users")).toHaveLength(1);
    expect(createRegexDetector("drop table", "block").findSpans("DROP TABLE")).toHaveLength(0);
  });

  it("should throw for an invalid pattern", () => {
    expect(() => createRegexDetector("([", "block")).toThrow(SyntaxError);
  });

  it("should return spans for masking", () => {
    const text = "Customer SSN: 123-45-6789";
    const [span] = createRegexDetector("\\d{3}-\\d{2}-\\d{4}", "mask").findSpans(text);
    expect(span && text.slice(span.start, span.end)).toBe("123-45-6789");
  });
});

describe("createBanSubstringsDetector", () => {
  it("should match whole words case-insensitively by default", () => {
    const detector = createBanSubstringsDetector({ substrings: ["idiot", "top secret"] });
    expect(detector?.findSpans("You are a stupid IDIOT")).toHaveLength(1);
    expect(detector?.findSpans("idiotic but Top Secret")).toHaveLength(1);
  });

  it("should honour caseSensitive and wholeWords:false", () => {
    const detector = createBanSubstringsDetector({ substrings: ["Acme"], caseSensitive: true, wholeWords: false });
    expect(detector?.findSpans("AcmeCorp and acme")).toHaveLength(1);
  });

  it("should return null for an empty list", () => {
    expect(createBanSubstringsDetector({ substrings: [""] })).toBeNull();
  });
});
