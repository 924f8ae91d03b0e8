import { connect } from "node:net";

export interface RawExchange {
  /** Everything the server sent before it closed the connection. */
  readonly text: string;
  /** The status of the first response, or 0 when there was none. */
  readonly status: number;
}

/**
 * Writes `bytes` exactly as given on a fresh connection and reads until the server closes it (send
 * `Connection: close` when the request itself is valid). `guardMs` bounds a server that never closes.
 */
export function rawExchange(url: string, bytes: string | Buffer, guardMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const timer = setTimeout(() => socket.destroy(), guardMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => undefined); // a reset after the answer is part of being refused
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      resolve({ text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0) });
    });
  });
}

/** The header block of the first response in `text`, names lower-cased. */
export function responseHeaders(text: string): Record<string, string> {
  const head = text.split("\r\n\r\n")[0] ?? "";
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
