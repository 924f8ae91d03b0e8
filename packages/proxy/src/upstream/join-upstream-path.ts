/**
 * Maps the client's request path onto the upstream base path without doubling `/v1`.
 *
 * The rule: the request path is appended to the base path, except that when the base path ends in
 * `/v1` and the request path starts with `/v1`, the request's `/v1` is dropped. So with a base of
 * `https://api.openai.com` or `http://127.0.0.1:9000/v1`, `/v1/chat/completions` becomes
 * `/v1/chat/completions`; with `https://gateway.example/openai/v1` it becomes `/openai/v1/chat/completions`.
 *
 * @param basePath the upstream URL's path without a trailing slash (`""`, `/v1`, `/openai/v1`)
 * @param requestPath the client's normalized path, with its query string
 */
export function joinUpstreamPath(basePath: string, requestPath: string): string {
  if (basePath === "") return requestPath;
  if (basePath.endsWith("/v1") && /^\/v1(?:[/?]|$)/.test(requestPath)) {
    return `${basePath}${requestPath.slice(3)}`;
  }
  return `${basePath}${requestPath}`;
}
