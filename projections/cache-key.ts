/**
 * A Redis key for a question whose parts come from user input. The parts are one JSON array,
 * so a string can never pose as null, a number or a separator: `[null]` and `["*"]`, or
 * `["a:b", 1]` and `["a", "b:1"]`, are always different keys. Nothing stands in for "all".
 */
export function cacheKey(prefix: string, parts: ReadonlyArray<string | number | null>): string {
  return `${prefix}:${JSON.stringify(parts)}`;
}
