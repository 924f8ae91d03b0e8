import { plugins } from './plugins';
import type { HookEventType, PluginHandler } from './plugins/types';

// What the gateway does with the map: plugins[source][fn](context, parameters, eventType, options).
const registry: Record<string, Record<string, PluginHandler>> = plugins;
const aktoScan: PluginHandler = plugins.akto.scan;

export async function run(eventType: HookEventType) {
  const result = await aktoScan({ requestType: 'chatComplete', request: { json: { messages: [] } } }, { credentials: {} }, eventType, { env: {} });
  const verdict: boolean | undefined = result.verdict;
  return { verdict, sources: Object.keys(registry) };
}
