import { defineProject } from "vitest/config";

export default defineProject({
  // Generous limits: some tests type-check miniature gateways or start workerd on a shared 2-core machine.
  test: { name: "portkey-plugin", include: ["src/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 30_000 },
});
