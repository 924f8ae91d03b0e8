/** Posts a JSON body to the gateway with a Portkey config header. */
export async function postThroughGateway(
  gatewayUrl: string,
  path: string,
  config: unknown,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-portkey-config": JSON.stringify(config), authorization: "Bearer sk-client-provider-key" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: response.status, json };
}

/** The checks of the first hook result of a Portkey answer (`hook_results.before_request_hooks[0].checks`). */
export function hookChecks(json: Record<string, unknown>, phase: "before_request_hooks" | "after_request_hooks"): Array<Record<string, unknown>> {
  const results = json["hook_results"] as Record<string, Array<{ checks?: Array<Record<string, unknown>> }>> | undefined;
  return results?.[phase]?.[0]?.checks ?? [];
}
