/**
 * Throughput of apps/mock-llm on its own, so proxy benchmarks know the upstream is not the
 * bottleneck. Bounded: each scenario runs for BENCH_SECONDS (default 5) and the script exits.
 *
 *   pnpm --filter @akto-guardrails/mock-llm build && npx tsx benchmarks/src/mock-llm-bench.ts
 */
import autocannon from 'autocannon';
import { startMockLlm } from '@akto-guardrails/mock-llm';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const chatBody = (stream: boolean): string =>
  JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Hello, how are you today?' }] });

const scenarios: Array<{ title: string; path: string; body: string }> = [
  { title: 'chat (json)', path: '/v1/chat/completions', body: chatBody(false) },
  { title: 'chat (stream)', path: '/v1/chat/completions', body: chatBody(true) },
  {
    title: 'anthropic messages (stream)',
    path: '/v1/messages',
    body: JSON.stringify({ model: 'claude-sonnet-4-6', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hello there' }] }),
  },
];

const mock = await startMockLlm();
try {
  for (const scenario of scenarios) {
    const result = await autocannon({
      url: `${mock.url}${scenario.path}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: scenario.body,
      connections,
      duration: seconds,
    });
    mock.admin.clear();
    console.log(
      `${scenario.title.padEnd(28)} ${Math.round(result.requests.average).toString().padStart(7)} req/s  ` +
        `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
    );
  }
} finally {
  await mock.close();
}
