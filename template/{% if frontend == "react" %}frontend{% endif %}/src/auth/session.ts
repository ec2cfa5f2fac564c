import { ApiError, toApiError } from "../api/errors";
import { useAuth } from "./store";

export const AUTH_PATH = "/api/v1/auth";
export const CSRF_COOKIE = "csrf_token";
export const CSRF_HEADER = "X-CSRF-Token";

interface AccessToken {
  access_token: string;
}

export function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  const found = document.cookie.split("; ").find((part) => part.startsWith(prefix));
  return found === undefined ? null : decodeURIComponent(found.slice(prefix.length));
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(new URL(path, window.location.origin), {
      credentials: "same-origin",
      ...init,
    });
  } catch {
    throw toApiError(0, null);
  }
}

async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  return toApiError(response.status, body);
}

/** Log in in cookie mode: the refresh token comes back as an HttpOnly cookie, never to us. */
export async function login(email: string, password: string): Promise<void> {
  const form = new URLSearchParams({ username: email, password, use_cookie: "true" });
  const response = await send(`${AUTH_PATH}/login`, { method: "POST", body: form });
  if (!response.ok) throw await failure(response);
  const { access_token } = (await response.json()) as AccessToken;
  useAuth.getState().signIn(access_token);
}

async function refresh(): Promise<string | null> {
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf === null) {
    useAuth.getState().signOut();
    return null;
  }
  const response = await send(`${AUTH_PATH}/refresh`, {
    method: "POST",
    headers: { [CSRF_HEADER]: csrf },
  });
  if (response.status >= 400 && response.status < 500) {
    useAuth.getState().signOut();
    return null;
  }
  if (!response.ok) throw await failure(response);
  const { access_token } = (await response.json()) as AccessToken;
  useAuth.getState().signIn(access_token);
  return access_token;
}

let pending: Promise<string | null> | null = null;

/**
 * A new access token from the refresh cookie, or null once the session is gone (and the user
 * signed out). Concurrent callers share one request: the refresh token works only once.
 */
export function refreshAccessToken(): Promise<string | null> {
  pending ??= refresh().finally(() => {
    pending = null;
  });
  return pending;
}

/** On page load: the cookie, if any, brings the session back. */
export async function restoreSession(): Promise<void> {
  try {
    await refreshAccessToken();
  } catch {
    useAuth.getState().signOut();
  }
}

/** End this session on the server (it clears the cookies), and forget the access token. */
export async function logout(): Promise<void> {
  const csrf = readCookie(CSRF_COOKIE);
  try {
    await send(`${AUTH_PATH}/logout`, {
      method: "POST",
      headers: csrf === null ? {} : { [CSRF_HEADER]: csrf },
    });
  } finally {
    useAuth.getState().signOut();
  }
}
