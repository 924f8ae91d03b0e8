/** Stands for "every element" (`[*]` or `.*`) in an extract path. */
export const WILDCARD: unique symbol = Symbol("wildcard");

export type ExtractPathSegment = string | number | typeof WILDCARD;

export type ExtractPathParse =
  | { readonly success: true; readonly segments: ReadonlyArray<ExtractPathSegment> }
  | { readonly success: false; readonly error: string };

/**
 * Parses the small JSON path syntax of the `extract` option:
 * `question`, `$.question`, `input.text`, `messages[0].content`, `$.items[*].text`, `data["x-id"]`.
 * A leading `$` is optional; `[n]` indexes an array, `[*]` / `.*` takes every element, and quoted
 * brackets name keys with dots or brackets in them (no escapes).
 */
export function parseExtractPath(source: string): ExtractPathParse {
  const segments: ExtractPathSegment[] = [];
  let index = source.startsWith("$") ? 1 : 0;
  const fail = (why: string): ExtractPathParse => ({ success: false, error: `invalid extract path "${source}": ${why}` });

  const readName = (): string => {
    let end = index;
    while (end < source.length && !".[]".includes(source[end] as string)) end += 1;
    const name = source.slice(index, end);
    index = end;
    return name;
  };

  while (index < source.length) {
    const char = source[index];
    if (char === ".") {
      index += 1;
      const name = readName();
      if (name === "") return fail(`expected a field name at position ${index}`);
      segments.push(name === "*" ? WILDCARD : name);
    } else if (char === "[") {
      const close = source.indexOf("]", index);
      if (close === -1) return fail("unclosed [");
      const inner = source.slice(index + 1, close).trim();
      index = close + 1;
      if (inner === "*") segments.push(WILDCARD);
      else if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^"[^"]*"$|^'[^']*'$/.test(inner)) segments.push(inner.slice(1, -1));
      else return fail(`"[${inner}]" is neither an index, [*] nor a quoted key`);
    } else if (index === 0) {
      const name = readName();
      segments.push(name === "*" ? WILDCARD : name);
    } else {
      return fail(`unexpected "${char}" at position ${index}`);
    }
  }
  if (segments.length === 0) return fail("it names no field");
  return { success: true, segments };
}
