import { z } from "zod";
import { positiveInt, storageSize } from "../../model/primitives";

// The settings of redpanda under `addons.redpanda` in the stack config.

export const redpandaSettings = z.strictObject({
    enabled: z.boolean().describe("Run Redpanda, a Kafka-compatible queue with TLS from cert-manager, inside the cluster only."),
    replicas: z
        .number()
        .int()
        .min(1)
        .max(9)
        .describe("Brokers, each on its own volume; three or more let a Raft majority survive a lost node."),
    storage: storageSize.describe("Data volume of each broker. Fixed once created."),
    storageClass: z
        .string()
        .min(1)
        .optional()
        .describe("StorageClass of the broker volumes; the substrate's storage class when unset. Fixed once created."),
    cpuCores: positiveInt.max(64).describe("CPU cores per broker (Redpanda runs one thread per core)."),
    memory: z
        .string()
        .regex(/^\d+(\.\d+)?(Mi|Gi)$/, { error: 'expected a memory size such as "2.5Gi"' })
        .describe('Container memory limit of each broker, e.g. "2.5Gi".'),
});

export type RedpandaSettings = z.infer<typeof redpandaSettings>;
