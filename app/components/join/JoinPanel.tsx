"use client";
/**
 * How students join, at the size of where it is shown: the code in large type, the link, and the link's QR code.
 * The address comes from the server (PUBLIC_URL or its network address), so it is one students' devices can open;
 * when the server can only offer loopback, the teacher is told why and what to change.
 */
import { useState } from "react";
import { joinLink } from "@/lib/net/join-address";
import { format } from "@/lib/i18n";
import { Button } from "../../_components/form";
import { useI18n } from "../../_lib/i18n";
import { JoinQrCode } from "./JoinQrCode";
import { useJoinAddress } from "./use-join-address";

export function JoinPanel({ code, variant }: { code: string | null | undefined; variant: "card" | "projector" }) {
  const { m, describe } = useI18n();
  const t = m.classroom.join;
  const { address, error } = useJoinAddress();
  const [copied, setCopied] = useState<"copied" | "copyFailed" | null>(null);
  const link = address && code ? joinLink(address.origin, code) : "";
  const big = variant === "projector";

  const qr = link ? <JoinQrCode link={link} label={format(t.qrLabel, { link })} className={big ? "w-[min(34vh,22rem)]" : "w-44"} /> : null;
  const notes = (
    <>
      {error && <p role="alert" className="text-red-800">{describe(error)}</p>}
      {address?.source === "loopback" && (
        <p data-testid="join-loopback" className="rounded bg-amber-100 px-3 py-2 text-amber-950">
          {t.loopback}
        </p>
      )}
      {address && address.alternatives.length > 0 && (
        <p data-testid="join-alternatives" className={`break-words text-slate-700 ${big ? "text-xl" : "text-sm"}`}>
          {format(t.alternatives, { addresses: address.alternatives.join(" · ") })}
        </p>
      )}
    </>
  );

  if (big) {
    return (
      <section aria-labelledby="join-title" data-testid="join-panel" className="flex flex-wrap items-center gap-8 rounded-lg border-2 border-indigo-300 bg-white p-6">
        <div className="min-w-0 flex-1 basis-[24rem] space-y-4">
          <h2 id="join-title" className="text-4xl font-bold">
            {t.title}
          </h2>
          <div>
            <p className="text-2xl font-semibold text-slate-800">{t.openAddress}</p>
            {/* Lines break after the address, never inside it. */}
            <p data-testid="join-link" className="font-mono text-4xl font-bold break-words text-indigo-900">
              {address && code ? (
                <>
                  {address.origin}
                  <wbr />
                  {`/join/${code}`}
                </>
              ) : (
                t.loading
              )}
            </p>
          </div>
          <div>
            <p className="text-2xl font-semibold text-slate-800">{t.code}</p>
            <p data-testid="join-code" className="font-mono text-8xl font-bold tracking-widest">
              {code}
            </p>
          </div>
          {notes}
        </div>
        {qr && (
          <figure className="shrink-0 text-center">
            {qr}
            <figcaption className="mt-2 text-2xl font-semibold">{t.scan}</figcaption>
          </figure>
        )}
      </section>
    );
  }

  return (
    <div className="space-y-3" data-testid="join-panel">
      <div>
        <p className="font-medium">{t.code}</p>
        <p data-testid="join-code" className="font-mono text-5xl font-bold tracking-widest">
          {code}
        </p>
      </div>
      <label htmlFor="join-link" className="block font-medium">
        {t.link}
      </label>
      <input id="join-link" readOnly value={link} onFocus={(e) => e.target.select()} className="w-full rounded border-2 border-slate-500 px-2 py-1 font-mono text-sm" />
      <div className="flex items-center gap-3">
        <Button
          variant="secondary"
          disabled={!link}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(link);
              setCopied("copied");
            } catch {
              setCopied("copyFailed");
            }
          }}
        >
          {t.copyLink}
        </Button>
        <span role="status">{copied && t[copied]}</span>
      </div>
      {qr}
      {notes}
    </div>
  );
}
