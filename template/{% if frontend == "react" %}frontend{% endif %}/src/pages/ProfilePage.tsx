import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useNavigate } from "react-router";

import { api, call } from "../api/client";
import { logout } from "../auth/session";
import { FormError, PasswordField, SubmitButton } from "../components/Form";
import { NewPasswordFields } from "../components/NewPasswordFields";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/QueryState";
import { NO_NEW_PASSWORD, passwordErrors } from "../validation";

export function ProfilePage() {
  const me = useQuery({ queryKey: ["me"], queryFn: () => call(api.GET("/api/v1/users/me")) });
  return (
    <Page title="Your profile">
      {me.isPending ? (
        <Loading />
      ) : me.isError ? (
        <LoadError error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <dl className="grid max-w-md grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded border border-slate-200 bg-white p-4">
          <dt className="font-medium">Email</dt>
          <dd>{me.data.email}</dd>
          <dt className="font-medium">Name</dt>
          <dd>{me.data.full_name ?? "—"}</dd>
          <dt className="font-medium">Verified</dt>
          <dd>{me.data.email_verified ? "Yes" : "Not yet"}</dd>
        </dl>
      )}
      <ChangePassword />
    </Page>
  );
}

function ChangePassword() {
  const navigate = useNavigate();
  const [current, setCurrent] = useState("");
  const [newPassword, setNewPassword] = useState(NO_NEW_PASSWORD);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/users/me/password", {
          body: { current_password: current, new_password: newPassword.password },
        }),
      ),
    // The change ends every session, this one included.
    onSuccess: async () => {
      await logout();
      await navigate("/login", {
        state: { notice: "Your password has changed: log in again with the new one." },
      });
    },
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = {
      current: current ? undefined : "Enter your current password.",
      ...passwordErrors(newPassword),
    };
    setErrors(found);
    if (Object.values(found).every((error) => error === undefined)) mutation.mutate();
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="change-password"
      className="max-w-sm space-y-4"
    >
      <h2 id="change-password" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="text-sm text-slate-600">This signs you out on every device.</p>
      <PasswordField
        label="Current password"
        autoComplete="current-password"
        value={current}
        onValue={setCurrent}
        error={errors.current}
      />
      <NewPasswordFields
        label="New password"
        value={newPassword}
        onValue={setNewPassword}
        errors={errors}
      />
      <FormError error={mutation.error} />
      <SubmitButton pending={mutation.isPending}>Change password</SubmitButton>
    </form>
  );
}
