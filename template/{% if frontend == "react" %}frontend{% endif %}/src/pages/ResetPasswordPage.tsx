import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { api, call } from "../api/client";
import { Field, FormError, Notice, SubmitButton } from "../components/Form";
import { passwordErrors } from "../validation";
import { Page } from "../components/Page";

export function ResetPasswordPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/auth/password-reset/confirm", {
          body: { token, new_password: password },
        }),
      ),
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = passwordErrors(password, confirmation);
    setErrors(found);
    if (!found.password && !found.confirmation) mutation.mutate();
  }

  return (
    <Page title="Choose a new password">
      {mutation.isSuccess ? (
        <Notice>
          Your password has changed. You can now{" "}
          <Link to="/login" className="underline">
            log in
          </Link>{" "}
          with it.
        </Notice>
      ) : (
        <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters."
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
            error={errors.password}
            required
          />
          <Field
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value);
            }}
            error={errors.confirmation}
            required
          />
          <FormError error={mutation.error} />
          <SubmitButton pending={mutation.isPending}>Set password</SubmitButton>
        </form>
      )}
    </Page>
  );
}
