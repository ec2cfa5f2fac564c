import { errorMessage, ApiError } from "../api/errors";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p role="status" className="text-slate-600">
      {label}
    </p>
  );
}

/** A failed load: the server's message, and a way to try again when that may help. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const retryable = !(error instanceof ApiError) || error.retryable;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-900">
      <p>{errorMessage(error)}</p>
      {retryable && (
        <button
          type="button"
          onClick={onRetry}
          className="mt-2 rounded bg-red-800 px-3 py-1 text-sm font-medium text-white hover:bg-red-900"
        >
          Try again
        </button>
      )}
    </div>
  );
}
