// The limit for a guardrail proxy of this design on this machine: bare-proxy.mjs plus one blocking call
// to Akto per request (read the body, POST the envelope, parse the verdict, forward or 403). No shape
// parsing, no sanitization, no events, no metrics, no logging.
// Usage: node bare-two-hop.mjs <upstream-origin> <akto-origin>
import { createServer } from "node:http";
import { Pool } from "undici";

const upstream = new Pool(process.argv[2], { connections: 128, pipelining: 1 });
const akto = new Pool(process.argv[3], { connections: 32, pipelining: 1 });

async function handle(request, response) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const raw = Buffer.concat(chunks);
  const verdict = await akto.request({
    method: "POST",
    path: "/api/validate/request",
    headers: { "content-type": "application/json" },
    body: `{"path":${JSON.stringify(request.url)},"requestPayload":${JSON.stringify(`{"body":${raw.toString("utf8")}}`)}}`,
  });
  const answer = JSON.parse(await verdict.body.text());
  if (answer.Allowed === false) {
    response.writeHead(403, { "content-type": "application/json" }).end('{"error":{"message":"blocked"}}');
    return;
  }
  const headers = { ...request.headers };
  delete headers.host;
  delete headers.connection;
  const { statusCode, headers: upstreamHeaders, body } = await upstream.request({ method: request.method, path: request.url, headers, body: raw });
  delete upstreamHeaders.connection;
  delete upstreamHeaders["transfer-encoding"];
  response.writeHead(statusCode, upstreamHeaders);
  body.pipe(response);
}

const server = createServer((request, response) => {
  handle(request, response).catch(() => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
