/** The Luhn checksum over the digits of `text` (separators ignored). */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let digits = 0;
  let double = false;
  for (let index = text.length - 1; index >= 0; index -= 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) continue;
    digits += 1;
    let value = code;
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return digits >= 12 && sum % 10 === 0;
}
