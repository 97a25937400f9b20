import { definePolicy, type PlatformPolicy } from "./types";
import { at, exposedAdminPorts, list, show, strings, worldCidrs } from "./values";

// OpenStack (Nova VMs and Magnum): no world-open admin ports in prod, servers spread by anti-affinity and
// booted from volumes, Magnum with TLS, private nodes and an HA control plane. Input names are the
// @pulumi/openstack 3.15.2 ones (research/substrates.md B1–B5).

const magnumCluster = "openstack:containerinfra/cluster:Cluster";
const magnumTemplate = "openstack:containerinfra/clusterTemplate:ClusterTemplate";
const instance = "openstack:compute/instance:Instance";

export const openstackPolicies: readonly PlatformPolicy[] = [
    definePolicy({
        name: "openstack-secgroup-no-world-admin-ports",
        description: "No prod security group rule opens SSH, the Kubernetes API, etcd or the kubelet to the internet",
        resourceTypes: ["openstack:networking/secGroupRule:SecGroupRule"],
        prodOnly: true,
        check: (r) => {
            if (r.inputs.direction !== "ingress") return [];
            const prefix = r.inputs.remoteIpPrefix;
            // Neither a prefix nor a remote group: Neutron matches every source address.
            const world = typeof prefix === "string" ? worldCidrs.has(prefix) : r.inputs.remoteGroupId === undefined;
            const ports = exposedAdminPorts(r.inputs.portRangeMin, r.inputs.portRangeMax, r.inputs.protocol);
            return world && ports.length
                ? [
                      `remoteIpPrefix: expected an admin network or a remote group for ports ${ports.join(", ")}, got ${show(prefix ?? "any source")}`,
                  ]
                : [];
        },
    }),
    definePolicy({
        name: "openstack-server-group-anti-affinity",
        description: "Prod server groups spread their servers over hypervisors (anti-affinity)",
        resourceTypes: ["openstack:compute/serverGroup:ServerGroup"],
        prodOnly: true,
        check: (r) => {
            const policies = strings(r.inputs.policies);
            return policies.some((p) => p === "anti-affinity" || p === "soft-anti-affinity")
                ? []
                : [`policies: expected ["anti-affinity"] or ["soft-anti-affinity"], got ${show(r.inputs.policies)}`];
        },
    }),
    definePolicy({
        name: "openstack-instance-server-group",
        description: "Prod servers are scheduled into an anti-affinity server group",
        resourceTypes: [instance],
        prodOnly: true,
        check: (r) =>
            list(r.inputs.schedulerHints).some((h) => at(h, "group") !== undefined)
                ? []
                : [`schedulerHints: expected [{ group: <server group id> }], got ${show(r.inputs.schedulerHints)}`],
    }),
    definePolicy({
        name: "openstack-instance-boot-volume",
        description: "Prod servers boot from a Cinder volume (survives a hypervisor loss, can be snapshotted)",
        resourceTypes: [instance],
        prodOnly: true,
        check: (r) => {
            const boot = list(r.inputs.blockDevices).find((d) => at(d, "bootIndex") === 0);
            return at(boot, "destinationType") === "volume"
                ? []
                : [`blockDevices: expected a boot device { bootIndex: 0, destinationType: "volume" }, got ${show(r.inputs.blockDevices)}`];
        },
    }),
    definePolicy({
        name: "magnum-tls-enabled",
        description: "Magnum cluster templates keep TLS on the Kubernetes API",
        resourceTypes: [magnumTemplate],
        check: (r) => (r.inputs.tlsDisabled === true ? [`tlsDisabled: expected false, got true`] : []),
    }),
    definePolicy({
        name: "magnum-no-node-floating-ips",
        description: "Prod Magnum nodes get no floating IPs (traffic enters through load balancers)",
        resourceTypes: [magnumTemplate, magnumCluster],
        prodOnly: true,
        check: (r) => (r.inputs.floatingIpEnabled === true ? [`floatingIpEnabled: expected false in prod, got true`] : []),
    }),
    definePolicy({
        name: "magnum-ha-control-plane",
        description: "Prod Magnum clusters run an odd number of at least three control-plane nodes",
        resourceTypes: [magnumCluster],
        prodOnly: true,
        check: (r) => {
            const n = r.inputs.masterCount;
            return typeof n === "number" && n >= 3 && n % 2 === 1
                ? []
                : [`masterCount: expected an odd number ≥ 3 in prod, got ${show(n)}`];
        },
    }),
    definePolicy({
        name: "magnum-master-lb",
        description: "Prod Magnum templates put a load balancer in front of the control plane",
        resourceTypes: [magnumTemplate],
        prodOnly: true,
        check: (r) =>
            r.inputs.masterLbEnabled === true ? [] : [`masterLbEnabled: expected true in prod, got ${show(r.inputs.masterLbEnabled)}`],
    }),
];
