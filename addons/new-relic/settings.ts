import { z } from "zod";
import { secretRef } from "../../model/primitives";

// The settings of new-relic under `addons.newRelic` in the stack config.

export const newRelicSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe(
            "Run New Relic's Kubernetes integration (nri-bundle): infrastructure agent, metadata injection, kube-state-metrics, events.",
        ),
    licenseKey: secretRef.optional().describe("Secret config key holding the New Relic ingest license key (required when enabled)."),
    logs: z.boolean().default(false).describe("Ship container logs too (a Fluent Bit DaemonSet)."),
    lowDataMode: z
        .boolean()
        .default(false)
        .describe("New Relic's low data mode: longer collection intervals and fewer attributes, to cut ingest cost."),
});

export type NewRelicSettings = z.infer<typeof newRelicSettings>;
