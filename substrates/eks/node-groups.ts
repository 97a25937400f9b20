import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import type { NodePoolHandle } from "../../platform/cluster/handle";
import type { ResolvedEks } from "./manifest";
import type { PlatformConfig } from "../../config/types";

// One EKS managed node group per configured pool, each with its own launch template: IMDSv2 required,
// encrypted gp3 volumes, no SSH key and no remote access (debug through `kubectl debug node/...`).
// The node role gets only what kubelet needs; the VPC CNI's permissions sit on its own workload identity.

type Pool = PlatformConfig["cluster"]["nodePools"][number];

export interface NodeGroupsArgs {
    cluster: aws.eks.Cluster;
    kubernetesVersion: string;
    pools: readonly Pool[];
    eks: ResolvedEks;
    subnetIds: pulumi.Input<string>[];
    partition: pulumi.Output<string>;
    protect: boolean;
    /** What nodes need before they can join: egress routes and the networking add-ons. */
    dependsOn: pulumi.Resource[];
    opts: pulumi.CustomResourceOptions;
}

export interface NodeGroups {
    readonly nodeGroups: aws.eks.NodeGroup[];
    readonly nodePools: NodePoolHandle[];
    readonly role: aws.iam.Role;
}

const taintEffects: Record<string, string> = { NoSchedule: "NO_SCHEDULE", NoExecute: "NO_EXECUTE", PreferNoSchedule: "PREFER_NO_SCHEDULE" };

/**
 * Block devices by AMI family: AL2023 boots from /dev/xvda; Bottlerocket keeps a small OS volume on
 * /dev/xvda and images and ephemeral storage on /dev/xvdb, so the pool's disk size goes there.
 */
export function blockDevices(amiType: string, diskGiB: number): { deviceName: string; volumeSize: number }[] {
    return amiType.startsWith("BOTTLEROCKET")
        ? [
              { deviceName: "/dev/xvda", volumeSize: 4 },
              { deviceName: "/dev/xvdb", volumeSize: diskGiB },
          ]
        : [{ deviceName: "/dev/xvda", volumeSize: diskGiB }];
}

export function eksNodeGroups(name: string, args: NodeGroupsArgs): NodeGroups {
    const { eks, opts } = args;
    const clusterName = args.cluster.name;
    const role = new aws.iam.Role(
        `${name}-node`,
        {
            description: `EKS managed nodes of ${name}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        },
        opts,
    );
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"].map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                `${name}-node-${policy}`,
                { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/${policy}` },
                opts,
            ),
    );

    const nodeGroups: aws.eks.NodeGroup[] = [];
    const nodePools: NodePoolHandle[] = args.pools.map((pool) => {
        const settings = eks.nodePools[pool.name];
        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-${pool.name}`,
            {
                description: `EKS node group ${pool.name} of ${name}`,
                updateDefaultVersion: true,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: "required", // IMDSv2 only
                    httpPutResponseHopLimit: eks.imdsHopLimit,
                },
                blockDeviceMappings: blockDevices(settings.amiType, pool.diskGiB).map(({ deviceName, volumeSize }) => ({
                    deviceName,
                    ebs: { volumeSize, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                })),
                tagSpecifications: ["instance", "volume"].map((resourceType) => ({ resourceType, tags: { Name: `${name}-${pool.name}` } })),
            },
            opts,
        );
        const nodeGroup = new aws.eks.NodeGroup(
            `${name}-${pool.name}`,
            {
                clusterName,
                nodeRoleArn: role.arn,
                subnetIds: args.subnetIds,
                version: pool.kubernetesVersion ?? args.kubernetesVersion,
                amiType: settings.amiType,
                capacityType: settings.capacityType,
                instanceTypes: [pool.size, ...settings.extraInstanceTypes],
                scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.desired },
                updateConfig: { maxUnavailable: settings.maxUnavailable },
                labels: { ...pool.labels },
                taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: taintEffects[t.effect] })),
                // A numbered version: "$Latest" would show a diff on every preview.
                launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
            },
            {
                ...opts,
                protect: args.protect,
                dependsOn: [...attachments, ...args.dependsOn],
                // The Cluster Autoscaler owns the current size; config owns min and max.
                ignoreChanges: ["scalingConfig.desiredSize"],
            },
        );
        nodeGroups.push(nodeGroup);
        return {
            name: pool.name,
            labels: pool.labels,
            taints: pool.taints,
            resources: [nodeGroup],
        };
    });
    return { nodeGroups, nodePools, role };
}
