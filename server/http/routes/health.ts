import { defineRoute } from "../route";

/**
 * For load balancers and monitoring: is the process up and are the services it needs answering? The database
 * always; Redis when the deployment uses it (`redis` is absent without REDIS_URL). 503 when one is down, so a
 * load balancer sends students to a process that can serve them.
 */
export const healthRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/health",
    auth: "public",
    duringPasswordChange: true,
    async handle({ ctx }) {
      const [db, redis] = await Promise.all([
        ctx.database.ping().then(
          () => true,
          (error: unknown) => {
            ctx.burstLog.error("health: database", "health check: database unreachable", { error });
            return false;
          },
        ),
        ctx.redis?.health(),
      ]);
      const ok = db && redis !== "down";
      return {
        status: ok ? 200 : 503,
        data: { ok, db: ctx.database.provider, ...(redis ? { redis } : {}), version: ctx.config.version },
        bare: true,
      };
    },
  }),
];
