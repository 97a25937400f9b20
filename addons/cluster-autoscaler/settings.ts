import { z } from "zod";

// The settings of cluster-autoscaler under `addons.clusterAutoscaler` in the stack config.

export const clusterAutoscalerSettings = z.strictObject({
    enabled: z.boolean().describe("Run Cluster Autoscaler on EKS: grow and shrink the managed node groups between their min and max."),
    replicas: z.number().int().min(1).max(3).describe("Replicas (one leader; the others take over)."),
    expander: z
        .enum(["least-waste", "random", "most-pods", "priority", "price"])
        .default("least-waste")
        .describe("How to pick the node group to grow: least-waste keeps bin-packing tight."),
    scaleDownUnneededTime: z
        .string()
        .regex(/^\d+[smh]$/, { error: 'expected a duration such as "10m"' })
        .default("10m")
        .describe('How long a node must be unneeded before it is removed, e.g. "10m".'),
});

export type ClusterAutoscalerSettings = z.infer<typeof clusterAutoscalerSettings>;
