import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A server nothing should ever reach: a request to it proves the proxy was steered. */
export interface CanaryServer {
  readonly url: string;
  /** host:port */
  readonly host: string;
  /** Connections it accepted (a raw TCP connect counts too). */
  connections(): number;
  close(): Promise<void>;
}

export async function startCanaryServer(): Promise<CanaryServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"canary":true}'));
  server.on("connection", (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
