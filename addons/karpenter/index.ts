import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, nodeImages } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig } from "../../config/types";
import { karpenterAws } from "./aws";

// Karpenter (v1 APIs) on EKS: launches right-sized EC2 nodes for pending pods and consolidates them away.
// The alternative to Cluster Autoscaler; the two never run together. The controller itself runs on the
// managed node groups (the chart keeps it off nodes it manages). Waves: CRD chart, controller, then the
// NodePool and EC2NodeClass — which depend on the controller so that on teardown they go first, while
// the controller can still drain and terminate their nodes.

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, { error: 'expected a Kubernetes quantity such as "100" or "400Gi"' });

export const karpenterSettings = z.strictObject({
    enabled: z.boolean().describe("Run Karpenter on EKS: right-sized EC2 nodes for pending pods, consolidated away when idle (never with clusterAutoscaler)."),
    replicas: z.number().int().min(1).max(3).describe("Controller replicas (one leader; the others take over)."),
    amiAlias: z
        .string()
        .regex(/^(al2023|bottlerocket)@v?[0-9.]+$/, { error: 'expected a pinned AMI alias such as "al2023@v20260423"' })
        .default(nodeImages.karpenterAl2023)
        .describe("EKS-optimized AMI alias, pinned (an @latest alias would roll every node on each AMI release). Changing it rolls every Karpenter node."),
    interruptionHandling: z
        .boolean()
        .default(true)
        .describe("Handle Spot interruptions, rebalance recommendations and AWS Health events through an SQS queue."),
    nodePool: z
        .strictObject({
            capacityTypes: z.array(z.enum(["on-demand", "spot", "reserved"])).min(1).describe("Capacity types Karpenter may buy."),
            architectures: z.array(z.enum(["amd64", "arm64"])).min(1).default(["amd64"]).describe("CPU architectures of the nodes."),
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

export interface KarpenterArgs {
    cluster: ClusterHandle;
    settings: KarpenterSettings;
}

const namespaceName = "karpenter";
/** The getting-started guide's sizing: requests equal limits so the controller is never evicted first. */
const controllerResources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } };
const serviceAccount = "karpenter";
const nodeClassName = "default";

export class Karpenter extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly nodeRoleName: pulumi.Output<string>;
    readonly interruptionQueue: pulumi.Output<string> | undefined;
    readonly nodePoolName: string;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Karpenter", name, {}, opts);
        const { settings, cluster } = args;
        if (!cluster.aws || !cluster.workloadIdentity) throw new Error("internal: karpenter needs an EKS cluster with workload identity");
        const ns = platformNamespace(this, name, { name: namespaceName, kubernetesVersion: cluster.kubernetesVersion });
        const cloud = karpenterAws(this, name, { clusterName: cluster.name, aws: cluster.aws, interruptionHandling: settings.interruptionHandling });
        const identity = cluster.workloadIdentity.bind(this, {
            name,
            namespace: namespaceName,
            serviceAccount,
            managedPolicyArns: cloud.controllerPolicies.map((p) => p.arn),
        });
        // CRDs as templates of their own chart, so Helm upgrades them; the controller chart skips its copy.
        const crds = helmRelease(this, { chart: charts.karpenterCrd, namespace: ns.metadata.name, values: {} });
        const controller = helmRelease(this, {
            chart: charts.karpenter,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds, ...identity.resources, ...cloud.resources],
            values: {
                settings: {
                    clusterName: cluster.name,
                    clusterEndpoint: cluster.endpoint,
                    interruptionQueue: cloud.queue?.name ?? "",
                },
                serviceAccount: { create: true, name: serviceAccount, annotations: identity.serviceAccountAnnotations },
                replicas: settings.replicas,
                controller: {
                    resources: controllerResources,
                    // Karpenter asks instance metadata for its region when none is set, which a one-hop IMDS
                    // limit (cluster.eks.imdsHopLimit) denies to pods.
                    env: [{ name: "AWS_REGION", value: cluster.aws.region }],
                },
            },
        });
        const ready = [crds, controller];

        const discovery = { "karpenter.sh/discovery": cluster.name };
        new k8s.apiextensions.CustomResource(
            `${name}-node-class`,
            {
                apiVersion: "karpenter.k8s.aws/v1",
                kind: "EC2NodeClass",
                metadata: { name: nodeClassName },
                spec: {
                    role: cloud.nodeRole.name,
                    amiSelectorTerms: [{ alias: settings.amiAlias }],
                    // The EKS substrate tags the private subnets and the node security group with this.
                    subnetSelectorTerms: [{ tags: discovery }],
                    securityGroupSelectorTerms: [{ tags: discovery }],
                    // IMDSv2 only, one hop: pods get credentials from workload identity, never from the node role.
                    metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                    blockDeviceMappings: [
                        { deviceName: "/dev/xvda", ebs: { volumeSize: `${settings.nodePool.diskGiB}Gi`, volumeType: "gp3", encrypted: true, deleteOnTermination: true } },
                    ],
                    tags: { "karpenter.sh/discovery": cluster.name },
                },
            },
            { parent: this, dependsOn: [...ready, cloud.accessEntry] },
        );

        const pool = settings.nodePool;
        this.nodePoolName = "default";
        new k8s.apiextensions.CustomResource(
            `${name}-node-pool`,
            {
                apiVersion: "karpenter.sh/v1",
                kind: "NodePool",
                metadata: { name: this.nodePoolName },
                spec: {
                    template: {
                        spec: {
                            nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: nodeClassName },
                            requirements: [
                                { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                                { key: "kubernetes.io/arch", operator: "In", values: pool.architectures },
                                { key: "karpenter.sh/capacity-type", operator: "In", values: pool.capacityTypes },
                                { key: "karpenter.k8s.aws/instance-category", operator: "In", values: pool.instanceCategories },
                                { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["4"] },
                            ],
                            expireAfter: pool.expireAfter,
                        },
                    },
                    limits: { cpu: pool.limits.cpu, memory: pool.limits.memory },
                    disruption: { consolidationPolicy: pool.consolidationPolicy, consolidateAfter: pool.consolidateAfter },
                },
            },
            { parent: this, dependsOn: ready },
        );

        this.namespace = ns.metadata.name;
        this.nodeRoleName = cloud.nodeRole.name;
        this.interruptionQueue = cloud.queue?.name;
        this.registerOutputs({ namespace: this.namespace, nodeRoleName: this.nodeRoleName, interruptionQueue: this.interruptionQueue });
    }
}

