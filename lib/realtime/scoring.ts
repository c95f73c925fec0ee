/**
 * The scoring area's broadcasts: a race's boards after every verified submission, and the private board when the
 * teacher reveals it. Students only ever receive the public board before the reveal; teachers get both.
 */
import { z } from "zod";
import { ZRaceBoard } from "../scoring/views";
import { defineBroadcasts } from "./protocol";

export const scoringBroadcasts = defineBroadcasts({
  /** A board changed (a verified submission); `board.kind` says which. */
  "board:updated": ZRaceBoard,
  /** The teacher revealed the private board: everyone gets it, with each student's rank change. */
  "board:revealed": ZRaceBoard.extend({ revealedAt: z.string() }),
});
