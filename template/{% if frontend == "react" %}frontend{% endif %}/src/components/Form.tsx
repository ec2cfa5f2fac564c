import { useId, type InputHTMLAttributes, type ReactNode } from "react";

import { errorMessage } from "../api/errors";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
}

/** A labelled input; its error is announced and tied to it with aria-describedby. */
export function Field({ label, onValue, error, hint, ...input }: FieldProps) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className="rounded border border-slate-400 bg-white px-3 py-2 focus:outline-2 focus:outline-blue-600"
        onChange={(event) => {
          onValue(event.target.value);
        }}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export function EmailField(props: Omit<FieldProps, "label" | "type">) {
  return <Field label="Email" type="email" autoComplete="email" required {...props} />;
}

export function PasswordField(props: Omit<FieldProps, "type">) {
  return <Field type="password" required {...props} />;
}

/** The server's answer to a failed submit, announced as it appears. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {errorMessage(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="rounded border border-green-300 bg-green-50 p-4 text-green-900">
      {children}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
    >
      {pending ? "Please wait…" : children}
    </button>
  );
}
