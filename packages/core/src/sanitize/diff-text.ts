/** One difference between two texts: `before[beforeStart, beforeEnd)` became `after[afterStart, afterEnd)`. */
export interface TextEdit {
  readonly beforeStart: number;
  readonly beforeEnd: number;
  readonly afterStart: number;
  readonly afterEnd: number;
}

export interface DiffTextOptions {
  /**
   * The most inserted plus deleted characters the diff may find before it gives
   * up. Bounds the running time to O((N+M)·maxEditDistance) so a large input can
   * never take quadratic time. Default {@link DEFAULT_MAX_EDIT_DISTANCE}.
   */
  readonly maxEditDistance?: number;
  /**
   * Whether `before[beforeIndex]` may be matched with `after[afterIndex]`.
   * Default: the same UTF-16 code unit.
   */
  readonly equals?: (beforeIndex: number, afterIndex: number) => boolean;
}

export type DiffTextResult =
  | { success: true; edits: TextEdit[]; distance: number }
  | { success: false; error: string };

export const DEFAULT_MAX_EDIT_DISTANCE = 4096;

/**
 * A minimal character diff (Myers' O(ND) algorithm, linear-space "middle snake"
 * variant). Returns the edits in order, each a maximal run of deletions and
 * insertions between two matched characters; `distance` is the number of deleted
 * plus inserted UTF-16 code units. Fails, instead of running long, when the edit
 * distance exceeds `maxEditDistance`.
 */
export function diffText(before: string, after: string, options: DiffTextOptions = {}): DiffTextResult {
  const equals = options.equals ?? ((beforeIndex: number, afterIndex: number) => before.charCodeAt(beforeIndex) === after.charCodeAt(afterIndex));
  return diffSequences(before.length, after.length, equals, options.maxEditDistance);
}

/**
 * The same diff over any two sequences, given their lengths and an equality of
 * their elements by index (e.g. tokens of two texts). Edits and `distance` are in elements.
 */
export function diffSequences(
  beforeLength: number,
  afterLength: number,
  equals: (beforeIndex: number, afterIndex: number) => boolean,
  maxEditDistanceOption: number = DEFAULT_MAX_EDIT_DISTANCE,
): DiffTextResult {
  const maxEditDistance = Math.max(0, Math.floor(maxEditDistanceOption));
  // Rounds of the middle-snake search never exceed this, so the scratch arrays are sized once.
  const maxRounds = Math.min(Math.ceil((beforeLength + afterLength) / 2), Math.floor(maxEditDistance / 2) + 1);
  const forward = new Int32Array(2 * maxRounds + 3);
  const reverse = new Int32Array(2 * maxRounds + 3);
  const edits: TextEdit[] = [];
  let distance = 0;

  const emit = (beforeStart: number, beforeEnd: number, afterStart: number, afterEnd: number): void => {
    distance += beforeEnd - beforeStart + (afterEnd - afterStart);
    const last = edits[edits.length - 1];
    if (last !== undefined && last.beforeEnd === beforeStart && last.afterEnd === afterStart) {
      edits[edits.length - 1] = { beforeStart: last.beforeStart, beforeEnd, afterStart: last.afterStart, afterEnd };
    } else {
      edits.push({ beforeStart, beforeEnd, afterStart, afterEnd });
    }
  };

  // Subproblems as [beforeLow, beforeHigh, afterLow, afterHigh]; the left one is always solved first,
  // so edits come out in order. An explicit stack keeps deep recursion off the call stack.
  const stack: Array<[number, number, number, number]> = [[0, beforeLength, 0, afterLength]];
  while (stack.length > 0) {
    let [beforeLow, beforeHigh, afterLow, afterHigh] = stack.pop() as [number, number, number, number];
    while (beforeLow < beforeHigh && afterLow < afterHigh && equals(beforeLow, afterLow)) {
      beforeLow += 1;
      afterLow += 1;
    }
    while (beforeLow < beforeHigh && afterLow < afterHigh && equals(beforeHigh - 1, afterHigh - 1)) {
      beforeHigh -= 1;
      afterHigh -= 1;
    }
    if (beforeLow === beforeHigh || afterLow === afterHigh) {
      if (beforeLow !== beforeHigh || afterLow !== afterHigh) emit(beforeLow, beforeHigh, afterLow, afterHigh);
      if (distance > maxEditDistance) return overBudget(maxEditDistance);
      continue;
    }
    const split = findMiddleSnake(beforeLow, beforeHigh, afterLow, afterHigh, equals, forward, reverse, maxEditDistance);
    if (split === undefined) return overBudget(maxEditDistance);
    const [splitBefore, splitAfter] = split;
    stack.push([splitBefore, beforeHigh, splitAfter, afterHigh]);
    stack.push([beforeLow, splitBefore, afterLow, splitAfter]);
  }
  return { success: true, edits, distance };
}

