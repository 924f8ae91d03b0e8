import type { JsonPath } from "../shapes/types";

interface MaskNode {
  masked: boolean;
  readonly children: Map<string | number, MaskNode>;
}

/**
 * Whether two JSON values differ anywhere except at (and below) the masked paths.
 * Object key order is ignored (a re-serialising service may reorder keys);
 * numbers compare by value. Iterative, so deep nesting cannot overflow the stack.
 */
export function differsOutsidePaths(original: unknown, candidate: unknown, maskedPaths: ReadonlyArray<JsonPath>): boolean {
  const root: MaskNode = { masked: false, children: new Map() };
  for (const path of maskedPaths) {
    let node = root;
    for (const key of path) {
      let child = node.children.get(key);
      if (child === undefined) {
        child = { masked: false, children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
    node.masked = true;
  }

  const stack: Array<[unknown, unknown, MaskNode | undefined]> = [[original, candidate, root]];
  while (stack.length > 0) {
    const [left, right, node] = stack.pop() as [unknown, unknown, MaskNode | undefined];
    if (node?.masked) continue;
    if (left === right) continue;
    if (Array.isArray(left)) {
      if (!Array.isArray(right) || left.length !== right.length) return true;
      for (let index = 0; index < left.length; index += 1) {
        stack.push([left[index], right[index], node?.children.get(index)]);
      }
      continue;
    }
    if (typeof left !== "object" || left === null || typeof right !== "object" || right === null || Array.isArray(right)) {
      return true; // different primitives, or a primitive against a container
    }
    const leftKeys = Object.keys(left);
    if (leftKeys.length !== Object.keys(right).length) return true;
    for (const key of leftKeys) {
      if (!Object.hasOwn(right, key)) return true;
      stack.push([(left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], node?.children.get(key)]);
    }
  }
  return false;
}
