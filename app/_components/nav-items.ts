/**
 * The app shell's navigation. Areas with their own pages (Playground, History, races) add an entry here;
 * `for` limits an entry to teachers or students. Labels are read from the reader's messages when rendered.
 */
import type { Messages } from "@/lib/i18n";

export interface NavItem {
  href: string;
  label: (m: Messages) => string;
  for?: "teacher" | "student";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: (m) => m.common.nav.dashboard },
  { href: "/playground", label: (m) => m.playground.navLabel },
  { href: "/history", label: (m) => m.history.navLabel },
  { href: "/glossary", label: (m) => m.glossary.navLabel },
];
