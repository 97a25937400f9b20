import { z } from "zod";
import { nodeImages } from "../../model/versions";

// The settings of karpenter under `addons.karpenter` in the stack config.

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, { error: 'expected a Kubernetes quantity such as "100" or "400Gi"' });

export const karpenterSettings = z.strictObject({
    enabled: z
        .boolean()
        .describe(
            "Run Karpenter on EKS: right-sized EC2 nodes for pending pods, consolidated away when idle (never with clusterAutoscaler).",
        ),
    replicas: z.number().int().min(1).max(3).describe("Controller replicas (one leader; the others take over)."),
    amiAlias: z
        .string()
        .regex(/^(al2023|bottlerocket)@v?[0-9.]+$/, { error: 'expected a pinned AMI alias such as "al2023@v20260423"' })
        .default(nodeImages.karpenterAl2023)
        .describe(
            "EKS-optimized AMI alias, pinned (an @latest alias would roll every node on each AMI release). Changing it rolls every Karpenter node.",
        ),
    interruptionHandling: z
        .boolean()
        .default(true)
        .describe("Handle Spot interruptions, rebalance recommendations and AWS Health events through an SQS queue."),
    nodePool: z
        .strictObject({
            capacityTypes: z
                .array(z.enum(["on-demand", "spot", "reserved"]))
                .min(1)
                .describe("Capacity types Karpenter may buy."),
            architectures: z
                .array(z.enum(["amd64", "arm64"]))
                .min(1)
                .default(["amd64"])
                .describe("CPU architectures of the nodes."),
            instanceCategories: z
                .array(z.enum(["c", "m", "r", "t", "i", "d"]))
                .min(1)
                .default(["c", "m", "r"])
                .describe("EC2 instance categories (c compute, m general, r memory, t burstable, i/d storage)."),
            limits: z
                .strictObject({
                    cpu: quantity.describe('Total CPU cores of all Karpenter nodes, e.g. "100".'),
                    memory: quantity.describe('Total memory of all Karpenter nodes, e.g. "400Gi".'),
                })
                .describe("Upper bound on all nodes' capacity together: a runaway deployment cannot buy unlimited EC2."),
            consolidationPolicy: z
                .enum(["WhenEmpty", "WhenEmptyOrUnderutilized"])
                .default("WhenEmptyOrUnderutilized")
                .describe("Which nodes Karpenter removes or replaces with cheaper ones: only empty ones, or underutilized ones too."),
            consolidateAfter: z
                .string()
                .regex(/^\d+[smh]$/, { error: 'expected a duration such as "1m"' })
                .default("1m")
                .describe('How long a node must be consolidatable before Karpenter acts, e.g. "1m".'),
            expireAfter: z
                .string()
                .regex(/^\d+h$/, { error: 'expected hours such as "720h"' })
                .default("720h")
                .describe('Nodes are replaced after this age in hours, e.g. "720h", picking up new AMIs and patches.'),
            diskGiB: z.number().int().min(20).max(16384).default(50).describe("Root volume of each node, in GiB."),
        })
        .describe("The one NodePool and its EC2NodeClass."),
});

export type KarpenterSettings = z.infer<typeof karpenterSettings>;
