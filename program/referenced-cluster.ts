import * as pulumi from "@pulumi/pulumi";
import * as aws from "../platform/aws-sdk";
import { capabilitiesOf } from "../config/capabilities";
import { EksWorkloadIdentity } from "../substrates/eks/workload-identity";
import type { ClusterHandle } from "../platform/cluster/handle";
import { clusterProvider } from "../platform/cluster/provider";
import { GroundworkStack } from "./reference";
import { resolveEks } from "../substrates/eks/manifest";
import type { PlatformConfig } from "../config/types";

// The platform half of a split deployment: the cluster was built by another stack (`stackRole: cluster`)
// from the same settings. What follows from those settings (capabilities, pools, region) is computed here
// as the cluster stack computed it; what only exists once the cluster does (kubeconfig, ARNs, network ids)
// is read from the cluster stack's typed outputs, secrets staying secrets.

export class ReferencedCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, args: { config: PlatformConfig }, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:ReferencedCluster", name, {}, opts);
        const { config } = args;
        const stack = new GroundworkStack(`${name}-cluster-stack`, config.clusterStack!, { parent: this });
        const kubeconfig = stack.get("kubeconfig");
        const provider = clusterProvider(this, name, { clusterName: config.cluster.name, kubeconfig });
        const facts = stack.get("clusterFacts");
        const fact = (read: (f: NonNullable<typeof facts extends pulumi.Output<infer F> ? F : never>) => string | undefined) =>
            facts.apply((f) => read(f) ?? "");

        let awsInfo: ClusterHandle["aws"];
        let workloadIdentity: ClusterHandle["workloadIdentity"];
        if (config.substrate === "eks") {
            const eks = resolveEks(config);
            const awsProvider = new aws.Provider(`${name}-aws`, { region: eks.region }, { parent: this });
            const clusterArn = fact((f) => f.aws?.clusterArn);
            const eksClusterName = fact((f) => f.aws?.eksClusterName);
            const oidcIssuerUrl = fact((f) => f.aws?.oidcIssuerUrl);
            const oidcProviderArn = eks.workloadIdentity === "irsa" ? fact((f) => f.aws?.oidcProviderArn) : undefined;
            awsInfo = {
                region: eks.region,
                accountId: fact((f) => f.aws?.accountId),
                vpcId: fact((f) => f.aws?.vpcId),
                oidcIssuerUrl,
                clusterArn,
                eksClusterName,
                oidcProviderArn,
                hostedZoneId: config.dns.provider === "route53" ? fact((f) => f.aws?.hostedZoneId) : undefined,
                provider: awsProvider,
            };
            workloadIdentity = new EksWorkloadIdentity({
                mode: eks.workloadIdentity,
                clusterName: config.cluster.name,
                clusterArn,
                eksClusterName,
                oidcProviderArn,
                oidcIssuerUrl,
                provider: awsProvider,
            });
        }

        const cloud = config.cluster.magnum?.cloud ?? config.cluster.nova?.cloud;
        this.handle = {
            name: config.cluster.name,
            substrate: config.substrate,
            kubernetesVersion: config.cluster.kubernetesVersion,
            kubeconfig,
            endpoint: stack.get("endpoint"),
            provider,
            capabilities: capabilitiesOf(config),
            nodePools: config.cluster.nodePools.map((pool) => ({
                name: pool.name,
                labels: pool.labels,
                taints: pool.taints,
                resources: [],
            })),
            ready: [provider],
            workloadIdentity,
            aws: awsInfo,
            openstack:
                cloud && (config.substrate === "magnum" || config.substrate === "nova")
                    ? {
                          authUrl: cloud.authUrl,
                          region: cloud.region,
                          cloudConfig: stack.get("openstackCloudConfig").apply((c) => c ?? ""),
                          networkId: fact((f) => f.openstack?.networkId),
                          subnetId: fact((f) => f.openstack?.subnetId),
                          floatingNetworkId: fact((f) => f.openstack?.floatingNetworkId),
                          cloudProviderManaged: config.substrate === "magnum",
                      }
                    : undefined,
        };
        this.registerOutputs({ clusterStack: config.clusterStack });
    }
}
