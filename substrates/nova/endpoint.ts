import * as pulumi from "@pulumi/pulumi";
import * as openstack from "@pulumi/openstack";
import type { NovaNetwork } from "./network";
import { defaultLbAlgorithm, octaviaCapabilities } from "../openstack/octavia";

// One address for the API servers: an Octavia load balancer (listener 6443 → pool of control-plane nodes),
// or a kube-vip virtual IP that the control-plane nodes announce by ARP. Neutron drops traffic to an address
// a port does not own, so the VIP is reserved as its own port and allowed on every control-plane port.

export interface ApiEndpointArgs {
    kind: "octavia" | "kube-vip";
    clusterName: string;
    region: string;
    network: NovaNetwork;
    nodeCidr: string;
    /** kube-vip only. */
    vipAddress?: string;
    apiAllowedCidrs: readonly string[];
    /** External network name for the floating IP; undefined = no floating IP. */
    floatingIpPool?: string;
    octaviaProvider: "amphora" | "ovn";
}

export class ApiEndpoint extends pulumi.ComponentResource {
    /** The address nodes use (VIP or load balancer VIP), inside the node subnet. */
    readonly internalAddress: pulumi.Output<string>;
    /** The floating IP, when there is one. */
    readonly floatingIp?: openstack.networking.FloatingIp;
    /** Resources the control-plane servers must wait for. */
    readonly resources: pulumi.Resource[];
    private readonly pool?: openstack.loadbalancer.Pool;
    private readonly args: ApiEndpointArgs;

    constructor(name: string, args: ApiEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:cluster:ApiEndpoint", name, {}, opts);
        this.args = args;
        const { region, network } = args;
        const child = { parent: this };
        let portId: pulumi.Output<string>;
        if (args.kind === "kube-vip") {
            // The VIP is only a reservation: no device owns it; the kube-vip leader answers ARP for it.
            const vipPort = new openstack.networking.Port(
                `${name}-vip`,
                {
                    name: `${args.clusterName}-api-vip`,
                    networkId: network.network.id,
                    fixedIps: [{ subnetId: network.subnet.id, ipAddress: args.vipAddress! }],
                    securityGroupIds: [network.controlPlane.id],
                    adminStateUp: true,
                    region,
                },
                child,
            );
            this.internalAddress = pulumi.output(args.vipAddress!);
            portId = vipPort.id;
            this.resources = [vipPort];
        } else {
            const octavia = octaviaCapabilities[args.octaviaProvider];
            const lb = new openstack.loadbalancer.LoadBalancer(
                `${name}-lb`,
                { name: `${args.clusterName}-api`, vipSubnetId: network.subnet.id, loadbalancerProvider: args.octaviaProvider, region },
                { parent: this, dependsOn: [network.routerInterface] },
            );
            const listener = new openstack.loadbalancer.Listener(
                `${name}-listener`,
                {
                    name: `${args.clusterName}-api`,
                    loadbalancerId: lb.id,
                    protocol: "TCP",
                    protocolPort: 6443,
                    // Clients: the configured CIDRs and the nodes themselves. ovn refuses allowed_cidrs; it keeps the
                    // client's source address, so the control-plane security group (same CIDRs) filters instead.
                    allowedCidrs: octavia.allowedCidrs ? [...args.apiAllowedCidrs, args.nodeCidr] : undefined,
                    timeoutClientData: 3600000, // watches stay open for long
                    timeoutMemberData: 3600000,
                    region,
                },
                child,
            );
            this.pool = new openstack.loadbalancer.Pool(
                `${name}-pool`,
                {
                    name: `${args.clusterName}-api`,
                    listenerId: listener.id,
                    protocol: "TCP",
                    lbMethod: defaultLbAlgorithm(args.octaviaProvider),
                    region,
                },
                child,
            );
            const monitor = new openstack.loadbalancer.Monitor(
                `${name}-monitor`,
                { poolId: this.pool.id, type: "TCP", delay: 10, timeout: 5, maxRetries: 3, maxRetriesDown: 3, region },
                child,
            );
            this.internalAddress = lb.vipAddress;
            portId = lb.vipPortId;
            this.resources = [lb, listener, this.pool, monitor];
        }
        if (args.floatingIpPool) {
            this.floatingIp = new openstack.networking.FloatingIp(
                `${name}-fip`,
                { pool: args.floatingIpPool, portId, description: `${args.clusterName} Kubernetes API`, region },
                { parent: this, dependsOn: [network.routerInterface] },
            );
            this.resources.push(this.floatingIp);
        }
        this.registerOutputs({ internalAddress: this.internalAddress });
    }

    /** The address clients outside the cluster use: the floating IP, else the internal address. */
    get externalAddress(): pulumi.Output<string> {
        return this.floatingIp ? this.floatingIp.address : this.internalAddress;
    }

    /** Octavia: one pool member per control-plane node. */
    addMembers(name: string, addresses: readonly string[]): pulumi.Resource[] {
        if (!this.pool) return [];
        return addresses.map(
            (address, i) =>
                new openstack.loadbalancer.Member(
                    `${name}-member-${i}`,
                    { poolId: this.pool!.id, address, protocolPort: 6443, subnetId: this.args.network.subnet.id, region: this.args.region },
                    { parent: this },
                ),
        );
    }
}
