"use client";
/** The solo Playground, for signed-in people only (students and teachers alike). */
import { RequireUser } from "../_components/require-user";
import { Playground } from "./Playground";

export default function PlaygroundPage() {
  return <RequireUser>{() => <Playground />}</RequireUser>;
}
