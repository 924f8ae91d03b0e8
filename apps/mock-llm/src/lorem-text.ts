const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et ' +
  'dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ' +
  'ex ea commodo consequat. ';

/** Deterministic lorem ipsum text of exactly `length` characters. */
export function loremText(length: number): string {
  if (length <= 0) return '';
  return LOREM.repeat(Math.ceil(length / LOREM.length)).slice(0, length);
}
