import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface LoopbackListener {
  readonly url: string;
  readonly port: number;
  /** Destroys open connections (keep-alive clients would hold the server open), then closes it. */
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port, tracking connections so that `close()` never waits for idle clients. */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
