import { z } from "zod";

// The settings of keda under `addons.keda` in the stack config.

export const kedaSettings = z.strictObject({
    enabled: z.boolean().describe("Run KEDA: scale workloads on queue length and other event sources (ScaledObjects)."),
    replicas: z.number().int().min(1).max(3).describe("Replicas of the KEDA operator and its metrics API server."),
});

export type KedaSettings = z.infer<typeof kedaSettings>;
