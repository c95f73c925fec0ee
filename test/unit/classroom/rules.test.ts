import { describe, expect, it } from "vitest";
import { can, joinRefusal } from "@/lib/classroom/rules";

describe("classroom permissions", () => {
  it("let teachers manage and students only view and leave", () => {
    expect([can("teacher", "view"), can("teacher", "manage"), can("teacher", "leave")]).toEqual([true, true, false]);
    expect([can("student", "view"), can("student", "manage"), can("student", "leave")]).toEqual([true, false, true]);
  });
});

describe("joining", () => {
  it("is open unless the classroom is locked or archived, archived taking precedence", () => {
    expect(joinRefusal({ locked: false, archivedAt: null })).toBeNull();
    expect(joinRefusal({ locked: true, archivedAt: null })).toBe("classroom_locked");
    expect(joinRefusal({ locked: false, archivedAt: new Date() })).toBe("classroom_archived");
    expect(joinRefusal({ locked: true, archivedAt: new Date() })).toBe("classroom_archived");
  });
});
