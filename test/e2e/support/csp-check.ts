/** Setup file of the e2e project: after each file's journeys, no page or worker met the Content-Security-Policy. */
import { afterAll, expect } from "vitest";
import { cspViolations } from "./browser";

afterAll(() => {
  expect(cspViolations, "Content-Security-Policy violations during the journeys").toEqual([]);
});
