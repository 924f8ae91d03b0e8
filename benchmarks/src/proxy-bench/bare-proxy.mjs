// The limit for a Node proxy on this machine: node:http in, undici out, bodies piped, no parsing, no guard.
// Usage: node bare-proxy.mjs <upstream-origin>   (prints "listening on http://127.0.0.1:PORT")
import { createServer } from "node:http";
import { Pool } from "undici";

const upstream = new Pool(process.argv[2], { connections: 128, pipelining: 1 });
const server = createServer((request, response) => {
  const headers = { ...request.headers };
  delete headers.host;
  delete headers.connection;
  upstream
    .request({ method: request.method, path: request.url, headers, body: request })
    .then(({ statusCode, headers: upstreamHeaders, body }) => {
      delete upstreamHeaders.connection;
      delete upstreamHeaders["transfer-encoding"];
      response.writeHead(statusCode, upstreamHeaders);
      body.pipe(response);
    })
    .catch(() => {
      response.writeHead(502).end();
    });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
