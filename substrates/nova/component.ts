import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as openstack from "@pulumi/openstack";
import { capabilitiesOf } from "../../config/capabilities";
import type { ClusterHandle, NodePoolHandle } from "../../platform/cluster/handle";
import { cloudConfig } from "../openstack/cloud";
import { clusterProvider } from "../../platform/cluster/provider";
import { crioVersions, kubeVipImage, kubernetesPatches } from "../../model/versions";
import { controlPlaneCountOf, hostAddress, vipAddressOf } from "./manifest";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { cloudInit, type CloudInitArgs } from "./cloud-init";
import { ApiEndpoint } from "./endpoint";
import { NovaNetwork } from "./network";
import { NodeJoin, retryWhileApiStarts } from "./join";
import { ClusterPki } from "./pki";
import { nodeServer } from "./servers";
import { NodeUpgrades, type UpgradeStep } from "./upgrade";

// Plain Nova VMs made into a kubeadm cluster (clouds without Magnum; the bare-metal reference platform's shape on OpenStack).
// The program generates the cluster's PKI (so it knows the admin kubeconfig without SSH) and every node's
// own bootstrap token, so a node created at any time joins. 1 control-plane node in dev, 3 in prod, behind
// Octavia or a kube-vip VIP; workers per node pool. Kubernetes upgrades run in place, node by node (upgrade.ts).

export interface NovaClusterArgs {
    config: PlatformConfig;
    secrets: SecretReader;
}

export class NovaCluster extends pulumi.ComponentResource {
    readonly handle: ClusterHandle;

