import { existsSync } from "node:fs";

import { defineConfig, devices } from "@playwright/test";

// Fixed defaults; set these to run beside another copy of the stack.
const API_PORT = Number(process.env.E2E_API_PORT ?? 8001);
const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 4173);
const WEB_URL = `http://localhost:${WEB_PORT}`;

// Debian's Chromium where there is one; elsewhere the one `npx playwright install` fetches.
const chromium =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  use: {
    baseURL: WEB_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      // The real API on real PostgreSQL, with an SMTP server that keeps what it receives.
      command: "uv run python e2e/backend.py",
      url: `http://127.0.0.1:${API_PORT}/health/ready`,
      env: { E2E_API_PORT: String(API_PORT), E2E_WEB_URL: WEB_URL },
      gracefulShutdown: { signal: "SIGINT", timeout: 30_000 },
      timeout: 120_000,
    },
    {
      // The production build, served as built, with /api proxied to that API.
      command: `vite preview --port ${WEB_PORT} --strictPort`,
      url: WEB_URL,
      env: { API_URL: `http://127.0.0.1:${API_PORT}` },
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
