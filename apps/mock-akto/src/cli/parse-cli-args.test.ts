import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./parse-cli-args";

describe("parseCliArgs", () => {
  it("should map every flag to server options", () => {
    const result = parseCliArgs([
      "--host", "127.0.0.1", "--port", "0", "--policies", "p.json", "--token", "t", "--placeholder", "<X>",
      "--casing", "failopen-dual", "--echo-modified-payload", "--metadata", "empty", "--alert-allowed", "--seed", "9",
      "--record-limit", "50",
    ]);
    expect(result).toEqual({
      kind: "run",
      options: {
        faults: [],
        host: "127.0.0.1",
        port: 0,
        policiesFile: "p.json",
        token: "t",
        redactionPlaceholder: "<X>",
        responseCasing: "failopen-dual",
        echoModifiedPayload: true,
        metadata: "empty",
        alertAllowed: true,
        seed: 9,
        recordLimit: 50,
      },
    });
  });

  it("should collect repeatable --fault and the shortcuts", () => {
    const result = parseCliArgs([
      "--fault", '{"kind":"status","status":429,"headers":{"Retry-After":"1"}}',
      "--fault", '{"kind":"hang","route":"/api/ingestData"}',
      "--latency-ms", "5",
      "--fault-kind", "status", "--fault-rate", "0.1", "--fault-status", "500",
    ]);
    expect(result.kind).toBe("run");
    if (result.kind !== "run") return;
    expect(result.options.faults).toEqual([
      { kind: "status", route: "*", rate: 1, status: 429, headers: { "Retry-After": "1" } },
      { kind: "hang", route: "/api/ingestData", rate: 1 },
      { kind: "latency", route: "*", rate: 1, latencyMs: 5 },
      { kind: "status", route: "*", rate: 0.1, status: 500 },
    ]);
  });

  it("should report bad input as an error result", () => {
    for (const argv of [
      ["--casing", "loud"],
      ["--port", "abc"],
      ["--port", "70000"],
      ["--fault", "{bad"],
      ["--fault", '{"kind":"nope"}'],
      ["--fault-rate", "0.5"],
      ["--latency-ms", "soon"],
      ["--unknown"],
      ["positional"],
    ]) {
      expect(parseCliArgs(argv).kind, argv.join(" ")).toBe("error");
    }
  });

  it("should recognise --help", () => {
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
  });
});
