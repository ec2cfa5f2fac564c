import { afterEach, describe, expect, it, vi } from "vitest";

import { api, call } from "./client";
import { ApiError, errorMessage, toApiError } from "./errors";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("API errors", () => {
  it("carry the server's error body", () => {
    const error = toApiError(409, {
      error: { code: "email_taken", message: "That email is registered.", details: [] },
    });
    expect(error).toMatchObject({ status: 409, code: "email_taken", retryable: false });
    expect(errorMessage(error)).toBe("That email is registered.");
  });

  it("list the invalid fields of a 422", () => {
    const error = toApiError(422, {
      error: {
        code: "validation_error",
        message: "The request is invalid.",
        details: [{ loc: ["body", "title"], message: "String should have at least 1 character" }],
      },
    });
    expect(errorMessage(error)).toBe(
      "The request is invalid. String should have at least 1 character",
    );
  });

  it("make outages and network failures retryable", () => {
    expect(toApiError(503, null).retryable).toBe(true);
    expect(toApiError(0, null)).toMatchObject({ code: "network_error", retryable: true });
    expect(toApiError(500, "<html>")).toMatchObject({ code: "http_error", retryable: false });
  });

  it("turn a request that never got an answer into a network error", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    const error: unknown = await call(api.GET("/api/v1/users/me")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, retryable: true });
  });

  it("fall back to a generic message for anything else", () => {
    expect(errorMessage(new Error("boom"))).toBe("Something went wrong. Please try again.");
  });
});