    constructor(name: string, args: NovaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:NovaCluster", name, {}, opts);
        const { config, secrets } = args;
        const nova = config.cluster.nova!; // required for this substrate by the config rules
        const { region } = nova.cloud;
        const clusterName = config.cluster.name;
        const minor = config.cluster.kubernetesVersion;

        const externalNetwork = openstack.networking.getNetworkOutput({ name: nova.externalNetwork, region }, { parent: this });
        // Prod pins the image by ID; a dev name lookup only reaches nodes created (or rebuilt) from now on.
        const imageId =
            nova.imageId ?? openstack.images.getImageOutput({ name: nova.image!, mostRecent: true, region }, { parent: this }).id;
        const network = new NovaNetwork(
            `${name}-network`,
            {
                clusterName,
                region,
                nodeCidr: config.network.nodeCidr,
                dnsNameservers: nova.dnsNameservers,
                externalNetworkId: externalNetwork.id,
                apiAllowedCidrs: nova.apiAllowedCidrs,
                sshAllowedCidrs: nova.sshAllowedCidrs,
            },
            { parent: this },
        );
        const kubeVip = nova.controlPlaneEndpoint === "kube-vip";
        const endpoint = new ApiEndpoint(
            `${name}-api`,
            {
                kind: nova.controlPlaneEndpoint,
                clusterName,
                region,
                network,
                nodeCidr: config.network.nodeCidr,
                vipAddress: kubeVip ? vipAddressOf(config) : undefined,
                apiAllowedCidrs: nova.apiAllowedCidrs,
                floatingIpPool: nova.apiFloatingIp ? nova.externalNetwork : undefined,
                octaviaProvider: nova.octaviaProvider,
            },
            { parent: this },
        );
        const pki = new ClusterPki(`${name}-pki`, { clusterName, protect: config.protect }, { parent: this });
        const kubernetesVersion = kubernetesPatches[minor];
        const crioVersion = crioVersions[minor];

        const cloudProviderExternal = config.addons.openstackCloudControllerManager.enabled;
        const controlPlaneIps = Array.from({ length: controlPlaneCountOf(config) }, (_, i) => hostAddress(config.network.nodeCidr, 11 + i));
        type NodeArgs = Pick<CloudInitArgs, "role" | "advertiseAddress" | "kubeVip" | "labels" | "taints">;
        // Each node's user data: its own bootstrap token; control planes also get the shared PKI.
        const userData = (base: NodeArgs, join?: NodeJoin) =>
            pulumi.secret(
                pulumi
                    .all([
                        endpoint.internalAddress,
                        endpoint.externalAddress,
                        join?.token,
                        pki.caCertHash,
                        base.role === "worker" ? undefined : pki.controlPlanePki,
                    ])
                    .apply(([internal, external, bootstrapToken, caCertHash, controlPlanePki]) =>
                        cloudInit({
                            ...base,
                            clusterName,
                            kubernetesVersion,
                            crioVersion,
                            controlPlaneEndpoint: `${internal}:6443`,
                            podCidr: config.network.podCidr,
                            serviceCidr: config.network.serviceCidr,
                            certSans: [...new Set([internal, external, ...controlPlaneIps])],
                            bootstrapToken,
                            caCertHash,
                            controlPlanePki,
                            cloudProviderExternal,
                        }),
                    ),
            );

        const serverGroup = (role: string, policy: string) =>
            new openstack.compute.ServerGroup(
                `${name}-${role}`,
                { name: `${clusterName}-${role}`, policies: [policy], region },
                { parent: this },
            );
        const common = {
            region,
            imageId,
            volumeType: nova.volumeType,
            keypair: nova.keypair,
            networkId: network.network.id,
            subnetId: network.subnet.id,
            clusterName,
        };
        const rebuildOf = (node: string) => nova.rebuilds[node] ?? 0;
        /** Joining nodes and their servers: each token is registered once its server exists. */
        const joins: { join: NodeJoin; server: openstack.compute.Instance }[] = [];
        const joinOf = (resourceName: string, node: string, serverName: string) =>
            new NodeJoin(this, resourceName, { node: serverName, rebuild: rebuildOf(node) });

        // Control plane: node 0 runs `kubeadm init` (once: rebuilt, it joins like the others); the others join once it exists.
        const cpGroup = serverGroup("control-plane", nova.serverGroupPolicy.controlPlane);
        const controlPlane: openstack.compute.Instance[] = [];
        controlPlaneIps.forEach((ip, i) => {
            const node = `cp-${i}`;
            const serverName = `${clusterName}-${node}`;
            const init = i === 0 && rebuildOf(node) === 0;
            const join = init ? undefined : joinOf(`${name}-${node}`, node, serverName);
            const server = nodeServer(
                this,
                `${name}-${node}`,
                {
                    ...common,
                    serverName,
                    flavor: nova.controlPlane.flavor,
                    diskGiB: nova.controlPlane.diskGiB,
                    fixedIp: ip,
                    securityGroupIds: [network.nodes.id, network.controlPlane.id],
                    allowedAddresses: kubeVip ? [vipAddressOf(config)] : undefined,
                    serverGroupId: cpGroup.id,
                    role: "control-plane",
                    rebuild: rebuildOf(node),
                    protect: config.protect,
                    userData: userData(
                        {
                            role: init ? "init" : "control-plane",
                            advertiseAddress: ip,
                            kubeVip: kubeVip
                                ? {
                                      address: vipAddressOf(config),
                                      interface: nova.vipInterface,
                                      image: `${kubeVipImage.image}:${kubeVipImage.tag}`,
                                  }
                                : undefined,
                        },
                        join,
                    ),
                },
                [...endpoint.resources, network.routerInterface, ...(i === 0 ? [] : [controlPlane[0]])],
            );
            controlPlane.push(server);
            if (join) joins.push({ join, server });
        });
        const members = endpoint.addMembers(`${name}-api`, controlPlaneIps);

        const nodePools: NodePoolHandle[] = config.cluster.nodePools.map((pool) => {
            const group = serverGroup(`pool-${pool.name}`, nova.serverGroupPolicy.workers);
            const servers = Array.from({ length: pool.desired }, (_, i) => {
                const node = `${pool.name}-${i}`;
                const serverName = `${clusterName}-${node}`;
                const join = joinOf(`${name}-${node}`, node, serverName);
                const server = nodeServer(
                    this,
                    `${name}-${node}`,
                    {
                        ...common,
                        serverName,
                        flavor: pool.size,
                        diskGiB: pool.diskGiB,
                        securityGroupIds: [network.nodes.id],
                        serverGroupId: group.id,
                        role: `worker-${pool.name}`,
                        rebuild: rebuildOf(node),
                        userData: userData({ role: "worker", labels: pool.labels, taints: pool.taints }, join),
                    },
                    [controlPlane[0]],
                );
                joins.push({ join, server });
                return server;
            });
            return { name: pool.name, labels: pool.labels, taints: pool.taints, resources: [group, ...servers] };
        });

        const server = pulumi.interpolate`https://${endpoint.externalAddress}:6443`;
        const kubeconfig = pki.kubeconfig(clusterName, server);
        // Join material is written through a provider that needs only the first control plane, so a node's
        // token can exist before the node does (the platform's provider waits for every node).
        const joinProvider = new k8s.Provider(
            `${name}-join-k8s`,
            { kubeconfig, clusterIdentifier: clusterName },
            { parent: this, dependsOn: [controlPlane[0], ...members] },
        );
        const retry = retryWhileApiStarts(name);
        for (const { join, server: instance } of joins) join.register(instance, joinProvider, retry);

        const nodes = [...controlPlane, ...members, ...nodePools.flatMap((p) => p.resources)];
        const provider = clusterProvider(this, name, { clusterName, kubeconfig, nodes });
        const upgrades = new NodeUpgrades(
            `${name}-upgrade`,
            {
                nodes: [
                    ...controlPlaneIps.map((_, i) => ({
                        node: `${clusterName}-cp-${i}`,
                        step: (i === 0 ? "apply" : "node") as UpgradeStep,
                    })),
                    ...config.cluster.nodePools.flatMap((pool) =>
                        Array.from({ length: pool.desired }, (_, i) => ({
                            node: `${clusterName}-${pool.name}-${i}`,
                            step: "node" as UpgradeStep,
                        })),
                    ),
                ],
                kubernetesVersion,
                crioVersion,
                apiServer: pulumi.interpolate`https://${endpoint.internalAddress}:6443`,
                provider,
            },
            { parent: this },
        );
        // What the nodes run: known once every node's upgrade Job for this release has finished.
        const runningVersion = pulumi.all(upgrades.jobs.map((job) => job.metadata.name)).apply(() => minor);

        this.handle = {
            name: clusterName,
            substrate: "nova",
            kubernetesVersion: minor,
            runningKubernetesVersion: runningVersion,
            kubeconfig,
            endpoint: server,
            provider,
            capabilities: capabilitiesOf(config),
            nodePools,
            // Addons for the new minor wait until every node runs it.
            ready: [...nodes, ...upgrades.jobs],
            openstack: {
                authUrl: nova.cloud.authUrl,
                region,
                cloudConfig: cloudConfig({
                    cloud: nova.cloud,
                    secrets,
                    loadBalancer: { subnetId: network.subnet.id, floatingNetworkId: externalNetwork.id, lbProvider: nova.octaviaProvider },
                }),
                networkId: network.network.id,
                subnetId: network.subnet.id,
                floatingNetworkId: externalNetwork.id,
                cloudProviderManaged: false,
            },
        };
        this.registerOutputs({ name: clusterName, endpoint: server });
    }
}
