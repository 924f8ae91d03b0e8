import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postJson } from "../__fixtures__/http-client";
import { resetMock } from "../__fixtures__/reset-mock";
import { startMockAkto } from "../start-mock-akto";
import type { GuardrailPolicy, MockAkto } from "../types";

let mock: MockAkto;
beforeAll(async () => {
  mock = await startMockAkto();
});
afterAll(() => mock.close());
beforeEach(() => resetMock(mock));

const secretsOnly: GuardrailPolicy = { name: "secrets", behaviour: "block", active: false, secretsDetection: { enabled: true } };
const playground = (body: unknown) => postJson(`${mock.url}/api/validate/requestWithPolicy`, body);
const prompt = (text: string) => JSON.stringify({ prompt: text });

describe("/api/validate/requestWithPolicy", () => {
  it("should evaluate only the supplied policy (even inactive) with an empty Reason and Metadata", async () => {
    const blocked = await playground({ payload: prompt("key AKIAIOSFODNN7EXAMPLE"), policy: secretsOnly, skipThreat: true });
    expect(blocked.status).toBe(200);
    expect(blocked.json()).toEqual({
      Allowed: false,
      Modified: false,
      ModifiedPayload: "",
      Reason: "",
      Metadata: { policy_name: "", rule_violated: "" },
      behaviour: "block",
    });
    // The served default policies would mask this email; the playground policy ignores it.
    const email = await playground({ payload: prompt("mail jane@example.com"), policy: secretsOnly, skipThreat: true });
    expect(email.json()).toMatchObject({ Allowed: true, Modified: false });
  });

  it("should answer 400 without payload or policy, or with a bad policy", async () => {
    for (const body of [
      { policy: secretsOnly },
      { payload: "", policy: secretsOnly },
      { payload: prompt("x") },
      { payload: prompt("x"), policy: { behaviour: "block" } },
      { payload: 7, policy: secretsOnly },
      "nope",
    ]) {
      const response = await playground(body);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: "Invalid request format" });
    }
  });

  it("should report a threat event unless skipThreat", async () => {
    await playground({ payload: prompt("key AKIAIOSFODNN7EXAMPLE"), policy: secretsOnly });
    const [event] = await mock.admin.waitForEvents(1);
    expect(event).toMatchObject({ source: "generated", route: "/api/validate/requestWithPolicy" });
  });
});

describe("/api/validate/replayWithPolicy", () => {
  const replay = (body: unknown) => postJson(`${mock.url}/api/validate/replayWithPolicy`, body);
  const envelope = (fields: Record<string, string>) => JSON.stringify(fields);

  it("should report detection per item against the policy and the baseline", async () => {
    const response = await replay({
      policy: secretsOnly,
      baselinePolicy: { name: "pii", piiTypes: [{ type: "email", behavior: "block" }] },
      items: [
        { id: "a", envelope: envelope({ requestPayload: prompt("key AKIAIOSFODNN7EXAMPLE") }) },
        { id: "b", envelope: envelope({ requestPayload: prompt("hi"), responsePayload: "token AKIAIOSFODNN7EXAMPLE" }) },
        { id: "c", envelope: envelope({ requestPayload: prompt("mail jane@example.com") }) },
        { id: "d", envelope: "{not json" },
        { id: "e", envelope: envelope({ path: "/x" }) },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({
      verdicts: [
        { id: "a", detected: true, baselineDetected: false, behaviour: "block", reason: "Secret detected", side: "request" },
        { id: "b", detected: true, baselineDetected: false, behaviour: "block", reason: "Secret detected", side: "response" },
        { id: "c", detected: false, baselineDetected: true },
        { id: "d", detected: false, baselineDetected: false, skipReason: "bad_envelope" },
        { id: "e", detected: false, baselineDetected: false, skipReason: "no_payload" },
      ],
    });
    expect(mock.admin.events()).toHaveLength(0);
  });

  it("should refuse more than 25 items", async () => {
    const items = Array.from({ length: 26 }, (_, index) => ({ id: String(index), envelope: "{}" }));
    const response = await replay({ policy: secretsOnly, items });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({ error: "at most 25 items per request" });
  });

  it("should answer 400 without a policy or items", async () => {
    expect((await replay({ items: [{ id: "a", envelope: "{}" }] })).status).toBe(400);
    expect((await replay({ policy: secretsOnly, items: [] })).status).toBe(400);
  });
});
