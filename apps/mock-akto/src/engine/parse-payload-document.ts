/**
 * The validated payload split into the texts detectors scan. For a JSON payload these are its
 * string values (object keys excluded), decoded; otherwise the raw text. Numbers are not scanned:
 * fields like `created` or `max_tokens` would otherwise read as phone numbers and be "redacted".
 */
export interface PayloadDocument {
  readonly isJson: boolean;
  readonly texts: readonly string[];
  /**
   * The payload with some texts replaced. Untouched texts keep their exact original bytes;
   * replaced ones are re-encoded with JSON.stringify, so a JSON payload stays valid JSON.
   */
  rebuild(texts: readonly string[]): string;
}

interface Token {
  start: number;
  end: number;
}

// In valid JSON every quote outside a string opens one, so a left-to-right scan finds
// each string literal; the optional colon marks an object key.
const tokenPattern = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

function looksLikeJson(payload: string): boolean {
  const first = payload.trimStart()[0];
  return first === "{" || first === "[" || first === '"';
}

function isValidJson(payload: string): boolean {
  try {
    JSON.parse(payload);
    return true;
  } catch {
    return false;
  }
}

function rawDocument(payload: string): PayloadDocument {
  return { isJson: false, texts: [payload], rebuild: (texts) => texts[0] ?? payload };
}

export function parsePayloadDocument(payload: string): PayloadDocument {
  if (!looksLikeJson(payload) || !isValidJson(payload)) return rawDocument(payload);

  const tokens: Token[] = [];
  const texts: string[] = [];
  tokenPattern.lastIndex = 0;
  let match = tokenPattern.exec(payload);
  while (match !== null) {
    const literal = match[0];
    if (match[1] === undefined) {
      const start = match.index;
      tokens.push({ start, end: start + literal.length });
      texts.push(literal.includes("\\") ? (JSON.parse(literal) as string) : literal.slice(1, -1));
    }
    match = tokenPattern.exec(payload);
  }

  return {
    isJson: true,
    texts,
    rebuild(replaced) {
      let result = "";
      let cursor = 0;
      let changed = false;
      for (let index = 0; index < tokens.length; index += 1) {
        const text = replaced[index];
        const token = tokens[index];
        if (text === undefined || token === undefined || text === texts[index]) continue;
        result += payload.slice(cursor, token.start) + JSON.stringify(text);
        cursor = token.end;
        changed = true;
      }
      return changed ? result + payload.slice(cursor) : payload;
    },
  };
}
