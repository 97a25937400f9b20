import { z } from "zod";

// The settings of open-telemetry under `addons.openTelemetry` in the stack config.

export const openTelemetrySettings = z.strictObject({
    enabled: z.boolean().describe("Run the OpenTelemetry Collector gateway: the one OTLP address applications send traces to."),
    replicas: z.number().int().min(1).max(10).describe("Collector replicas behind the gateway Service."),
    tracesEndpoint: z
        .string()
        .regex(/^[a-z0-9.-]+:\d+$/, { error: 'expected host:port such as "otel.example.org:4317"' })
        .optional()
        .describe("OTLP gRPC endpoint (host:port) of another trace backend; the Tempo addon when unset."),
});

export type OpenTelemetrySettings = z.infer<typeof openTelemetrySettings>;
