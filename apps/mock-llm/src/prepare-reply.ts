import type { ReplyPlan } from './reply-plan';
import type { RequestContext } from './request-context';
import { resolveReply } from './resolve-reply';
import { waitForDelay } from './wait-for-delay';

export type SendApiError = (status: number, message: string) => void;

/**
 * Shared start of every generation route: consumes one scripted reply, resolves the markers of
 * each user text, then waits (`[[slow]]`, `delayMs`), hangs (`[[hang]]`) or answers with an
 * error (`[[status]]`, bad marker). Returns one plan per user text, or `null` when the response
 * was already handled (error sent, or the client went away).
 */
export async function prepareReply(
  context: RequestContext,
  userTexts: string[],
  sendError: SendApiError,
): Promise<ReplyPlan[] | null> {
  const scripted = context.takeScriptedReply();
  const plans: ReplyPlan[] = [];
  for (const userText of userTexts) {
    const resolved = resolveReply(userText, scripted);
    if (!resolved.success) {
      sendError(400, resolved.error);
      return null;
    }
    plans.push(resolved.plan);
  }
  if (plans.some((plan) => plan.hang)) {
    await waitForDelay(Number.POSITIVE_INFINITY, context.signal);
    return null;
  }
  const delayMs = Math.max(0, ...plans.map((plan) => plan.delayMs));
  if (delayMs > 0 && !(await waitForDelay(delayMs, context.signal))) return null;
  const failing = plans.find((plan) => plan.status !== null);
  if (failing?.status != null) {
    sendError(failing.status, failing.errorMessage);
    return null;
  }
  return plans;
}
