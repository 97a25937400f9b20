import { z } from "zod";

// The settings of cloudnative-pg under `addons.cloudnativePg` in the stack config.

export const cloudnativePgSettings = z.strictObject({
    enabled: z.boolean().describe("Run the CloudNativePG operator and the barman-cloud plugin (needed by the `database` section)."),
    replicas: z
        .number()
        .int()
        .min(1)
        .max(3)
        .describe("Replicas of the operator and the plugin (more than one: leader election and a PodDisruptionBudget)."),
});

export type CloudnativePgSettings = z.infer<typeof cloudnativePgSettings>;
