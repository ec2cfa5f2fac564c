export const MIN_PASSWORD = 8;

/** Client-side checks of a new password and its confirmation; the server checks again. */
export function passwordErrors(password: string, confirmation: string) {
  return {
    password:
      password.length < MIN_PASSWORD ? `Use at least ${MIN_PASSWORD} characters.` : undefined,
    confirmation: password !== confirmation ? "The passwords do not match." : undefined,
  };
}
