import { defineRoute } from "../route";

/** For load balancers and the README's smoke test: is the process up and its database answering? */
export const healthRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/health",
    auth: "public",
    async handle({ ctx }) {
      let db = true;
      try {
        await ctx.database.ping();
      } catch (error) {
        db = false;
        ctx.logger.error("health check: database unreachable", { error });
      }
      return {
        status: db ? 200 : 503,
        data: { ok: db, db: ctx.database.provider, version: ctx.config.version },
        bare: true,
      };
    },
  }),
];
