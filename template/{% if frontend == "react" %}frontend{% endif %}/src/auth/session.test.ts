import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { api, call } from "../api/client";
import { ApiError } from "../api/errors";
import { clearCookies, errorBody, fakeApi, json, setCookie } from "../test/server";
import { login, logout, restoreSession } from "./session";
import { useAuth } from "./store";

const page = { items: [], total: 0, limit: 20, offset: 0 };

beforeEach(() => {
  useAuth.setState({ accessToken: null, status: "restoring" });
  clearCookies();
});

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  sessionStorage.clear();
});

describe("session restore", () => {
  it("signs out at once without the CSRF cookie, asking nothing", async () => {
    const server = fakeApi({});
    await restoreSession();
    expect(useAuth.getState().status).toBe("signed-out");
    expect(server.requests).toHaveLength(0);
  });

  it("refreshes through the cookie, repeating its CSRF token in the header", async () => {
    setCookie("csrf_token=signed-csrf");
    const server = fakeApi({ "POST /api/v1/auth/refresh": () => json({ access_token: "fresh" }) });
    await restoreSession();
    expect(useAuth.getState()).toMatchObject({ status: "signed-in", accessToken: "fresh" });
    const [refresh] = server.seen("POST /api/v1/auth/refresh");
    expect(refresh?.headers.get("X-CSRF-Token")).toBe("signed-csrf");
    expect(refresh?.credentials).toBe("same-origin");
  });

  it("signs out when the server refuses the refresh", async () => {
    setCookie("csrf_token=stale");
    fakeApi({ "POST /api/v1/auth/refresh": () => errorBody(401, "invalid_token", "Expired.") });
    await restoreSession();
    expect(useAuth.getState()).toMatchObject({ status: "signed-out", accessToken: null });
  });
});

describe("login and logout", () => {
  it("logs in in cookie mode and keeps the access token in memory only", async () => {
    const server = fakeApi({
      "POST /api/v1/auth/login": () => json({ access_token: "a1", token_type: "bearer" }),
    });
    await login("ada@example.com", "correct horse");
    const body = await server.seen("POST /api/v1/auth/login")[0]?.text();
    expect(new URLSearchParams(body)).toEqual(
      new URLSearchParams({
        username: "ada@example.com",
        password: "correct horse",
        use_cookie: "true",
      }),
    );
    expect(useAuth.getState().accessToken).toBe("a1");
    expect(localStorage).toHaveLength(0);
    expect(sessionStorage).toHaveLength(0);
  });

  it("throws the server's error on a refused login", async () => {
    fakeApi({
      "POST /api/v1/auth/login": () => errorBody(401, "invalid_credentials", "Wrong password."),
    });
    await expect(login("ada@example.com", "nope")).rejects.toMatchObject({
      status: 401,
      message: "Wrong password.",
    });
    expect(useAuth.getState().accessToken).toBeNull();
  });

  it("logs out with the CSRF header and forgets the token", async () => {
    setCookie("csrf_token=c1");
    useAuth.getState().signIn("a1");
    const server = fakeApi({
      "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
    });
    await logout();
    expect(server.seen("POST /api/v1/auth/logout")[0]?.headers.get("X-CSRF-Token")).toBe("c1");
    expect(useAuth.getState()).toMatchObject({ status: "signed-out", accessToken: null });
  });
});

describe("a 401 on an API call", () => {
  function itemsServer(refreshes: () => Response) {
    return fakeApi({
      "GET /api/v1/items": (request) =>
        request.headers.get("Authorization") === "Bearer new"
          ? json(page)
          : errorBody(401, "invalid_token", "Expired."),
      "POST /api/v1/auth/refresh": refreshes,
    });
  }

  beforeEach(() => {
    setCookie("csrf_token=c1");
    useAuth.getState().signIn("old");
  });

  it("refreshes once for concurrent requests, then retries each once", async () => {
    const server = itemsServer(() => json({ access_token: "new" }));
    const results = await Promise.all(
      [1, 2, 3].map(() => call(api.GET("/api/v1/items", { params: { query: {} } }))),
    );
    expect(results).toEqual([page, page, page]);
    expect(server.seen("POST /api/v1/auth/refresh")).toHaveLength(1);
    const sent = server.seen("GET /api/v1/items").map((r) => r.headers.get("Authorization"));
    expect(sent.sort()).toEqual([
      "Bearer new",
      "Bearer new",
      "Bearer new",
      "Bearer old",
      "Bearer old",
      "Bearer old",
    ]);
  });

  it("retries only once: a second 401 is the answer", async () => {
    const server = fakeApi({
      "GET /api/v1/items": () => errorBody(401, "invalid_token", "Revoked."),
      "POST /api/v1/auth/refresh": () => json({ access_token: "new" }),
    });
    await expect(call(api.GET("/api/v1/items"))).rejects.toMatchObject({ status: 401 });
    expect(server.seen("GET /api/v1/items")).toHaveLength(2);
    expect(server.seen("POST /api/v1/auth/refresh")).toHaveLength(1);
  });

  it("signs the user out when the refresh fails", async () => {
    itemsServer(() => errorBody(401, "session_revoked", "Revoked."));
    const error: unknown = await call(api.GET("/api/v1/items")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(useAuth.getState()).toMatchObject({ status: "signed-out", accessToken: null });
  });

  it("keeps the session when the refresh meets an outage, and reports it as retryable", async () => {
    itemsServer(() => errorBody(503, "service_unavailable", "Try again shortly."));
    const error: unknown = await call(api.GET("/api/v1/items")).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(useAuth.getState()).toMatchObject({ status: "signed-in", accessToken: "old" });
  });
});
