export const MIN_PASSWORD = 8;

export interface NewPassword {
  password: string;
  confirmation: string;
}

export type NewPasswordErrors = Partial<Record<keyof NewPassword, string>>;

export const NO_NEW_PASSWORD: NewPassword = { password: "", confirmation: "" };

/** Client-side checks of a new password and its confirmation; the server checks again. */
export function passwordErrors({ password, confirmation }: NewPassword): NewPasswordErrors {
  return {
    password:
      password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : undefined,
    confirmation: password !== confirmation ? "The passwords do not match." : undefined,
  };
}
