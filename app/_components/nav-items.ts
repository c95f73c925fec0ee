/**
 * The app shell's navigation. Areas with their own pages (Playground, History, races) add an entry here;
 * `for` limits an entry to teachers or students.
 */
import { m } from "../_lib/messages";

export interface NavItem {
  href: string;
  label: string;
  for?: "teacher" | "student";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/dashboard", label: m.common.nav.dashboard },
  { href: "/playground", label: m.playground.navLabel },
  { href: "/history", label: m.history.navLabel },
];
