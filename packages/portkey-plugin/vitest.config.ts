import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "portkey-plugin", include: ["src/**/*.test.ts"] },
});
