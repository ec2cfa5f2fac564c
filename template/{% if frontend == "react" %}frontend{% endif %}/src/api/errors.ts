/** The API's common error body: `{"error": {"code", "message", "request_id", "details"}}`. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    request_id?: string | null;
    details?: { loc?: (string | number)[]; message?: string; type?: string }[];
  };
}

/** A failed request: the server's error, or no answer at all (`status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: NonNullable<ErrorBody["error"]["details"]>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: ErrorBody["error"]["details"] = [],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Worth trying again: the network failed, or the service said it is unavailable. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 503 || this.status === 502 || this.status === 504;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = value.error;
  return typeof error === "object" && error !== null && "message" in error && "code" in error;
}

export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.details);
  }
  if (status === 0) {
    return new ApiError(0, "network_error", "The server cannot be reached. Check your connection.");
  }
  return new ApiError(status, "http_error", `The server answered with status ${status}.`);
}

/** The message to show for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.details
      .map((detail) => detail.message)
      .filter((message): message is string => Boolean(message));
    return fields.length ? `${error.message} ${fields.join(" ")}` : error.message;
  }
  return "Something went wrong. Please try again.";
}
