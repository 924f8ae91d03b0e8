// Preloaded into the Portkey gateway (node -r): @portkey-ai/gateway calls serve({fetch, port}) with no host,
// which listens on every interface. Force 127.0.0.1 into every listen() that names no host, and report each
// listening port on stderr so the test waits for a ready line instead of polling.
const net = require("node:net");
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (first && typeof first === "object") {
    if (first.port !== undefined && !first.host) args[0] = { ...first, host: "127.0.0.1" };
  } else if (typeof first === "number" || /^\d+$/.test(String(first))) {
    // listen(port), listen(port, cb), listen(port, undefined, cb) (hono's node-server) → listen(port, "127.0.0.1", ...)
    if (typeof args[1] !== "string") args.splice(1, args[1] === undefined ? 1 : 0, "127.0.0.1");
  }
  this.once("listening", () => {
    const address = this.address();
    if (address && typeof address === "object") process.stderr.write(`[loopback] listening ${address.address}:${address.port}\n`);
  });
  return originalListen.apply(this, args);
};
