import { vi } from "vitest";

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

export function errorBody(status: number, code: string, message: string): Response {
  return json({ error: { code, message, request_id: null, details: [] } }, status);
}

/**
 * Stands in for the API at the network boundary: `fetch` answers from the handler of the
 * request's "METHOD /path", and records every request it saw.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request.clone());
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const handler = handlers[key];
    if (handler === undefined) throw new Error(`No handler for ${key}`);
    return handler(request);
  });
  vi.stubGlobal("fetch", fetchMock);
  const seen = (key: string) =>
    requests.filter((request) => `${request.method} ${new URL(request.url).pathname}` === key);
  return { requests, seen };
}

export function setCookie(value: string): void {
  document.cookie = value;
}

export function clearCookies(): void {
  for (const part of document.cookie.split("; ")) {
    const name = part.split("=")[0];
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}
