const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text']);

/**
 * Text of a message `content` in any of the providers' shapes: a plain string, or an array of
 * parts where text parts are `{type: "text" | "input_text" | "output_text", text}`. Text parts
 * are joined with a newline; other parts (images, tool results, ...) are ignored.
 */
export function contentToText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (part !== null && typeof part === 'object') {
      const { type, text } = part as { type?: unknown; text?: unknown };
      if (typeof text === 'string' && (type === undefined || (typeof type === 'string' && TEXT_PART_TYPES.has(type)))) {
        texts.push(text);
      }
    } else if (typeof part === 'string') {
      texts.push(part);
    }
  }
  return texts.join('\n');
}
