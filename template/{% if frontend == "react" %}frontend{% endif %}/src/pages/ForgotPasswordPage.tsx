import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";

import { api, call } from "../api/client";
import { EmailField, FormError, Notice, SubmitButton } from "../components/Form";
import { Page } from "../components/Page";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const mutation = useMutation({
    mutationFn: () =>
      call(api.POST("/api/v1/auth/password-reset", { body: { email: email.trim() } })),
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = email.includes("@") ? undefined : "Enter your email address.";
    setError(found);
    if (!found) mutation.mutate();
  }

  return (
    <Page title="Forgot your password?">
      {mutation.isSuccess ? (
        <Notice>
          If an account uses <strong>{email.trim()}</strong>, a link to choose a new password is on
          its way.
        </Notice>
      ) : (
        <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
          <EmailField value={email} onValue={setEmail} error={error} />
          <FormError error={mutation.error} />
          <SubmitButton pending={mutation.isPending}>Send the link</SubmitButton>
        </form>
      )}
    </Page>
  );
}
