import { expect } from "@playwright/test";

import { APP_NAME } from "../src/app-name";
import {
  expectAccessible,
  linkFromMail,
  logIn,
  newEmail,
  PASSWORD,
  test,
  verifiedUser,
} from "./support";

test("the pages carry the app's name and icon", async ({ page, request }) => {
  const served = await (await request.get("/login")).text();
  const title = await page.evaluate(
    (html) =>
      new DOMParser().parseFromString(html, "text/html").querySelector("title")?.textContent,
    served,
  );
  expect(title).toBe(APP_NAME);
  const icon = await request.get("/favicon.svg");
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  await page.goto("/login");
  await expect(page).toHaveTitle(`Log in · ${APP_NAME}`);
  await expect(page.getByRole("link", { name: APP_NAME, exact: true })).toBeVisible();
});

const FRUITS = ["Cherry", "Apple", "Fig", "Banana", "Grape", "Elderberry", "Date"];

test("a visitor registers, verifies the address and manages items", async ({ page }) => {
  const email = newEmail("ada");
  await page.goto("/register");
  await expectAccessible(page, "register");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Full name (optional)").fill("Ada Lovelace");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  await page.goto(await linkFromMail(email, "/verify-email"));
  await expect(page.getByText("Your email address is verified.")).toBeVisible();
  await expectAccessible(page, "verify email");

  await page.goto("/login");
  await expectAccessible(page, "login");
  await logIn(page, email);
  await expect(page.getByText("No items yet.")).toBeVisible();

  for (const fruit of FRUITS) {
    await page.getByLabel("Title").fill(fruit);
    await page.getByRole("button", { name: "Add item" }).click();
    await expect(page.getByRole("list", { name: "Items" }).getByText(fruit)).toBeVisible();
  }
  const items = page.getByRole("list", { name: "Items" }).getByRole("listitem");
  // Newest first, five a page.
  await expect(page.getByText("Page 1 of 2 · 7 items")).toBeVisible();
  await expect(items).toHaveCount(5);
  await expect(items.first()).toContainText("Date");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByText("Page 2 of 2 · 7 items")).toBeVisible();
  await expect(items).toHaveCount(2);
  await expect(items.last()).toContainText("Cherry");

  await page.getByLabel("Sort by").selectOption({ label: "Title, A to Z" });
  await expect(page.getByText("Page 1 of 2 · 7 items")).toBeVisible();
  await expect(items.first()).toContainText("Apple");
  await expect(items.nth(1)).toContainText("Banana");

  await page.getByRole("button", { name: "Edit Banana" }).click();
  await page.getByRole("form", { name: "Edit Banana" }).getByLabel("Title").fill("Blueberry");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(items.nth(1)).toContainText("Blueberry");

  await page.getByRole("button", { name: "Delete Apple" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByText("Page 1 of 2 · 6 items")).toBeVisible();
  await expect(items.first()).toContainText("Blueberry");
  await expectAccessible(page, "items");
  await page.screenshot({ path: "test-results/items-page.png", fullPage: true });

  // A reload forgets the access token; the refresh cookie brings the session back.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Your items" })).toBeVisible();
  await expect(page.getByText("Page 1 of 2 · 6 items")).toBeVisible();
});

test("changing the password ends every other session", async ({ newPage, request }) => {
  const email = await verifiedUser(request, "grace");
  const laptop = await newPage();
  const phone = await newPage();
  await logIn(laptop, email);
  await logIn(phone, email);

  await laptop.getByRole("link", { name: "Sessions" }).click();
  const sessions = laptop.getByRole("list", { name: "Sessions" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(laptop.getByText("This device")).toHaveCount(1);
  await expectAccessible(laptop, "sessions");

  await laptop.getByRole("link", { name: "Profile" }).click();
  await expect(laptop.getByText(email)).toBeVisible();
  await expectAccessible(laptop, "profile");
  await laptop.getByLabel("Current password").fill(PASSWORD);
  await laptop.getByLabel("New password", { exact: true }).fill("a brand new secret");
  await laptop.getByLabel("Confirm new password").fill("a brand new secret");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Your password has changed")).toBeVisible();

  // The phone's next request is refused, its refresh too: it is signed out.
  await phone.getByRole("link", { name: "Profile" }).click();
  await expect(phone.getByRole("heading", { name: "Log in" })).toBeVisible();

  await logIn(laptop, email, "a brand new secret");
});

test("a forgotten password is reset through the emailed link", async ({ page, request }) => {
  const email = await verifiedUser(request, "alan");
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expectAccessible(page, "forgot password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText("a link to choose a new password is on its way")).toBeVisible();

  await page.goto(await linkFromMail(email, "/reset-password"));
  await expectAccessible(page, "reset password");
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill("reset and remembered");
  await page.getByLabel("Confirm new password").fill("reset and remembered");
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Your password has changed.")).toBeVisible();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toContainText(/password/i);
  await logIn(page, email, "reset and remembered");
});

test("logging out ends the session, also after a reload", async ({ page, request }) => {
  const email = await verifiedUser(request, "edsger");
  await logIn(page, email);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.goto("/items");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
});

test("one user never sees another's items", async ({ newPage, request }) => {
  const owner = await verifiedUser(request, "barbara");
  const other = await verifiedUser(request, "donald");
  const ownerPage = await newPage();
  await logIn(ownerPage, owner);
  await ownerPage.getByLabel("Title").fill("Barbara's private plans");
  await ownerPage.getByRole("button", { name: "Add item" }).click();
  await expect(ownerPage.getByText("Barbara's private plans")).toBeVisible();

  const otherPage = await newPage();
  await logIn(otherPage, other);
  await expect(otherPage.getByText("No items yet.")).toBeVisible();
  await expect(otherPage.getByText("Barbara's private plans")).toHaveCount(0);

  // Nor through the API with their own token.
  const login = await request.post("/api/v1/auth/login", {
    form: { username: other, password: PASSWORD },
  });
  const { access_token } = (await login.json()) as { access_token: string };
  const listed = await request.get("/api/v1/items", {
    headers: { Authorization: `Bearer ${access_token}` },
  });
  expect(((await listed.json()) as { total: number }).total).toBe(0);
  await expectAccessible(otherPage, "empty items");
});
