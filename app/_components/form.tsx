/** Form building blocks with labels, hints and errors wired for screen readers. */
import type { InputHTMLAttributes, ReactNode } from "react";

export function Field({
  id,
  label,
  hint,
  error,
  ...input
}: { id: string; label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium text-slate-900">
        {label}
      </label>
      <input
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className="rounded border-2 border-slate-500 bg-white px-3 py-2 text-lg text-slate-900 aria-invalid:border-red-700"
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  // Always rendered so screen readers announce a message when it appears.
  return (
    <div role="alert" aria-live="assertive" className={message ? "rounded border-2 border-red-700 bg-red-50 px-3 py-2 font-medium text-red-900" : ""}>
      {message}
    </div>
  );
}

export function Button({
  children,
  variant = "primary",
  ...props
}: { children: ReactNode; variant?: "primary" | "secondary" | "danger" } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const styles = {
    primary: "bg-indigo-700 text-white hover:bg-indigo-800 border-indigo-700",
    secondary: "bg-white text-slate-900 hover:bg-slate-100 border-slate-600",
    danger: "bg-white text-red-800 hover:bg-red-50 border-red-700",
  }[variant];
  return (
    <button
      type="button"
      className={`rounded border-2 px-4 py-2 font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${styles}`}
      {...props}
    >
      {children}
    </button>
  );
}

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <section className={`rounded-lg border border-slate-300 bg-white p-6 shadow-sm ${className}`}>{children}</section>;
}
