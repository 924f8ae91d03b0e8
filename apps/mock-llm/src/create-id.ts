import { randomBytes } from 'node:crypto';

/**
 * Returns a generator of short unique ids (`<prefix><random><counter>`). The random part is
 * drawn once per server so ids stay unique across restarts without per-request crypto work.
 */
export function createIdGenerator(): (prefix: string) => string {
  const base = randomBytes(6).toString('hex');
  let counter = 0;
  return (prefix) => {
    counter += 1;
    return `${prefix}${base}${counter.toString(36).padStart(6, '0')}`;
  };
}
