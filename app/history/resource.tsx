"use client";
/**
 * What the history pages share: a page about one id (classroom, race, run) for signed-in people, and the one
 * resource it loads from the API with its loading and error states.
 */
import Link from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useState, type ComponentType, type ReactElement } from "react";
import type { ErrorBody, Result } from "@/lib/errors";
import { FormError } from "../_components/form";
import { RequireUser } from "../_components/require-user";
import { useI18n } from "../_lib/i18n";

/** The default export of an `[id]` page: the id from the URL, rendered only once the user is signed in. */
export function signedInIdPage(Page: ComponentType<{ id: string }>): ComponentType {
  return function IdPage() {
    const { id } = useParams<{ id: string }>();
    return <RequireUser>{() => <Page id={id} />}</RequireUser>;
  };
}

export interface Resource<T> {
  data: T | null;
  error: ErrorBody | null;
  /** Replaces the loaded data (after an edit the server answered with the new state). */
  setData(data: T): void;
}

/**
 * Calls a GET endpoint of the API client (`useApiResource(api.runs.get, { id })`); an answer for arguments the page
 * has since left is dropped, and the old data is not shown for the new arguments.
 */
export function useApiResource<A, T>(call: (args: A) => Promise<Result<T>>, args: A): Resource<T> {
  // The arguments by value: a new object with the same ids is the same resource.
  const path = JSON.stringify(args);
  const [answer, setAnswer] = useState<{ path: string; data: T | null; error: ErrorBody | null } | null>(null);
  useEffect(() => {
    let live = true;
    void call(JSON.parse(path) as A).then((result) => {
      if (live) setAnswer(result.ok ? { path, data: result.data, error: null } : { path, data: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [call, path]);
  const current = answer?.path === path ? answer : null;
  return { data: current?.data ?? null, error: current?.error ?? null, setData: (data) => setAnswer({ path, data, error: null }) };
}

/** The page's content while its resource loads or after it failed to; null once there is data to show. */
export function pending(resource: Resource<unknown>): ReactElement | null {
  if (resource.error) return <ResourceError error={resource.error} />;
  if (!resource.data) return <Loading />;
  return null;
}

function ResourceError({ error }: { error: ErrorBody }) {
  return <FormError message={useI18n().describe(error)} />;
}

function Loading() {
  return <p role="status">{useI18n().m.common.loading}</p>;
}

/** A history page's heading: the way back to the history list above the page's title. */
export function HistoryTitle({ title }: { title: string }): ReactElement {
  const { m } = useI18n();
  return (
    <>
      <Link href="/history" className="text-sm text-blue-800 underline">
        {m.history.run.back}
      </Link>
      <h1 className="mt-1 text-2xl font-bold text-slate-900 sm:text-3xl">{title}</h1>
    </>
  );
}
