// A Portkey default.webhook target that allows everything at once: the second hop of Portkey's guardrail path
// with no scanning cost, to compare the two gateways' own overhead.
import { createServer } from "node:http";

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json" }).end('{"verdict":true}');
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
