import { MIN_PASSWORD, type NewPassword, type NewPasswordErrors } from "../validation";
import { PasswordField } from "./Form";

interface NewPasswordFieldsProps {
  /** The new password's label; the confirmation's is "Confirm" and the same words. */
  label: "Password" | "New password";
  value: NewPassword;
  onValue: (value: NewPassword) => void;
  errors: NewPasswordErrors;
  withHint?: boolean;
}

/** A new password and its confirmation; `passwordErrors` checks them. */
export function NewPasswordFields({
  label,
  value,
  onValue,
  errors,
  withHint = false,
}: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordField
        label={label}
        autoComplete="new-password"
        hint={withHint ? `At least ${MIN_PASSWORD} characters.` : undefined}
        value={value.password}
        onValue={(password) => {
          onValue({ ...value, password });
        }}
        error={errors.password}
      />
      <PasswordField
        label={`Confirm ${label.toLowerCase()}`}
        autoComplete="new-password"
        value={value.confirmation}
        onValue={(confirmation) => {
          onValue({ ...value, confirmation });
        }}
        error={errors.confirmation}
      />
    </>
  );
}
