"use client";
/** Submitting a form to the API: busy state, the error message, and which field it concerns. */
import { useState } from "react";
import type { ErrorBody, Result } from "@/lib/errors";

export function useSubmit<T>() {
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
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  /** The message for the form as a whole (errors that name no field). */
  const formError = error && !error.field ? error.message : null;

  return { busy, error, submit, fieldError, formError };
}
