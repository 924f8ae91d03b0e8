import { plugins } from './plugins';
import type { PluginHandler, PluginHandlerOptions } from './plugins/types';

const registry: Record<string, Record<string, PluginHandler>> = plugins;
const aktoScan: PluginHandler = plugins.akto.scan;

export async function run(options: PluginHandlerOptions) {
  const result = await aktoScan({ requestType: 'messages', request: { json: { messages: [] } } }, { credentials: {} }, 'afterRequestHook', options);
  return { verdict: result.verdict === true, sources: Object.keys(registry) };
}
