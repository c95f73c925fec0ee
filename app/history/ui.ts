/** What the history pages share besides data: the file download and the controls' styles. */
import { CSV_BOM } from "@/lib/history/csv";

/** Offers text or bytes as a file download (CSV, JSON, weights) without a round trip. */
export function downloadFile(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A CSV download, with the byte order mark spreadsheets need to read UTF-8 (Japanese headers, names). */
export function downloadCsv(name: string, csv: string): void {
  downloadFile(name, `${CSV_BOM}${csv}`, "text/csv;charset=utf-8");
}

export const buttonClass =
  "inline-flex items-center rounded-md border border-slate-500 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50";
export const primaryButtonClass =
  "inline-flex items-center rounded-md bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50";
export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-500 bg-white px-2 py-1.5 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-700";
export const cardClass = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
