/**
 * Every JSON API route. A new area declares its endpoints in lib/api/endpoints.ts, adds
 * server/http/routes/<area>.ts exporting its `implement(...)` list, and spreads it here.
 */
import type { Route } from "../route";
import { authRoutes } from "./auth";
import { classroomRoutes } from "./classrooms";
import { datasetRoutes } from "./datasets";
import { healthRoutes } from "./health";
import { historyRoutes } from "./history";
import { homeworkRoutes } from "./homework";
import { recoveryRoutes } from "./recovery";
import { runRoutes } from "./runs";
import { joinRoutes } from "./join";
import { scoringRoutes } from "./scoring";

export const routes: Route[] = [...healthRoutes, ...authRoutes, ...joinRoutes, ...classroomRoutes, ...scoringRoutes, ...homeworkRoutes, ...historyRoutes, ...runRoutes, ...datasetRoutes, ...recoveryRoutes];
