/**
 * Compiles a user pattern as a global regex. Akto's patterns are Go RE2 syntax; the common
 * Go-only inline flag `(?i)` at the start is translated to the `i` flag.
 * Throws a SyntaxError for an invalid pattern.
 */
export function compileUserRegex(pattern: string, extraFlags = ""): RegExp {
  let source = pattern;
  let flags = `g${extraFlags}`;
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline?.[1] !== undefined) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) if (!flags.includes(flag)) flags += flag;
  }
  return new RegExp(source, flags);
}
