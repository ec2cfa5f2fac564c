import { useMutation } from "@tanstack/react-query";
import { useState, type ComponentProps, type SubmitEvent } from "react";

import type { components } from "../api/schema";
import { Field, FormError, SubmitButton } from "./Form";

type Item = components["schemas"]["ItemRead"];
type ItemFields = Pick<components["schemas"]["ItemCreate"], "title" | "description">;

interface ItemFormProps extends Omit<ComponentProps<"form">, "onSubmit"> {
  initial?: Pick<Item, "title" | "description">;
  submitLabel: string;
  save: (fields: ItemFields) => Promise<unknown>;
  onSaved: () => Promise<unknown>;
  /** Empty the fields once saved, for the next item. */
  clearOnSave?: boolean;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** An item's title and description; `children` come before the fields, as a heading. */
export function ItemForm({
  initial,
  submitLabel,
  save,
  onSaved,
  clearOnSave = false,
  onCancel,
  autoFocus,
  children,
  ...form
}: ItemFormProps) {
  const [title, setTitle] = useState(initial?.title ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [error, setError] = useState<string>();
  const mutation = useMutation({
    mutationFn: () => save({ title: title.trim(), description: description.trim() || null }),
    onSuccess: async () => {
      if (clearOnSave) {
        setTitle("");
        setDescription("");
      }
      await onSaved();
    },
  });

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const found = title.trim() ? undefined : "Give the item a title.";
    setError(found);
    if (!found) mutation.mutate();
  }

  return (
    <form onSubmit={onSubmit} noValidate {...form}>
      {children}
      <Field
        label="Title"
        value={title}
        maxLength={255}
        onValue={setTitle}
        error={error}
        required
        autoFocus={autoFocus}
      />
      <Field label="Description" value={description} onValue={setDescription} />
      <FormError error={mutation.error} />
      <div className="flex gap-2">
        <SubmitButton pending={mutation.isPending}>{submitLabel}</SubmitButton>
        {onCancel && (
          <button
            type="button"
            onClick={onCancel}
            className="rounded border border-slate-400 px-4 py-2"
          >
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
