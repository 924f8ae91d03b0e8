import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "express-middleware", include: ["src/**/*.test.ts"] },
});
