import type { PluginHandler } from '../types';

export const handler: PluginHandler = async (context, parameters) => {
  const text = String(context.request?.text ?? '');
  return { error: null, verdict: new RegExp(String(parameters.rule)).test(text), data: null };
};
