import { z } from "zod";
import { storageSize } from "../../model/primitives";

// The settings of valkey under `addons.valkey` in the stack config.

export const valkeySettings = z.strictObject({
    enabled: z.boolean().describe("Run Valkey, the Redis-compatible cache, with a generated password for the `default` user."),
    replicas: z
        .number()
        .int()
        .min(0)
        .max(5)
        .describe("Read replicas besides the primary; 0 = standalone. A lost primary is rescheduled, not failed over."),
    storage: storageSize.describe("Data volume of each Valkey pod. Fixed once created."),
    storageClass: z
        .string()
        .min(1)
        .optional()
        .describe("StorageClass of the volumes; the substrate's storage class when unset. Fixed once created."),
});

export type ValkeySettings = z.infer<typeof valkeySettings>;
