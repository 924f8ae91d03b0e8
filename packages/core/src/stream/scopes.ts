/** The scope that overlaps every key and scope: events that must keep their place in the whole stream. */
export const GLOBAL_SCOPE = "*";

/** Whether two scopes overlap: equal, one a dotted prefix of the other (`c0` and `c0.t1`), or either global. */
export function scopesIntersect(first: string, second: string): boolean {
  if (first === second || first === GLOBAL_SCOPE || second === GLOBAL_SCOPE) return true;
  if (first.length > second.length) return first.charCodeAt(second.length) === 46 && first.startsWith(second);
  if (second.length > first.length) return second.charCodeAt(first.length) === 46 && second.startsWith(first);
  return false;
}
