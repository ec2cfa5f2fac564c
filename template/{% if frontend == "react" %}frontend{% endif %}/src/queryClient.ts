import { QueryClient } from "@tanstack/react-query";

import { ApiError } from "./api/errors";

/** Queries retry twice on a network failure or a 503; a 4xx is an answer, not a glitch. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 2 && error instanceof ApiError && error.retryable,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}
