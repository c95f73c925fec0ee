import Link from "next/link";
import { m } from "./_lib/messages";

export default function NotFound() {
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
