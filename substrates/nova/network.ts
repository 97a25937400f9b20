import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import { hostAddress } from "./manifest";

// The cluster's own tenant network and least-privilege security groups:
// - API (6443/tcp) from the configured CIDRs, the nodes and the node subnet (the Octavia amphora);
// - etcd (2379-2380/tcp) between control-plane nodes only;
// - node to node (tcp, udp, icmp, IP-in-IP) through a remote group, never a CIDR;
// - NodePorts from the node subnet (Octavia members for Services of type LoadBalancer);
// - SSH only from the configured CIDRs (none by default; prod refuses 0.0.0.0/0).

export interface NovaNetworkArgs {
    clusterName: string;
    region: string;
    nodeCidr: string;
    dnsNameservers: readonly string[];
    externalNetworkId: pulumi.Input<string>;
    apiAllowedCidrs: readonly string[];
    sshAllowedCidrs: readonly string[];
}

interface RuleSpec {
    name: string;
    protocol?: string;
    ports?: [number, number];
    cidr?: string;
    remoteGroup?: openstack.networking.SecGroup;
    description: string;
}

export class NovaNetwork extends pulumi.ComponentResource {
    readonly network: openstack.networking.Network;
    readonly subnet: openstack.networking.Subnet;
    readonly routerInterface: openstack.networking.RouterInterface;
    /** Every node. */
    readonly nodes: openstack.networking.SecGroup;
    /** Control-plane nodes only. */
    readonly controlPlane: openstack.networking.SecGroup;

    constructor(name: string, args: NovaNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:NovaNetwork", name, {}, opts);
        const region = args.region;
        const child = { parent: this };
        this.network = new openstack.networking.Network(
            `${name}-net`,
            { name: `${args.clusterName}-net`, adminStateUp: true, region },
            child,
        );
        this.subnet = new openstack.networking.Subnet(
            `${name}-subnet`,
            {
                name: `${args.clusterName}-subnet`,
                networkId: this.network.id,
                cidr: args.nodeCidr,
                ipVersion: 4,
                enableDhcp: true,
                dnsNameservers: [...args.dnsNameservers],
                // The first 31 addresses are the program's: control-plane fixed IPs (.11+) and the kube-vip VIP (.10).
                allocationPools: [{ start: hostAddress(args.nodeCidr, 32), end: hostAddress(args.nodeCidr, lastHost(args.nodeCidr)) }],
                region,
            },
            child,
        );
        const router = new openstack.networking.Router(
            `${name}-router`,
            { name: `${args.clusterName}-router`, externalNetworkId: args.externalNetworkId, region },
            child,
        );
        this.routerInterface = new openstack.networking.RouterInterface(
            `${name}-router-interface`,
            { routerId: router.id, subnetId: this.subnet.id, region },
            child,
        );

        this.nodes = new openstack.networking.SecGroup(
            `${name}-nodes`,
            { name: `${args.clusterName}-nodes`, description: "groundwork: every node of the cluster", region },
            child,
        );
        this.controlPlane = new openstack.networking.SecGroup(
            `${name}-control-plane`,
            { name: `${args.clusterName}-control-plane`, description: "groundwork: Kubernetes API servers and etcd", region },
            child,
        );

        const nodeRules: RuleSpec[] = [
            {
                name: "node-tcp",
                protocol: "tcp",
                ports: [1, 65535],
                remoteGroup: this.nodes,
                description: "node to node: kubelet, CNI, pods",
            },
            {
                name: "node-udp",
                protocol: "udp",
                ports: [1, 65535],
                remoteGroup: this.nodes,
                description: "node to node: VXLAN/Geneve overlays, DNS",
            },
            { name: "node-icmp", protocol: "icmp", remoteGroup: this.nodes, description: "node to node: ICMP (path MTU discovery)" },
            { name: "node-ipip", protocol: "4", remoteGroup: this.nodes, description: "node to node: Calico IP-in-IP" },
            {
                name: "nodeports",
                protocol: "tcp",
                ports: [30000, 32767],
                cidr: args.nodeCidr,
                description: "NodePorts from the node subnet (Octavia members)",
            },
            ...args.sshAllowedCidrs.map((cidr, i) => ({
                name: `ssh-${i}`,
                protocol: "tcp",
                ports: [22, 22] as [number, number],
                cidr,
                description: `SSH from ${cidr}`,
            })),
        ];
        const controlPlaneRules: RuleSpec[] = [
            ...args.apiAllowedCidrs.map((cidr, i) => ({
                name: `api-${i}`,
                protocol: "tcp",
                ports: [6443, 6443] as [number, number],
                cidr,
                description: `Kubernetes API from ${cidr}`,
            })),
            {
                name: "api-nodes",
                protocol: "tcp",
                ports: [6443, 6443],
                remoteGroup: this.nodes,
                description: "Kubernetes API from the nodes",
            },
            {
                name: "api-subnet",
                protocol: "tcp",
                ports: [6443, 6443],
                cidr: args.nodeCidr,
                description: "Kubernetes API from the node subnet (load balancer, VIP)",
            },
            {
                name: "etcd",
                protocol: "tcp",
                ports: [2379, 2380],
                remoteGroup: this.controlPlane,
                description: "etcd between control-plane nodes",
            },
        ];
        for (const rule of nodeRules) this.rule(name, this.nodes, rule, region);
        for (const rule of controlPlaneRules) this.rule(name, this.controlPlane, rule, region);
        this.registerOutputs({ networkId: this.network.id, subnetId: this.subnet.id });
    }

    private rule(name: string, group: openstack.networking.SecGroup, rule: RuleSpec, region: string): openstack.networking.SecGroupRule {
        const groupRole = group === this.nodes ? "nodes" : "control-plane";
        return new openstack.networking.SecGroupRule(
            `${name}-${groupRole}-${rule.name}`,
            {
                securityGroupId: group.id,
                direction: "ingress",
                ethertype: "IPv4",
                protocol: rule.protocol,
                portRangeMin: rule.ports?.[0],
                portRangeMax: rule.ports?.[1],
                remoteIpPrefix: rule.cidr,
                remoteGroupId: rule.remoteGroup?.id,
                description: rule.description,
                region,
            },
            { parent: this },
        );
    }
}

/** Index of the last usable host of a CIDR (its size minus network and broadcast). */
function lastHost(cidr: string): number {
    return 2 ** (32 - Number(cidr.split("/")[1])) - 2;
}
