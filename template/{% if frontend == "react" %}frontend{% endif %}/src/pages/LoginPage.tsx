import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";

import { login } from "../auth/session";
import { useAuth } from "../auth/store";
import { EmailField, FormError, Notice, PasswordField, SubmitButton } from "../components/Form";
import { Page } from "../components/Page";

interface LoginState {
  from?: { pathname: string };
  notice?: string;
}

export function LoginPage() {
  const status = useAuth((state) => state.status);
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as LoginState;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: () => navigate(state.from?.pathname ?? "/items", { replace: true }),
  });

  if (status === "signed-in" && !mutation.isPending) return <Navigate to="/items" replace />;

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = {
      email: email.includes("@") ? undefined : "Enter your email address.",
      password: password ? undefined : "Enter your password.",
    };
    setErrors(found);
    if (!found.email && !found.password) mutation.mutate();
  }

  return (
    <Page title="Log in">
      {state.notice && <Notice>{state.notice}</Notice>}
      <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
        <EmailField autoComplete="username" value={email} onValue={setEmail} error={errors.email} />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <FormError error={mutation.error} />
        <SubmitButton pending={mutation.isPending}>Log in</SubmitButton>
      </form>
      <p className="text-sm">
        <Link to="/forgot-password" className="text-blue-800 underline">
          Forgot your password?
        </Link>{" "}
        ·{" "}
        <Link to="/register" className="text-blue-800 underline">
          Create an account
        </Link>
      </p>
    </Page>
  );
}
