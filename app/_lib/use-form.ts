"use client";
/** Submitting a form to the API: busy state, the error (in the reader's words), and which field it concerns. */
import { useState } from "react";
import type { ErrorBody, Result } from "@/lib/errors";
import { useI18n } from "./i18n";

export function useSubmit<T>() {
  const { describe } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorBody | null>(null);

  async function submit(send: () => Promise<Result<T>>, onSuccess: (data: T) => void | Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await send();
    if (result.ok) await onSuccess(result.data);
    else setError(result.error);
    setBusy(false);
  }

  /** The message for a field, when the error names it. */
  const fieldError = (field: string) => (error?.field === field ? describe(error) : undefined);
  /** The message for the form as a whole (errors that name no field). */
  const formError = error && !error.field ? describe(error) : null;

  return { busy, error, submit, fieldError, formError };
}
