import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { NO_NEW_PASSWORD, passwordErrors } from "../validation";
import { NewPasswordFields } from "./NewPasswordFields";

function Checked({ withHint }: { withHint?: boolean }) {
  const [value, setValue] = useState(NO_NEW_PASSWORD);
  return (
    <NewPasswordFields
      label="New password"
      value={value}
      onValue={setValue}
      errors={passwordErrors(value)}
      withHint={withHint}
    />
  );
}

describe("new password fields", () => {
  it("names the confirmation after the password and keeps each value", async () => {
    render(<Checked />);
    const password = screen.getByLabelText("New password");
    const confirmation = screen.getByLabelText("Confirm new password");
    expect(password).toHaveAttribute("autocomplete", "new-password");
    expect(confirmation).toHaveAttribute("autocomplete", "new-password");
    await userEvent.type(password, "correct horse");
    await userEvent.type(confirmation, "correct horse");
    expect(password).toHaveValue("correct horse");
    expect(password).not.toHaveAttribute("aria-invalid");
    expect(confirmation).not.toHaveAttribute("aria-invalid");
  });

  it("describes the password with its errors, and the hint when asked", async () => {
    render(<Checked withHint />);
    const password = screen.getByLabelText("New password");
    expect(password).toHaveAccessibleDescription(
      "At least 8 characters. Use at least 8 characters.",
    );
    await userEvent.type(password, "correct horse");
    expect(password).toHaveAccessibleDescription("At least 8 characters.");
    expect(screen.getByLabelText("Confirm new password")).toHaveAccessibleDescription(
      "The passwords do not match.",
    );
  });
});
