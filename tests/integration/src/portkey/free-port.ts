import { createServer } from "node:net";

/** A port that was free a moment ago: bind a throwaway server on port 0, read its port, close it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("could not pick a free port");
  return address.port;
}
