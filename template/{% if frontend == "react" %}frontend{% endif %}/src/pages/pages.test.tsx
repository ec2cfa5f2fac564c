import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useAuth } from "../auth/store";
import { createQueryClient } from "../queryClient";
import { routes } from "../routes";
import { errorBody, fakeApi, json } from "../test/server";

function renderAt(path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const item = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  title: `Item ${n}`,
  description: null,
  attributes: {},
  owner_id: "00000000-0000-4000-8000-000000000000",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
});

beforeEach(() => {
  useAuth.setState({ accessToken: null, status: "signed-out" });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("login page", () => {
  it("checks the form before asking the server", async () => {
    const server = fakeApi({});
    renderAt("/login");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email address.");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(server.requests).toHaveLength(0);
  });

  it("shows the server's error, and signs in on success", async () => {
    let attempts = 0;
    fakeApi({
      "POST /api/v1/auth/login": () =>
        ++attempts === 1
          ? errorBody(401, "invalid_credentials", "Incorrect email or password.")
          : json({ access_token: "a1", token_type: "bearer", expires_in: 900 }),
      "GET /api/v1/items": () => json({ items: [], total: 0, limit: 5, offset: 0 }),
    });
    const router = renderAt("/login");
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "wrong password");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Incorrect email or password.");
    await userEvent.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByRole("heading", { name: "Your items" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/items");
  });
});

describe("items page", () => {
  beforeEach(() => {
    useAuth.setState({ accessToken: "a1", status: "signed-in" });
  });

  it("sends a signed-out visitor to the login page", async () => {
    useAuth.setState({ accessToken: null, status: "signed-out" });
    const router = renderAt("/items");
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
  });

  it("shows the empty state", async () => {
    fakeApi({ "GET /api/v1/items": () => json({ items: [], total: 0, limit: 5, offset: 0 }) });
    renderAt("/items");
    expect(screen.getByRole("status")).toHaveTextContent("Loading your items…");
    expect(await screen.findByText(/No items yet/)).toBeInTheDocument();
  });

  it("offers a retry after an outage, and shows the items once it is over", async () => {
    let calls = 0;
    fakeApi({
      "GET /api/v1/items": () =>
        ++calls <= 3
          ? errorBody(503, "service_unavailable", "The database is unavailable.")
          : json({ items: [item(1), item(2)], total: 7, limit: 5, offset: 0 }),
    });
    renderAt("/items");
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 });
    expect(alert).toHaveTextContent("The database is unavailable.");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Item 2")).toBeInTheDocument();
    expect(screen.getByText("Page 1 of 2 · 7 items")).toBeInTheDocument();
  });

  it("asks for the next page and another order", async () => {
    const server = fakeApi({
      "GET /api/v1/items": () => json({ items: [item(1)], total: 12, limit: 5, offset: 0 }),
    });
    renderAt("/items");
    await userEvent.click(await screen.findByRole("button", { name: "Next" }));
    await userEvent.selectOptions(screen.getByLabelText("Sort by"), "Title, A to Z");
    await waitFor(() => {
      expect(server.seen("GET /api/v1/items")).toHaveLength(3);
    });
    const queries = server.seen("GET /api/v1/items").map((r) => new URL(r.url).search);
    expect(queries).toEqual([
      "?limit=5&offset=0&sort=-created_at",
      "?limit=5&offset=5&sort=-created_at",
      "?limit=5&offset=0&sort=title",
    ]);
  });

  it("creates an item and shows the server's refusal", async () => {
    const server = fakeApi({
      "GET /api/v1/items": () => json({ items: [], total: 0, limit: 5, offset: 0 }),
      "POST /api/v1/items": () => errorBody(422, "validation_error", "The title is too long."),
    });
    renderAt("/items");
    await userEvent.click(await screen.findByRole("button", { name: "Add item" }));
    expect(screen.getByLabelText("Title")).toHaveAccessibleDescription("Give the item a title.");
    expect(server.seen("POST /api/v1/items")).toHaveLength(0);
    await userEvent.type(screen.getByLabelText("Title"), "Plans");
    await userEvent.click(screen.getByRole("button", { name: "Add item" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The title is too long.");
    expect(await server.seen("POST /api/v1/items")[0]?.json()).toEqual({
      title: "Plans",
      description: null,
    });
  });
});

describe("register page", () => {
  it("checks the passwords match, then shows the verification notice", async () => {
    const server = fakeApi({
      "POST /api/v1/auth/register": () => json({ message: "Check your email." }, 202),
    });
    renderAt("/register");
    await userEvent.type(screen.getByLabelText("Email"), "ada@example.com");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.type(screen.getByLabelText("Confirm password"), "correct horsy");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(screen.getByLabelText("Confirm password")).toHaveAccessibleDescription(
      "The passwords do not match.",
    );
    expect(server.requests).toHaveLength(0);
    await userEvent.clear(screen.getByLabelText("Confirm password"));
    await userEvent.type(screen.getByLabelText("Confirm password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("We sent a link to ada@example.com");
  });
});

describe("sessions page", () => {
  it("lists the sessions and revokes another one", async () => {
    useAuth.setState({ accessToken: "a1", status: "signed-in" });
    const session = (id: string, current: boolean) => ({
      id,
      user_agent: current ? "Firefox" : "Phone",
      ip_address: "127.0.0.1",
      created_at: "2026-01-01T00:00:00Z",
      last_used_at: "2026-01-01T00:00:00Z",
      expires_at: "2026-02-01T00:00:00Z",
      current,
    });
    let revoked = false;
    const other = "00000000-0000-4000-8000-000000000002";
    fakeApi({
      "GET /api/v1/users/me/sessions": () =>
        json(revoked ? [session("s1", true)] : [session("s1", true), session(other, false)]),
      [`DELETE /api/v1/users/me/sessions/${other}`]: () => {
        revoked = true;
        return new Response(null, { status: 204 });
      },
    });
    renderAt("/sessions");
    const revoke = await screen.findByRole("button", { name: "Revoke the session of Phone" });
    expect(screen.getByText("This device")).toBeInTheDocument();
    await userEvent.click(revoke);
    await waitFor(() => {
      expect(screen.queryByText("Phone")).not.toBeInTheDocument();
    });
  });
});
