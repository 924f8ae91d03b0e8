/** Header values as Node gives them. */
export type WebhookHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;

function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const text = typeof value === "string" ? value : value?.[0];
    if (text !== undefined) return text;
  }
  return undefined;
}

/** The token a webhook call presents: `Authorization: Bearer <token>`, else `x-akto-webhook-token`. */
export function readWebhookToken(headers: WebhookHeaders): string | undefined {
  const authorization = headerValue(headers, "authorization");
  const bearer = authorization === undefined ? undefined : /^\s*bearer\s+(.+?)\s*$/i.exec(authorization)?.[1];
  return bearer ?? headerValue(headers, "x-akto-webhook-token")?.trim();
}

/** Compares two secrets in time that depends on their lengths only, never on where they differ. */
export function constantTimeEqual(presented: string, expected: string): boolean {
  const encoder = new TextEncoder();
  const left = encoder.encode(presented);
  const right = encoder.encode(expected);
  let difference = left.length ^ right.length;
  for (let index = 0; index < right.length; index += 1) {
    difference |= (left[index % Math.max(left.length, 1)] ?? 0) ^ right[index]!;
  }
  return difference === 0;
}
