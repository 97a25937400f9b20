import { z } from "zod";

// The settings of metrics-server under `addons.metricsServer` in the stack config.

export const metricsServerSettings = z.strictObject({
    enabled: z.boolean().describe("Run metrics-server: the resource metrics API behind `kubectl top` and HorizontalPodAutoscalers."),
    replicas: z
        .number()
        .int()
        .min(1)
        .max(5)
        .describe("metrics-server replicas (more than one: a PodDisruptionBudget keeps the API up during node drains)."),
    kubeletInsecureTls: z
        .boolean()
        .default(false)
        .describe(
            "Skip verifying kubelets' certificates: kind and k3d kubelets serve self-signed ones; real clusters should leave this off.",
        ),
});

export type MetricsServerSettings = z.infer<typeof metricsServerSettings>;
