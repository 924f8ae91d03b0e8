import { bindStruct, fieldTable, toEnvelope } from "../protocol/bind-envelope";
import { isPlainObject, parseJsonSafely } from "../util/parse-json-safely";
import { invalidRequestReply, jsonReply } from "./http-reply";
import { findKey, readPolicyArgument } from "./read-policy-argument";
import type { RouteHandler } from "./route-context";
import { renderVerdict, validateSide } from "./validate-side";

const fields = fieldTable([
  ["payload", "string"],
  ["contextSource", "string"],
  ["skipThreat", "bool"],
]);

/** `POST /api/validate/requestWithPolicy`: the dashboard playground; only the given policy runs. */
export const handleRequestWithPolicy: RouteHandler = (context) => {
  const parsed = parseJsonSafely(context.body);
  if (!parsed.success || !isPlainObject(parsed.value)) return invalidRequestReply;
  const bound = bindStruct(parsed.value, fields, "handlers.ValidateWithPolicyRequest");
  if (!bound.success) return invalidRequestReply;
  const payload = bound.value.get("payload");
  const policy = readPolicyArgument(findKey(parsed.value, "policy"));
  if (typeof payload !== "string" || payload === "" || policy === null) return invalidRequestReply;

  const envelope = toEnvelope(
    new Map<string, string | boolean>([
      ["requestPayload", payload],
      ["contextSource", (bound.value.get("contextSource") as string | undefined) ?? ""],
      ["skipThreat", bound.value.get("skipThreat") === true],
    ]),
  );
  const verdict = validateSide({
    context,
    route: "/api/validate/requestWithPolicy",
    direction: "request",
    envelope,
    rawEnvelope: context.body,
    payload,
    emptyReason: "",
    contextSource: envelope.contextSource,
    applyIgnorePhrases: true,
    useSessions: false,
    policies: [policy],
  });
  // GS leaves Reason empty (a TODO in its code) and Metadata empty on this route.
  const answer = { ...verdict, reason: "", policyName: "", ruleViolated: "", serviceSide: false };
  return jsonReply(200, renderVerdict(context.state, answer, payload));
};