export function karpenterProblems(_settings: KarpenterSettings, config: PlatformConfig): string[] {
    return config.addons.clusterAutoscaler.enabled
        ? ["addons.clusterAutoscaler.enabled: expected false when addons.karpenter is enabled (one node autoscaler per cluster), got true"]
        : [];
}

export const karpenter = defineAddon({
    key: "karpenter",
    description: "Karpenter: right-sized EC2 nodes for pending pods, consolidation, Spot interruption handling",
    settings: karpenterSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.karpenterCrd, charts.karpenter],
    defaults: {
        dev: { enabled: false, replicas: 1, nodePool: { capacityTypes: ["spot", "on-demand"], architectures: ["amd64"], instanceCategories: ["c", "m", "r"], limits: { cpu: "32", memory: "128Gi" }, consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", expireAfter: "720h", diskGiB: 50 } },
        prod: { enabled: false, replicas: 2, nodePool: { capacityTypes: ["on-demand"], architectures: ["amd64"], instanceCategories: ["c", "m", "r"], limits: { cpu: "256", memory: "1024Gi" }, consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "5m", expireAfter: "720h", diskGiB: 50 } },
    },
    substrates: ["eks"],
    validate: karpenterProblems,
    // The chart's default affinity: one controller per node (required anti-affinity), never on its own nodes.
    pods: (settings) => [{ what: "the Karpenter controller", setting: "addons.karpenter.replicas", replicas: settings.replicas, requests: controllerResources.requests, onePerNode: true }],
    flows: () => [
        {
            namespace: namespaceName,
            ingress: [{ peer: "apiServer", ports: [8443] }, { peer: "monitoring", ports: [8080] }],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
    create: (name, ctx) => new Karpenter(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
