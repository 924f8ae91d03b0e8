import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "mock-akto", include: ["src/**/*.test.ts"] },
});
