import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type ConsoleMessage,
  type Page,
} from "@playwright/test";

const MAIL_DIR = join(import.meta.dirname, ".mail");
const RESULTS_DIR = join(import.meta.dirname, "..", "test-results");
export const PASSWORD = "correct horse battery";

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** The browser's note of an API answer in the 4xx range: the app handles those and says why. */
function isHandledApiAnswer(message: ConsoleMessage): boolean {
  const { pathname } = new URL(message.location().url, "http://localhost");
  return (
    pathname.startsWith("/api/") &&
    /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())
  );
}

function watch(context: BrowserContext, errors: string[]): void {
  const onPage = (page: Page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && !isHandledApiAnswer(message)) {
        errors.push(`${page.url()}: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  };
  context.pages().forEach(onPage);
  context.on("page", onPage);
}

/**
 * Every page a test opens, in its own context or one from `newPage`, fails the test on a console
 * error or an uncaught exception. (The fixtures name Playwright's `use` callback `provide`: React's
 * hook rules would take it for React's `use`.)
 */
export const test = base.extend<{ consoleErrors: string[]; newPage: () => Promise<Page> }>({
  consoleErrors: [
    async ({ context }, provide) => {
      const errors: string[] = [];
      watch(context, errors);
      await provide(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
  newPage: async ({ browser, consoleErrors }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      watch(context, consoleErrors);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

let counter = 0;

export function newEmail(name: string): string {
  counter += 1;
  return `${name}-${Date.now()}-${counter}@example.com`;
}

/** The link to `path` in the latest message to `email`, once the API's mail has arrived. */
export async function linkFromMail(email: string, path: string): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"<>]+${path}\\?token=[\\w.~%-]+`);
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const messages = readdirSync(MAIL_DIR)
          .filter((file) => file.endsWith(".json"))
          .sort()
          .map((file) => JSON.parse(readFileSync(join(MAIL_DIR, file), "utf8")) as Mail)
          .filter((mail) => mail.to.includes(email));
        link = messages
          .map((mail) => pattern.exec(mail.text)?.[0])
          .filter(Boolean)
          .at(-1);
        return link;
      },
      { message: `a mail to ${email} with a ${path} link`, timeout: 15_000 },
    )
    .toBeTruthy();
  return link ?? "";
}

/** An account created and verified through the API and the mail, for tests about other things. */
export async function verifiedUser(request: APIRequestContext, name: string): Promise<string> {
  const email = newEmail(name);
  const registered = await request.post("/api/v1/auth/register", {
    data: { email, password: PASSWORD },
  });
  expect(registered.status()).toBe(202);
  const token = new URL(await linkFromMail(email, "/verify-email")).searchParams.get("token");
  const verified = await request.post("/api/v1/auth/verify", { data: { token } });
  expect(verified.status()).toBe(204);
  return email;
}

export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Your items" })).toBeVisible();
}

const axeResults: Record<string, { violations: number; serious: string[] }> = {};

/** axe-core on the page as it is now: no serious or critical violation (all are in axe.json). */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help}`);
  axeResults[name] = { violations: violations.length, serious };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, "axe.json"), JSON.stringify(axeResults, null, 2) + "\n");
  expect(serious, `axe on the ${name} page`).toEqual([]);
}