function overBudget(maxEditDistance: number): DiffTextResult {
  return { success: false, error: `the texts differ by more than ${maxEditDistance} edits` };
}

/**
 * Searches from both ends at once (Myers §4b) until the furthest-reaching forward
 * and reverse paths meet on a diagonal; returns a point on an optimal edit path
 * strictly between the two corners, or `undefined` when the edit distance is over budget.
 * The caller has stripped the common prefix and suffix, so both sides are non-empty
 * and differ at both ends.
 */
function findMiddleSnake(
  beforeLow: number,
  beforeHigh: number,
  afterLow: number,
  afterHigh: number,
  equals: (beforeIndex: number, afterIndex: number) => boolean,
  forward: Int32Array,
  reverse: Int32Array,
  maxEditDistance: number,
): [number, number] | undefined {
  const n = beforeHigh - beforeLow;
  const m = afterHigh - afterLow;
  const delta = n - m;
  const deltaIsOdd = (delta & 1) !== 0;
  const rounds = Math.ceil((n + m) / 2);
  // Diagonal k (x - y = k) is stored at index k + offset.
  const offset = (forward.length - 1) >> 1;
  // forward[k] is the furthest x on diagonal k; reverse[k] the furthest distance from the end
  // on reverse diagonal k (measured in the reversed texts), i.e. forward diagonal delta - k.
  forward[offset + 1] = 0;
  reverse[offset + 1] = 0;
  for (let round = 0; round <= rounds; round += 1) {
    // A path found in this round costs at least 2 * round - 1 edits.
    if (2 * round - 1 > maxEditDistance || round >= offset) return undefined;
    for (let diagonal = -round; diagonal <= round; diagonal += 2) {
      const index = offset + diagonal;
      let x =
        diagonal === -round || (diagonal !== round && (forward[index - 1] as number) < (forward[index + 1] as number))
          ? (forward[index + 1] as number)
          : (forward[index - 1] as number) + 1;
      let y = x - diagonal;
      while (x < n && y < m && equals(beforeLow + x, afterLow + y)) {
        x += 1;
        y += 1;
      }
      forward[index] = x;
      const reverseDiagonal = delta - diagonal;
      if (deltaIsOdd && reverseDiagonal >= -(round - 1) && reverseDiagonal <= round - 1) {
        if (x + (reverse[offset + reverseDiagonal] as number) >= n) return [beforeLow + x, afterLow + y];
      }
    }
    for (let diagonal = -round; diagonal <= round; diagonal += 2) {
      const index = offset + diagonal;
      let x =
        diagonal === -round || (diagonal !== round && (reverse[index - 1] as number) < (reverse[index + 1] as number))
          ? (reverse[index + 1] as number)
          : (reverse[index - 1] as number) + 1;
      let y = x - diagonal;
      while (x < n && y < m && equals(beforeHigh - 1 - x, afterHigh - 1 - y)) {
        x += 1;
        y += 1;
      }
      reverse[index] = x;
      const forwardDiagonal = delta - diagonal;
      if (!deltaIsOdd && forwardDiagonal >= -round && forwardDiagonal <= round) {
        const forwardX = forward[offset + forwardDiagonal] as number;
        if (forwardX + x >= n) return [beforeLow + forwardX, afterLow + forwardX - forwardDiagonal];
      }
    }
  }
  return undefined;
}
