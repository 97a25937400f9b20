import { z } from "zod";

// The settings of alloy under `addons.alloy` in the stack config.

export const alloySettings = z.strictObject({
    enabled: z.boolean().describe("Run Grafana Alloy on every node, shipping pods' logs to Loki."),
});

export type AlloySettings = z.infer<typeof alloySettings>;
