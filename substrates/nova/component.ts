import * as pulumi from "@pulumi/pulumi";
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
import { ClusterPki } from "./pki";
import { nodeServer } from "./servers";

// Plain Nova VMs made into a kubeadm cluster (clouds without Magnum; the bare-metal reference platform's shape on OpenStack).
// The program generates the cluster CA and bootstrap token, so it knows the admin kubeconfig without SSH.
// 1 control-plane node in dev, 3 in prod, behind Octavia or a kube-vip VIP; workers per node pool.

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
        const image = openstack.images.getImageOutput({ name: nova.image, mostRecent: true, region }, { parent: this });
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

        const cloudProviderExternal = config.addons.openstackCloudControllerManager.enabled;
        const controlPlaneIps = Array.from({ length: controlPlaneCountOf(config) }, (_, i) => hostAddress(config.network.nodeCidr, 11 + i));
        const userData = (
            base: Omit<
                CloudInitArgs,
                | "clusterName"
                | "kubernetesVersion"
                | "crioVersion"
                | "controlPlaneEndpoint"
                | "podCidr"
                | "serviceCidr"
                | "certSans"
                | "bootstrapToken"
                | "certificateKey"
                | "caCertHash"
                | "cloudProviderExternal"
            >,
        ) =>
            pulumi.secret(
                pulumi
                    .all([
                        endpoint.internalAddress,
                        endpoint.externalAddress,
                        pki.bootstrapToken,
                        pki.certificateKey,
                        pki.caCertHash,
                        pki.caCertPem,
                        pki.caKeyPem,
                    ])
                    .apply(([internal, external, bootstrapToken, certificateKey, caCertHash, caCertPem, caKeyPem]) =>
                        cloudInit({
                            ...base,
                            ca: base.role === "init" ? { certPem: caCertPem, keyPem: caKeyPem } : undefined,
                            clusterName,
                            kubernetesVersion: kubernetesPatches[minor],
                            crioVersion: crioVersions[minor],
                            controlPlaneEndpoint: `${internal}:6443`,
                            podCidr: config.network.podCidr,
                            serviceCidr: config.network.serviceCidr,
                            certSans: [...new Set([internal, external, ...controlPlaneIps])],
                            bootstrapToken,
                            certificateKey,
                            caCertHash,
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
            imageId: image.id,
            volumeType: nova.volumeType,
            keypair: nova.keypair,
            networkId: network.network.id,
            subnetId: network.subnet.id,
            clusterName,
        };

        // Control plane: node 0 runs `kubeadm init`; the others join once it exists.
        const cpGroup = serverGroup("control-plane", nova.serverGroupPolicy.controlPlane);
        const controlPlane: openstack.compute.Instance[] = [];
        controlPlaneIps.forEach((ip, i) => {
            controlPlane.push(
                nodeServer(
                    this,
                    `${name}-cp-${i}`,
                    {
                        ...common,
                        serverName: `${clusterName}-cp-${i}`,
                        flavor: nova.controlPlane.flavor,
                        diskGiB: nova.controlPlane.diskGiB,
                        fixedIp: ip,
                        securityGroupIds: [network.nodes.id, network.controlPlane.id],
                        allowedAddresses: kubeVip ? [vipAddressOf(config)] : undefined,
                        serverGroupId: cpGroup.id,
                        role: "control-plane",
                        protect: config.protect,
                        userData: userData({
                            role: i === 0 ? "init" : "control-plane",
                            advertiseAddress: ip,
                            kubeVip: kubeVip
                                ? {
                                      address: vipAddressOf(config),
                                      interface: nova.vipInterface,
                                      image: `${kubeVipImage.image}:${kubeVipImage.tag}`,
                                  }
                                : undefined,
                        }),
                    },
                    [...endpoint.resources, network.routerInterface, ...(i === 0 ? [] : [controlPlane[0]])],
                ),
            );
        });
        const members = endpoint.addMembers(`${name}-api`, controlPlaneIps);

        const nodePools: NodePoolHandle[] = config.cluster.nodePools.map((pool) => {
            const group = serverGroup(`pool-${pool.name}`, nova.serverGroupPolicy.workers);
            const servers = Array.from({ length: pool.desired }, (_, i) =>
                nodeServer(
                    this,
                    `${name}-${pool.name}-${i}`,
                    {
                        ...common,
                        serverName: `${clusterName}-${pool.name}-${i}`,
                        flavor: pool.size,
                        diskGiB: pool.diskGiB,
                        securityGroupIds: [network.nodes.id],
                        serverGroupId: group.id,
                        role: `worker-${pool.name}`,
                        userData: userData({ role: "worker", labels: pool.labels, taints: pool.taints }),
                    },
                    [controlPlane[0]],
                ),
            );
            return { name: pool.name, labels: pool.labels, taints: pool.taints, resources: [group, ...servers] };
        });

        const server = pulumi.interpolate`https://${endpoint.externalAddress}:6443`;
        const kubeconfig = pki.kubeconfig(clusterName, server);
        const nodes = [...controlPlane, ...members, ...nodePools.flatMap((p) => p.resources)];
        const provider = clusterProvider(this, name, { clusterName, kubeconfig, nodes });

        this.handle = {
            name: clusterName,
            substrate: "nova",
            kubernetesVersion: minor,
            kubeconfig,
            endpoint: server,
            provider,
            capabilities: capabilitiesOf(config),
            nodePools,
            ready: nodes,
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
