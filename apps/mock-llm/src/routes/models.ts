import type { RequestContext } from '../request-context';
import { sendJson } from '../send-json';

const CREATED = 1_700_000_000;
const MODEL_IDS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'text-embedding-3-small', 'claude-sonnet-4-6', 'mock-llm'];

function modelObject(id: string): { id: string; object: 'model'; created: number; owned_by: string } {
  return { id, object: 'model', created: CREATED, owned_by: 'mock-llm' };
}

/** `GET /v1/models`: a fixed list; the mock answers for any model name anyway. */
export function handleListModels(context: RequestContext): void {
  sendJson(context, 200, { object: 'list', data: MODEL_IDS.map(modelObject) });
}

/** `GET /v1/models/{id}`: any id exists, so `client.models.retrieve` works for every model. */
export function handleRetrieveModel(context: RequestContext, id: string): void {
  sendJson(context, 200, modelObject(id));
}
