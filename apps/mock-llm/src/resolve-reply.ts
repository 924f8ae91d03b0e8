import { loremText } from './lorem-text';
import {
  DEFAULT_TOOL_CALL,
  INJECTION_TEXT,
  MAX_DELAY_MS,
  MAX_LONG_LENGTH,
  PII_TEXT,
  SECRET_TEXT,
  type QueuedReply,
  type ReplyPlan,
  type ToolCallPlan,
} from './reply-plan';

export type ResolveReplyResult = { success: true; plan: ReplyPlan } | { success: false; error: string };

const MARKER = /\[\[(reply|pii|secret|injection|tool|long|status|slow|hang)(?::([\s\S]*?))?\]\]/g;

/**
 * Turns the last user text (its `[[...]]` markers) and an optional scripted reply into a plan.
 * Scripted fields win over markers; with neither text nor tool call the reply echoes the text.
 * Content markers (`reply`, `pii`, `secret`, `injection`, `long`) are joined with a space in
 * the order they appear.
 */
export function resolveReply(userText: string, scripted: QueuedReply | undefined): ResolveReplyResult {
  const parts: string[] = [];
  let toolCall: ToolCallPlan | null = null;
  let status: number | null = null;
  let delayMs = 0;
  let hang = false;

  // Fast path for the common benchmark case: no markers at all.
  if (userText.includes('[[')) {
    for (const match of userText.matchAll(MARKER)) {
      const name = match[1];
      const argument = match[2];
      switch (name) {
        case 'reply':
          parts.push(argument ?? '');
          break;
        case 'pii':
          parts.push(PII_TEXT);
          break;
        case 'secret':
          parts.push(SECRET_TEXT);
          break;
        case 'injection':
          parts.push(INJECTION_TEXT);
          break;
        case 'tool':
          toolCall = DEFAULT_TOOL_CALL;
          break;
        case 'long': {
          const length = parseInteger(argument);
          if (length === null || length > MAX_LONG_LENGTH) {
            return { success: false, error: `invalid marker [[long:${argument ?? ''}]]: expected an integer 0-${MAX_LONG_LENGTH}` };
          }
          parts.push(loremText(length));
          break;
        }
        case 'status': {
          const value = parseInteger(argument);
          if (value === null || value < 400 || value > 599) {
            return { success: false, error: `invalid marker [[status:${argument ?? ''}]]: expected an HTTP status 400-599` };
          }
          status = value;
          break;
        }
        case 'slow': {
          const value = parseInteger(argument);
          if (value === null || value > MAX_DELAY_MS) {
            return { success: false, error: `invalid marker [[slow:${argument ?? ''}]]: expected milliseconds 0-${MAX_DELAY_MS}` };
          }
          delayMs = value;
          break;
        }
        case 'hang':
          hang = true;
          break;
      }
    }
  }

  let text: string | null = parts.length > 0 ? parts.join(' ') : null;
  if (scripted) {
    if (scripted.text !== undefined) text = scripted.text;
    if (scripted.toolCall !== undefined) toolCall = scripted.toolCall;
    if (scripted.status !== undefined) status = scripted.status;
    if (scripted.delayMs !== undefined) delayMs = scripted.delayMs;
  }
  if (text === null && toolCall === null) text = `ECHO: ${userText}`;

  const errorMessage =
    scripted?.status !== undefined && scripted.text !== undefined
      ? scripted.text
      : `mock-llm: answering with status ${status ?? 0} as requested`;
  return { success: true, plan: { text, toolCall, status, errorMessage, delayMs, hang } };
}

function parseInteger(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,10}$/.test(value.trim())) return null;
  return Number(value.trim());
}
