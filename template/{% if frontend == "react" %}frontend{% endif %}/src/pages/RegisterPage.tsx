import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { api, call } from "../api/client";
import { EmailField, Field, FormError, Notice, SubmitButton } from "../components/Form";
import { NewPasswordFields } from "../components/NewPasswordFields";
import { Page } from "../components/Page";
import { NO_NEW_PASSWORD, passwordErrors } from "../validation";

export function RegisterPage() {
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [newPassword, setNewPassword] = useState(NO_NEW_PASSWORD);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/auth/register", {
          body: {
            email: email.trim(),
            password: newPassword.password,
            full_name: fullName.trim() || null,
          },
        }),
      ),
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = {
      email: email.includes("@") ? undefined : "Enter a valid email address.",
      ...passwordErrors(newPassword),
    };
    setErrors(found);
    if (Object.values(found).every((error) => error === undefined)) mutation.mutate();
  }

  if (mutation.isSuccess) {
    return (
      <Page title="Check your email">
        <Notice>
          We sent a link to <strong>{email.trim()}</strong>. Open it to verify your address, then{" "}
          <Link to="/login" className="underline">
            log in
          </Link>
          .
        </Notice>
      </Page>
    );
  }

  return (
    <Page title="Create an account">
      <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
        <EmailField value={email} onValue={setEmail} error={errors.email} />
        <Field
          label="Full name (optional)"
          autoComplete="name"
          value={fullName}
          onValue={setFullName}
        />
        <NewPasswordFields
          label="Password"
          value={newPassword}
          onValue={setNewPassword}
          errors={errors}
          withHint
        />
        <FormError error={mutation.error} />
        <SubmitButton pending={mutation.isPending}>Create account</SubmitButton>
      </form>
    </Page>
  );
}
