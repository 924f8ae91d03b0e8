import { runCli } from "./cli/run-cli";

const write = (stream: NodeJS.WriteStream) => (text: string) => void stream.write(text);

const run = await runCli(process.argv.slice(2), process.env, { stdout: write(process.stdout), stderr: write(process.stderr) });
if (run.exitCode !== undefined) process.exitCode = run.exitCode;
const proxy = run.proxy;
if (proxy) {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: stop waiting for in-flight requests.
      process.exit(1);
    }
    stopping = true;
    proxy.logger.info({ signal }, "shutting down");
    proxy.close().then(
      // Exit explicitly: a stray keep-alive handle must not keep a stopped proxy around.
      () => process.exit(0),
      (error: unknown) => {
        proxy.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
