import { z } from "zod";
import { positiveInt, storageSize } from "../../model/primitives";

// The settings of tempo under `addons.tempo` in the stack config.

export const tempoSettings = z.strictObject({
    enabled: z.boolean().describe("Run Tempo (single binary), the default trace backend, as a Grafana data source."),
    retentionHours: positiveInt.max(24 * 90).describe("Hours traces are kept."),
    volumeSize: storageSize.describe("Tempo's trace volume. Fixed once created."),
});

export type TempoSettings = z.infer<typeof tempoSettings>;
