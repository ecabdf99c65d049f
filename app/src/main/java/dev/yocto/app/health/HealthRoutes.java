package dev.yocto.app.health;

import io.javalin.Javalin;
import java.util.Map;

/** GET /health/ for the ALB and ECS: answers without touching the database. */
public final class HealthRoutes {

    private HealthRoutes() {
    }

    public static void register(Javalin app) {
        app.get("/api/v1/health", ctx -> ctx.json(Map.of("status", "ok")));
    }
}
