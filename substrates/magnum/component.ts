import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { capabilitiesOf } from "../../config/capabilities";
import type { ClusterHandle, NodePoolHandle } from "../../platform/cluster/handle";
import { replacementGuard } from "./replacement";
import { magnumSpec } from "./spec";
import { cloudConfig } from "../openstack/cloud";
import { clusterProvider } from "../../platform/cluster/provider";
import type { PlatformConfig, SecretReader } from "../../config/types";

// A Kubernetes cluster that OpenStack Magnum builds (the Magnum (Jetstream2) reference platform on Jetstream2) with a Cluster API driver:
// a versioned ClusterTemplate, the Cluster (control plane + the default worker group = first node pool)
// and one NodeGroup per further pool. Magnum deploys the cloud-controller-manager and Cinder CSI itself.

export interface MagnumClusterArgs {
    config: PlatformConfig;
    secrets: SecretReader;
}

/** The Magnum cluster's kubeconfig map uses the provider's snake_case keys; the Pulumi docs say camelCase. */
export function rawKubeconfig(map: Record<string, string> | undefined): string {
    return map?.raw_config ?? map?.rawConfig ?? "";
}

export class MagnumCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, args: MagnumClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:MagnumCluster", name, {}, opts);
        const { config, secrets } = args;
        const magnum = config.cluster.magnum!; // required for this substrate by the config rules
        const spec = magnumSpec(config);
        const guard = replacementGuard(config, spec);

        // Immutable and versioned: a change is a new template (new name), created before the cluster moves
        // to it; the old one is deleted only after, when no cluster references it any more.
        const template = new openstack.containerinfra.ClusterTemplate(
            `${name}-template`,
            { ...spec.template, labels: { ...spec.template.labels }, public: false, hidden: false, region: magnum.cloud.region },
            { parent: this, replaceOnChanges: ["*"], deleteBeforeReplace: false },
        );

        const cluster = new openstack.containerinfra.Cluster(
            name,
            { ...spec.cluster, clusterTemplateId: template.id, region: magnum.cloud.region },
            {
                parent: this,
                // Prod protects the cluster; an acknowledged replacement (intendedReplacement) lifts it for that run.
                protect: config.protect && !guard.acknowledged,
                // A replacement builds the new cluster before deleting the old one (blue/green), never the reverse.
                deleteBeforeReplace: false,
                customTimeouts: { create: "90m", update: "60m", delete: "45m" },
            },
        );

        const nodeGroups = spec.nodeGroups.map(
            (ng) =>
                new openstack.containerinfra.NodeGroup(
                    `${name}-${ng.pool}`,
                    {
                        clusterId: cluster.id,
                        name: ng.name,
                        role: ng.role,
                        flavorId: ng.flavorId,
                        labels: { ...ng.labels },
                        mergeLabels: ng.mergeLabels,
                        minNodeCount: ng.minNodeCount,
                        maxNodeCount: ng.maxNodeCount,
                        nodeCount: ng.nodeCount,
                        region: magnum.cloud.region,
                    },
                    {
                        parent: this,
                        protect: config.protect && !guard.acknowledged,
                        deleteBeforeReplace: false,
                        customTimeouts: { create: "60m", update: "60m", delete: "30m" },
                    },
                ),
        );

        const kubeconfig = pulumi.secret(cluster.kubeconfig.apply(rawKubeconfig));
        const nodes = [cluster, ...nodeGroups];
        const provider = clusterProvider(this, name, { clusterName: config.cluster.name, kubeconfig, nodes });

        const externalNetwork = openstack.networking.getNetworkOutput(
            { name: magnum.externalNetwork, region: magnum.cloud.region },
            { parent: this },
        );
        const fixedNetwork = magnum.network
            ? openstack.networking.getNetworkOutput({ name: magnum.network.fixedNetwork, region: magnum.cloud.region }, { parent: this })
            : undefined;
        const fixedSubnet = magnum.network
            ? openstack.networking.getSubnetOutput({ name: magnum.network.fixedSubnet, region: magnum.cloud.region }, { parent: this })
            : undefined;

        const [defaultPool, ...extraPools] = config.cluster.nodePools;
        const nodePools: NodePoolHandle[] = [
            { name: defaultPool.name, labels: {}, taints: [], resources: [cluster] },
            ...extraPools.map((pool, i) => ({ name: pool.name, labels: {}, taints: [], resources: [nodeGroups[i]] })),
        ];

        this.handle = {
            name: config.cluster.name,
            substrate: "magnum",
            kubernetesVersion: config.cluster.kubernetesVersion,
            kubeconfig,
            endpoint: cluster.apiAddress,
            provider,
            capabilities: capabilitiesOf(config),
            nodePools,
            ready: nodes,
            openstack: {
                authUrl: magnum.cloud.authUrl,
                region: magnum.cloud.region,
                cloudConfig: cloudConfig({ cloud: magnum.cloud, secrets }),
                // Without an existing network Magnum creates one; the Cluster resource does not export its id.
                networkId: fixedNetwork ? fixedNetwork.id : pulumi.output(""),
                subnetId: fixedSubnet ? fixedSubnet.id : pulumi.output(""),
                floatingNetworkId: externalNetwork.id,
                cloudProviderManaged: true,
            },
            replacementGuard: guard,
        };
        this.registerOutputs({ name: this.handle.name, templateName: spec.template.name, fingerprint: guard.fingerprint });
    }
}
