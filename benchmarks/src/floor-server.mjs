// The floor for any HTTP service on this machine: node:http reads the JSON body and answers a fixed verdict of the
// same size as mock-akto's, with no routing, parsing or detection. mock-akto-bench measures it in turn with mock-akto.
// Usage: node floor-server.mjs   (prints "listening on http://127.0.0.1:PORT")
import { createServer } from "node:http";

const verdict = JSON.stringify({ Allowed: true, Modified: false, ModifiedPayload: "", Reason: "", Metadata: {}, behaviour: "" });
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(verdict) });
    response.end(verdict);
  });
});
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
