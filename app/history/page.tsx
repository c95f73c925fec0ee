"use client";
/** The experiment history list: everything the caller may see, sorted, filtered, searched and paged. */
import { Suspense } from "react";
import { RequireUser } from "../_components/require-user";
import { useI18n } from "../_lib/i18n";
import { HistoryList } from "./HistoryList";

export default function HistoryPage() {
  const { m } = useI18n();
  return (
    <RequireUser>
      {(user) => (
        <Suspense fallback={<p role="status">{m.common.loading}</p>}>
          <HistoryList user={user} />
        </Suspense>
      )}
    </RequireUser>
  );
}
