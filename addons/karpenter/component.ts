import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { karpenterAws } from "./aws";
import { defineComponent } from "../../platform/addon";
import type { KarpenterSettings } from "./settings";
import { controllerResources, karpenter, namespaceName } from "./manifest";

// The karpenter ComponentResource; its settings and rules are in ./manifest.ts.

export interface KarpenterArgs {
    cluster: ClusterHandle;
    settings: KarpenterSettings;
}

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
        const cloud = karpenterAws(this, name, {
            clusterName: cluster.name,
            aws: cluster.aws,
            interruptionHandling: settings.interruptionHandling,
        });
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
                    metadataOptions: {
                        httpEndpoint: "enabled",
                        httpProtocolIPv6: "disabled",
                        httpTokens: "required",
                        httpPutResponseHopLimit: 1,
                    },
                    blockDeviceMappings: [
                        {
                            deviceName: "/dev/xvda",
                            ebs: {
                                volumeSize: `${settings.nodePool.diskGiB}Gi`,
                                volumeType: "gp3",
                                encrypted: true,
                                deleteOnTermination: true,
                            },
                        },
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

export const karpenterComponent = defineComponent(
    karpenter,
    (name, ctx) => new Karpenter(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
