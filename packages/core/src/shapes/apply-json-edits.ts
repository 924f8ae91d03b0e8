import type { JsonPath } from "./types";

/** One value to put at one path. */
export interface JsonEdit {
  readonly path: JsonPath;
  readonly value: unknown;
}

export type ApplyJsonEditsResult =
  | { success: true; value: unknown }
  | { success: false; error: string; path: JsonPath };

interface EditNode {
  readonly copy: unknown[] | Record<string, unknown>;
  readonly original: unknown;
  readonly children: Map<string | number, EditNode | "assigned">;
}

/**
 * Puts every edit's value at its path in one copy-on-write pass: each container
 * on the way to an edit is shallow-copied once (however many edits go through
 * it), everything else is shared with `root`, and `root` is never mutated.
 *
 * Paths are strict: a number indexes an existing array element, a string names
 * an existing own property of an object. Two edits at the same path, or one
 * inside the other, are rejected.
 */
export function applyJsonEdits(root: unknown, edits: ReadonlyArray<JsonEdit>): ApplyJsonEditsResult {
  if (edits.length === 0) return { success: true, value: root };
  let rootNode: EditNode | undefined;
  for (const edit of edits) {
    const path = edit.path;
    if (path.length === 0) {
      if (edits.length !== 1) return { success: false, error: "overlapping edit paths", path };
      return { success: true, value: edit.value };
    }
    if (rootNode === undefined) {
      const copy = copyContainer(root);
      if (copy === undefined) return { success: false, error: "path does not exist", path: [] };
      rootNode = { copy, original: root, children: new Map() };
    }
    let node = rootNode;
    for (let depth = 0; depth < path.length - 1; depth += 1) {
      const key = path[depth] as string | number;
      const existing = node.children.get(key);
      if (existing === "assigned") return { success: false, error: "overlapping edit paths", path };
      if (existing !== undefined) {
        node = existing;
        continue;
      }
      const child = readChild(node.original, key);
      const original = child.found ? child.value : undefined;
      const copy = copyContainer(original);
      if (copy === undefined) return { success: false, error: "path does not exist", path: path.slice(0, depth + 2) };
      const childNode: EditNode = { copy, original, children: new Map() };
      writeChild(node.copy, key, copy);
      node.children.set(key, childNode);
      node = childNode;
    }
    const lastKey = path[path.length - 1] as string | number;
    if (node.children.has(lastKey)) return { success: false, error: "overlapping edit paths", path };
    if (!readChild(node.original, lastKey).found) return { success: false, error: "path does not exist", path };
    writeChild(node.copy, lastKey, edit.value);
    node.children.set(lastKey, "assigned");
  }
  return { success: true, value: rootNode === undefined ? root : rootNode.copy };
}

/** Reads an existing child: an in-range array index, or an own property of a non-array object. */
export function readChild(container: unknown, key: string | number): { found: true; value: unknown } | { found: false } {
  if (Array.isArray(container)) {
    if (typeof key === "number" && Number.isInteger(key) && key >= 0 && key < container.length) {
      return { found: true, value: container[key] as unknown };
    }
    return { found: false };
  }
  if (typeof container === "object" && container !== null && typeof key === "string" && Object.hasOwn(container, key)) {
    return { found: true, value: (container as Record<string, unknown>)[key] };
  }
  return { found: false };
}

function copyContainer(value: unknown): unknown[] | Record<string, unknown> | undefined {
  if (Array.isArray(value)) return value.slice();
  if (typeof value !== "object" || value === null) return undefined;
  const source = value as Record<string, unknown>;
  // Keep a null prototype when the source had one; never inherit anything else.
  const copy: Record<string, unknown> = Object.getPrototypeOf(source) === null ? Object.create(null) : {};
  for (const key of Object.keys(source)) writeChild(copy, key, source[key]);
  return copy;
}

function writeChild(container: unknown[] | Record<string, unknown>, key: string | number, value: unknown): void {
  if (key === "__proto__") {
    // Plain assignment of `__proto__` would replace the prototype instead of creating a property.
    Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (container as Record<string | number, unknown>)[key] = value;
  }
}
