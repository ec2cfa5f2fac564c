import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link, useSearchParams } from "react-router";

import { api, call } from "../api/client";
import { FormError, Notice, SubmitButton } from "../components/Form";
import { NewPasswordFields } from "../components/NewPasswordFields";
import { Page } from "../components/Page";
import { NO_NEW_PASSWORD, passwordErrors, type NewPasswordErrors } from "../validation";

export function ResetPasswordPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  const [newPassword, setNewPassword] = useState(NO_NEW_PASSWORD);
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/auth/password-reset/confirm", {
          body: { token, new_password: newPassword.password },
        }),
      ),
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = passwordErrors(newPassword);
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
          <NewPasswordFields
            label="New password"
            value={newPassword}
            onValue={setNewPassword}
            errors={errors}
            withHint
          />
          <FormError error={mutation.error} />
          <SubmitButton pending={mutation.isPending}>Set password</SubmitButton>
        </form>
      )}
    </Page>
  );
}
