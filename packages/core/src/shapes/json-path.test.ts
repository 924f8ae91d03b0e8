import { describe, expect, it } from "vitest";
import { formatJsonPath, getAtPath, setAtPath } from "./json-path";
import { GuardrailError } from "../errors/guardrail-error";
import { deepFreeze } from "./test-utils/deep-freeze";

describe("getAtPath", () => {
  const body = deepFreeze({ messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], n: null });

  it("should return the value at a path", () => {
    expect(getAtPath(body, ["messages", 0, "content", 0, "text"])).toBe("hi");
    expect(getAtPath(body, [])).toBe(body);
    expect(getAtPath(body, ["n"])).toBeNull();
  });

  it("should return undefined for paths that do not exist", () => {
    expect(getAtPath(body, ["messages", 1])).toBeUndefined();
    expect(getAtPath(body, ["messages", "0"])).toBeUndefined();
    expect(getAtPath(body, ["messages", -1])).toBeUndefined();
    expect(getAtPath(body, ["messages", 0.5])).toBeUndefined();
    expect(getAtPath(body, ["nope", "deeper"])).toBeUndefined();
    expect(getAtPath("text", ["length"])).toBeUndefined();
  });

  it("should never follow inherited members", () => {
    expect(getAtPath(body, ["constructor"])).toBeUndefined();
    expect(getAtPath(body, ["__proto__"])).toBeUndefined();
    expect(getAtPath(body, ["messages", "length"])).toBeUndefined();
  });

  it("should read an own __proto__ key", () => {
    expect(getAtPath(JSON.parse('{"__proto__":{"x":"y"}}'), ["__proto__", "x"])).toBe("y");
  });
});

describe("setAtPath", () => {
  it("should return a new root and share everything off the path", () => {
    const body = deepFreeze({ model: "m", tools: [{ name: "t" }], messages: [{ content: "a" }, { content: "b" }] });
    const result = setAtPath(body, ["messages", 1, "content"], "B") as typeof body;
    expect(result).toEqual({ model: "m", tools: [{ name: "t" }], messages: [{ content: "a" }, { content: "B" }] });
    expect(result).not.toBe(body);
    expect(result.messages).not.toBe(body.messages);
    expect(result.messages[0]).toBe(body.messages[0]);
    expect(result.tools).toBe(body.tools);
    expect(body.messages[1]?.content).toBe("b");
  });

  it("should keep key order", () => {
    const result = setAtPath({ a: 1, b: 2, c: 3 }, ["b"], 20);
    expect(Object.keys(result as object)).toEqual(["a", "b", "c"]);
  });

  it("should replace the root for an empty path", () => {
    expect(setAtPath({ a: 1 }, [], "x")).toBe("x");
  });

  it("should throw a typed error when the path does not exist", () => {
    const attempts: Array<() => unknown> = [
      () => setAtPath({ a: 1 }, ["b"], 1),
      () => setAtPath({ a: [1] }, ["a", 1], 1),
      () => setAtPath({ a: [1] }, ["a", "0"], 1),
      () => setAtPath({ a: "s" }, ["a", "length"], 1),
      () => setAtPath(null, ["a"], 1),
      () => setAtPath({}, ["constructor"], 1),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(GuardrailError.isInstance(caught)).toBe(true);
      expect((caught as GuardrailError).code).toBe("ERR_JSON_PATH_NOT_FOUND");
    }
  });

  it("should set an own __proto__ key without touching any prototype", () => {
    const body = deepFreeze(JSON.parse('{"__proto__":{"polluted":"no"},"x":"y"}') as Record<string, unknown>);
    const result = setAtPath(body, ["__proto__", "polluted"], "yes") as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, "__proto__")).toBe(true);
    expect(getAtPath(result, ["__proto__", "polluted"])).toBe("yes");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.keys(result)).toEqual(["__proto__", "x"]);
  });

  it("should keep a null prototype", () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, { a: "b" });
    expect(Object.getPrototypeOf(setAtPath(body, ["a"], "c"))).toBeNull();
  });
});

describe("formatJsonPath", () => {
  it("should format paths the way JavaScript accesses them", () => {
    expect(formatJsonPath(["messages", 0, "content", 1, "text"])).toBe("messages[0].content[1].text");
    expect(formatJsonPath([0, "a"])).toBe("[0].a");
    expect(formatJsonPath(["metadata", "x-id", "$ok", "_a1"])).toBe('metadata["x-id"].$ok._a1');
    expect(formatJsonPath(["a b"])).toBe('["a b"]');
    expect(formatJsonPath(["1abc"])).toBe('["1abc"]');
    expect(formatJsonPath([])).toBe("");
  });
});
