/** The string leaves of a JSON value in document order, and whether it has other (number, boolean, null) leaves. */
export interface StringLeaves {
  readonly strings: string[];
  readonly hasOtherLeaves: boolean;
}

/** Walks iteratively, so deeply nested input cannot overflow the call stack. */
export function collectStringLeaves(value: unknown): StringLeaves {
  const strings: string[] = [];
  let hasOtherLeaves = false;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === "string") {
      strings.push(current);
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push(current[index]);
    } else if (typeof current === "object" && current !== null) {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index -= 1) stack.push((current as Record<string, unknown>)[keys[index] as string]);
    } else {
      hasOtherLeaves = true;
    }
  }
  return { strings, hasOtherLeaves };
}
