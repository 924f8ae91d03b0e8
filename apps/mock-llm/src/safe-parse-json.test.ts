import { describe, expect, it } from 'vitest';
import { safeParseJson } from './safe-parse-json';

describe('safeParseJson', () => {
  it('should parse valid JSON', () => {
    expect(safeParseJson('{"a":[1,"x"]}')).toEqual({ success: true, value: { a: [1, 'x'] } });
  });

  it('should return an error instead of throwing on invalid JSON', () => {
    const result = safeParseJson('{nope');
    expect(result.success).toBe(false);
    expect(result.success ? '' : result.error).toMatch(/JSON/);
  });

  it('should drop __proto__ keys, also when written with escapes', () => {
    for (const text of ['{"__proto__":{"polluted":true},"a":1}', '{"\\u005f_proto__":{"polluted":true},"a":1}']) {
      const result = safeParseJson(text);
      expect(result.success).toBe(true);
      const value = (result.success ? result.value : {}) as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(['a']);
      expect(Object.assign({}, value)).not.toHaveProperty('polluted');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
