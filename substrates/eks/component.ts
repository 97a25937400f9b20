import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import { capabilitiesOf } from "../../config/capabilities";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { clusterProvider } from "../../platform/cluster/provider";
import { resolveEks } from "./manifest";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { eksControlPlane } from "./control-plane";
import { eksKubeconfig } from "./kubeconfig";
import { networkingAddons, podIdentityAgent, workloadAddons } from "./managed-addons";
import { eksNetwork } from "./network";
import { eksNodeGroups } from "./node-groups";
import { EksWorkloadIdentity } from "./workload-identity";

// Substrate "eks" (the EKS reference platform): VPC, control plane, managed add-ons, node groups and workload identity on
// plain @pulumi/aws resources, so every setting shows in the plan and the policies can check it.
// Creation order: network -> control plane -> pod identity agent, VPC CNI, kube-proxy -> node groups ->
// CoreDNS, EBS CSI -> the Kubernetes provider (which every platform object waits for).

export interface EksClusterArgs {
    config: PlatformConfig;
    secrets: SecretReader;
}

export class EksCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:EksCluster", name, {}, opts);
        const { config } = args;
        const eks = resolveEks(config);
        const version = config.cluster.kubernetesVersion;

        // One provider per cluster: the region comes from cluster.eks.region, not from ambient AWS config.
        const awsProvider = new aws.Provider(
            `${name}-aws`,
            {
                region: eks.region,
                defaultTags: { tags: { "groundwork:cluster": name, "groundwork:environment": config.environment, "managed-by": "pulumi" } },
            },
            { parent: this },
        );
        const childOpts: pulumi.CustomResourceOptions = { parent: this, provider: awsProvider };
        const invokeOpts = { parent: this, provider: awsProvider };
        const partition = aws.getPartitionOutput({}, invokeOpts).partition;
        const accountId = aws.getCallerIdentityOutput({}, invokeOpts).accountId;

        const network = eksNetwork(name, {
            clusterName: name,
            nodeCidr: config.network.nodeCidr,
            eks,
            accountId,
            partition,
            opts: childOpts,
        });
        const controlPlane = eksControlPlane(name, {
            clusterName: name,
            kubernetesVersion: version,
            serviceCidr: config.network.serviceCidr,
            eks,
            subnetIds: network.privateSubnetIds,
            partition,
            protect: config.protect,
            opts: childOpts,
        });
        const { cluster } = controlPlane;
        // Karpenter finds the security group for its nodes by this tag (the subnets carry it too).
        new aws.ec2.Tag(
            `${name}-cluster-sg-discovery`,
            { resourceId: cluster.vpcConfig.clusterSecurityGroupId, key: "karpenter.sh/discovery", value: name },
            childOpts,
        );
        const oidcIssuerUrl = cluster.identities.apply((ids) => ids[0]?.oidcs?.[0]?.issuer ?? "");
        const oidcProvider =
            eks.workloadIdentity === "irsa"
                ? new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: oidcIssuerUrl, clientIdLists: ["sts.amazonaws.com"] }, childOpts)
                : undefined;

        const addonArgs = { cluster, kubernetesVersion: version, partition, opts: childOpts };
        const agent = podIdentityAgent(name, addonArgs);
        const identity = new EksWorkloadIdentity({
            mode: eks.workloadIdentity,
            clusterName: name,
            clusterArn: cluster.arn,
            eksClusterName: cluster.name,
            oidcProviderArn: oidcProvider?.arn,
            oidcIssuerUrl,
            provider: awsProvider,
            dependsOn: [agent],
        });
        const identityArgs = { identity, mode: eks.workloadIdentity, scope: this };
        const networking = networkingAddons(name, { ...addonArgs, ...identityArgs });
        const nodes = eksNodeGroups(name, {
            cluster,
            kubernetesVersion: version,
            pools: config.cluster.nodePools,
            eks,
            subnetIds: network.privateSubnetIds,
            partition,
            protect: config.protect,
            dependsOn: [...network.egress, agent, ...networking],
            opts: childOpts,
        });
        // Volumes encrypted with a customer key (addons.ebsStorage.kmsKeyId) need the driver to use that key.
        const ebsStorage = config.addons.ebsStorage;
        const ebsKmsKeyArn = ebsStorage?.enabled ? ebsStorage.kmsKeyId : undefined;
        const workloads = workloadAddons(name, { ...addonArgs, ...identityArgs, nodeGroups: nodes.nodeGroups, ebsKmsKeyArn });

        const kubeconfig = eksKubeconfig({
            clusterName: name,
            region: eks.region,
            endpoint: cluster.endpoint,
            certificateAuthority: cluster.certificateAuthority.data,
        });
        const ready: pulumi.Resource[] = [cluster, ...nodes.nodeGroups, agent, ...networking, ...workloads, ...controlPlane.access];
        const provider = clusterProvider(this, name, { clusterName: name, kubeconfig, nodes: ready });

        const route53 = config.dns.provider === "route53" && config.dns.zone;
        const hostedZoneId = route53
            ? eks.hostedZoneId
                ? pulumi.output(eks.hostedZoneId)
                : aws.route53.getZoneOutput({ name: config.dns.zone, privateZone: false }, invokeOpts).zoneId
            : undefined;

        this.handle = {
            name,
            substrate: "eks",
            kubernetesVersion: version,
            kubeconfig,
            endpoint: cluster.endpoint,
            provider,
            capabilities: capabilitiesOf(config),
            nodePools: nodes.nodePools,
            ready: [provider],
            workloadIdentity: identity,
            aws: {
                region: eks.region,
                accountId,
                vpcId: network.vpcId,
                oidcIssuerUrl,
                clusterArn: cluster.arn,
                eksClusterName: cluster.name,
                oidcProviderArn: oidcProvider?.arn,
                hostedZoneId,
                provider: awsProvider,
            },
        };
        this.registerOutputs({ name, endpoint: cluster.endpoint, vpcId: network.vpcId });
    }
}
