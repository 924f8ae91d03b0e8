import { createServer } from "node:net";

/** Reserves a port number on 127.0.0.1 that nothing listens on (bind port 0, read it, close). */
export async function reservePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not reserve a port");
  return address.port;
}
