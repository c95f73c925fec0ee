/**
 * Who has done the homework: every student of the race's classroom with their submissions so far (lib/race/homework
 * homeworkProgress), read from storage so every server process answers the same. Teachers only: a student sees
 * their own submissions on the race page, never the class's list.
 */
import type { THomeworkProgress } from "@/lib/api/homework";
import { homeworkProgress } from "@/lib/race/homework";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { authorize } from "../services/classrooms";

export async function readHomeworkProgress(ctx: AppContext, userId: string, raceId: string): Promise<THomeworkProgress> {
  const race = await ctx.repos.races.findById(raceId);
  // Outsiders learn nothing about whether the race exists.
  if (!race) throw new AppError("forbidden", { reason: "not_member" });
  await authorize(ctx, race.classroomId, userId, "manage");
  const students = (await ctx.repos.memberships.list(race.classroomId)).filter((m) => m.role === "student");
  const submissions = await ctx.repos.submissions.listForRace(race.id);
  return {
    raceId: race.id,
    limit: race.rules.submissions.limit,
    rows: homeworkProgress(
      students.map((s) => ({ userId: s.userId, displayName: s.displayName })),
      submissions.map((s) => ({ userId: s.userId, publicScore: s.publicScore, createdAt: s.createdAt.getTime() })),
    ),
  };
}
