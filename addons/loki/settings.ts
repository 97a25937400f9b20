import { z } from "zod";
import { positiveInt, storageSize } from "../../model/primitives";

// The settings of loki under `addons.loki` in the stack config.

export const lokiSettings = z.strictObject({
    enabled: z.boolean().describe("Run Loki (monolithic, single tenant) to store the platform's logs."),
    replicas: z.number().int().min(1).max(5).describe("Loki replicas (more than one needs objectStore storage)."),
    storage: z
        .enum(["filesystem", "objectStore"])
        .describe(
            "Where chunks and index live: on Loki's own volume, or \"objectStore\": in `bucket` through backups.objectStore's endpoint and credentials.",
        ),
    bucket: z
        .string()
        .min(3)
        .optional()
        .describe("A bucket of its own (must exist; not the backups bucket, whose prefixes Loki must not touch)."),
    retentionDays: positiveInt.max(3650).describe("Days logs are kept before the compactor deletes them."),
    volumeSize: storageSize.describe("The volume for the write-ahead log and, with filesystem storage, the chunks. Fixed once created."),
});

export type LokiSettings = z.infer<typeof lokiSettings>;
