import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link } from "react-router";

import { api, call } from "../api/client";
import { Field, FormError, Notice, SubmitButton } from "../components/Form";
import { passwordErrors } from "../validation";
import { Page } from "../components/Page";

export function RegisterPage() {
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/auth/register", {
          body: { email: email.trim(), password, full_name: fullName.trim() || null },
        }),
      ),
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = {
      email: email.includes("@") ? undefined : "Enter a valid email address.",
      ...passwordErrors(password, confirmation),
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
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
          }}
          error={errors.email}
          required
        />
        <Field
          label="Full name (optional)"
          autoComplete="name"
          value={fullName}
          onChange={(event) => {
            setFullName(event.target.value);
          }}
        />
        <Field
          label="Password"
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
          label="Confirm password"
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
        <SubmitButton pending={mutation.isPending}>Create account</SubmitButton>
      </form>
    </Page>
  );
}
