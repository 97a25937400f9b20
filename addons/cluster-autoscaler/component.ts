import * as pulumi from "@pulumi/pulumi";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, clusterAutoscalerImages } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { awsPartition } from "../../model/aws-arn";
import { defineComponent } from "../../platform/addon";
import type { ClusterAutoscalerSettings } from "./settings";
import { autoscalerResources, clusterAutoscaler, namespaceName } from "./manifest";

// The cluster-autoscaler ComponentResource; its settings and rules are in ./manifest.ts.

/** ASG tags auto-discovery matches; EKS managed node groups carry both (value "true" and "owned"). */
export function autoDiscoveryTags(clusterName: string): Record<string, string> {
    return { "k8s.io/cluster-autoscaler/enabled": "true", [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned" };
}

/** Least privilege: resize only this cluster's tagged groups; read-only calls cannot be scoped by tag. */
export function clusterAutoscalerPolicy(args: { clusterName: string; region: string; accountId: string }): string {
    const partition = awsPartition(args.region);
    const tagConditions = Object.fromEntries(
        Object.entries(autoDiscoveryTags(args.clusterName)).map(([k, v]) => [`aws:ResourceTag/${k}`, v]),
    );
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ResizeOwnNodeGroups",
                Effect: "Allow",
                Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                Resource: "*",
                Condition: { StringEquals: tagConditions },
            },
            {
                Sid: "DescribeScalingInputs",
                Effect: "Allow",
                Action: [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                ],
                Resource: "*",
            },
            {
                // Labels and taints of managed node groups, for scaling up from zero.
                Sid: "DescribeOwnNodeGroups",
                Effect: "Allow",
                Action: ["eks:DescribeNodegroup"],
                Resource: `arn:${partition}:eks:${args.region}:${args.accountId}:nodegroup/${args.clusterName}/*`,
            },
        ],
    });
}

export interface ClusterAutoscalerArgs {
    cluster: ClusterHandle;
    settings: ClusterAutoscalerSettings;
}

const serviceAccount = "cluster-autoscaler";

export class ClusterAutoscaler extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    /** The image tag matched to the control plane's minor. */
    readonly imageTag: string;

    constructor(name: string, args: ClusterAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:ClusterAutoscaler", name, {}, opts);
        const { settings, cluster } = args;
        const aws = cluster.aws;
        if (!aws || !cluster.workloadIdentity) throw new Error("internal: cluster-autoscaler needs an EKS cluster with workload identity");
        const image = clusterAutoscalerImages[cluster.kubernetesVersion];
        if (!image) throw new Error(`internal: no Cluster Autoscaler image for Kubernetes ${cluster.kubernetesVersion}`); // refused by the config rules
        const ns = platformNamespace(this, name, { name: namespaceName, kubernetesVersion: cluster.kubernetesVersion });
        const identity = cluster.workloadIdentity.bind(this, {
            name,
            namespace: namespaceName,
            serviceAccount,
            policy: aws.accountId.apply((accountId) =>
                clusterAutoscalerPolicy({ clusterName: cluster.name, region: aws.region, accountId }),
            ),
        });
        helmRelease(this, {
            chart: charts.clusterAutoscaler,
            namespace: ns.metadata.name,
            // The role (and its Pod Identity association) must exist before the pod asks for credentials.
            dependsOn: [...identity.resources],
            values: {
                cloudProvider: "aws",
                awsRegion: aws.region,
                fullnameOverride: "cluster-autoscaler",
                // The chart's default tags are the two auto-discovery tags for this cluster name.
                autoDiscovery: { clusterName: cluster.name },
                image: { repository: image.image, tag: image.tag },
                replicaCount: settings.replicas,
                rbac: { serviceAccount: { create: true, name: serviceAccount, annotations: identity.serviceAccountAnnotations } },
                extraArgs: {
                    logtostderr: true,
                    stderrthreshold: "info",
                    v: 4,
                    expander: settings.expander,
                    "balance-similar-node-groups": true,
                    "skip-nodes-with-system-pods": false,
                    "skip-nodes-with-local-storage": false,
                    "scale-down-unneeded-time": settings.scaleDownUnneededTime,
                },
                resources: autoscalerResources,
                // The chart sets no security context; these satisfy the namespace's "restricted" level.
                securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: "RuntimeDefault" } },
                containerSecurityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                },
            },
        });
        this.namespace = ns.metadata.name;
        this.roleArn = identity.roleArn;
        this.imageTag = image.tag;
        this.registerOutputs({ namespace: this.namespace, roleArn: this.roleArn, imageTag: this.imageTag });
    }
}

export const clusterAutoscalerComponent = defineComponent(
    clusterAutoscaler,
    (name, ctx) => new ClusterAutoscaler(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
