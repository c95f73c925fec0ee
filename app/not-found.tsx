import Link from "next/link";
import { requestMessages } from "./_lib/request-locale";

export default async function NotFound() {
  const m = await requestMessages();
  return (
    <div className="space-y-4">
      <h1 className="text-3xl font-bold">{m.common.notFoundTitle}</h1>
      <p>{m.common.notFoundBody}</p>
      <Link href="/" className="text-indigo-800 underline">
        {m.common.goHome}
      </Link>
    </div>
  );
}
