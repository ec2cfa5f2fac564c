import createClient from "openapi-fetch";

import { refreshAccessToken } from "../auth/session";
import { useAuth } from "../auth/store";
import { toApiError } from "./errors";
import type { paths } from "./schema";

function withToken(request: Request, token: string | null): Request {
  const authorized = request.clone();
  if (token !== null) authorized.headers.set("Authorization", `Bearer ${token}`);
  return authorized;
}

/**
 * Sends the access token; on a 401, refreshes once (shared with every request that fails at the
 * same time) and retries once. A failed refresh has signed the user out by then.
 */
export async function authorizedFetch(request: Request): Promise<Response> {
  const token = useAuth.getState().accessToken;
  const response = await fetch(withToken(request, token));
  if (response.status !== 401 || token === null) return response;
  const current = useAuth.getState().accessToken;
  const fresh = current !== null && current !== token ? current : await refreshAccessToken();
  if (fresh === null) return response;
  return fetch(withToken(request, fresh));
}

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  fetch: authorizedFetch,
});

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The response's data, or an `ApiError` carrying the server's error body (status 0: no answer). */
export async function call<T>(request: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await request;
  } catch (error) {
    if (error instanceof Error && error.name === "ApiError") throw error;
    throw toApiError(0, null);
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}
