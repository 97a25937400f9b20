import { z } from "zod";
import { crioVersions, kubernetesPatches } from "../../components/versions";
import { cidr, cidrRange, ipv4Address, positiveInt } from "../primitives";
import type { PlatformConfig } from "../types";
import { controlPlaneCountProblems, flavorName, openstackCloudSettings, poolFlavorProblems, poolPresenceProblems } from "./openstack";

/**
 * `cluster.nova`: plain Nova VMs that groundwork turns into a kubeadm cluster (clouds without Magnum, and
 * the bare-metal reference platform's shape on OpenStack): network, security groups, server groups, control plane, workers.
 */
export const novaClusterSettings = z.strictObject({
    cloud: openstackCloudSettings,
    /** Glance image name (Ubuntu 22.04/24.04 cloud image; cloud-init installs the rest). */
    image: z.string({ error: "expected a Glance image name" }).min(1),
    /** External network name for the router gateway and floating IPs. */
    externalNetwork: z.string({ error: "expected the external network's name (e.g. public)" }).min(1),
    /** Nova keypair name for SSH; none is safest (SSH stays closed unless sshAllowedCidrs is set too). */
    keypair: z.string().min(1).optional(),
    controlPlane: z.strictObject({
        /** 1 in dev, 3 in prod unless set; 1 or an odd number ≥ 3. */
        count: positiveInt.optional(),
        flavor: flavorName,
        diskGiB: z.number().int().min(20, { error: "expected at least 20 GiB" }).max(2048).default(50),
    }),
    /** How the API servers share one address: an Octavia load balancer, or a kube-vip virtual IP (ARP). */
    controlPlaneEndpoint: z.enum(["octavia", "kube-vip"]).default("octavia"),
    /** kube-vip's virtual IP inside network.nodeCidr; defaults to the 10th address of it. */
    vipAddress: ipv4Address.optional(),
    /** The node NIC kube-vip announces the VIP on (Ubuntu cloud images on KVM: ens3). */
    vipInterface: z.string().min(1).default("ens3"),
    /** The cloud's Octavia provider, for the API load balancer and Services of type LoadBalancer (ovn needs SOURCE_IP_PORT). */
    octaviaProvider: z.enum(["amphora", "ovn"]).default("amphora"),
    /** A floating IP for the API endpoint; off = reachable from the tenant network only. */
    apiFloatingIp: z.boolean().default(true),
    /** Who may reach the Kubernetes API (port 6443): operators, CI. Nodes are always allowed. */
    apiAllowedCidrs: z.array(cidr).min(1, { error: "expected at least one CIDR allowed to reach the API (e.g. your office or VPN)" }),
    /** Who may SSH to the nodes; empty = nobody (the default). Prod refuses 0.0.0.0/0. */
    sshAllowedCidrs: z.array(cidr).default([]),
    /** Cinder volume type of the boot volumes; the cloud's default when unset. */
    volumeType: z.string().min(1).optional(),
    dnsNameservers: z.array(ipv4Address).default(["1.1.1.1", "8.8.8.8"]),
    /** Nova server-group policies: hard anti-affinity fails to schedule when a pool outgrows the hosts. */
    serverGroupPolicy: z
        .strictObject({
            controlPlane: z.enum(["anti-affinity", "soft-anti-affinity"]).default("anti-affinity"),
            workers: z.enum(["anti-affinity", "soft-anti-affinity"]).default("soft-anti-affinity"),
        })
        .default({ controlPlane: "anti-affinity", workers: "soft-anti-affinity" }),
});

export type NovaClusterSettings = z.infer<typeof novaClusterSettings>;

export function controlPlaneCountOf(config: PlatformConfig): number {
    return config.cluster.nova?.controlPlane.count ?? (config.environment === "prod" ? 3 : 1);
}

/** The n-th address of a CIDR (n = 10 → 10.0.0.10 in 10.0.0.0/16). */
export function hostAddress(range: string, n: number): string {
    const start = cidrRange(range)!.start + n;
    return [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).join(".");
}

export function vipAddressOf(config: PlatformConfig): string {
    return config.cluster.nova?.vipAddress ?? hostAddress(config.network.nodeCidr, 10);
}

const inside = (address: string, range: string) => {
    const r = cidrRange(range)!;
    const a = cidrRange(`${address}/32`)!.start;
    return a >= r.start && a <= r.end;
};

/** Cross-field rules for `substrate: nova`. */
export function validateNova(config: PlatformConfig): string[] {
    const nova = config.cluster.nova;
    if (!nova) return ['cluster.nova: expected the Nova settings (image, control plane, cloud) for substrate "nova", got nothing'];
    const problems = [...poolPresenceProblems(config), ...poolFlavorProblems(config)];
    problems.push(...controlPlaneCountProblems("cluster.nova.controlPlane.count", controlPlaneCountOf(config), config.environment));
    const minor = config.cluster.kubernetesVersion;
    if (!kubernetesPatches[minor] || !crioVersions[minor]) {
        problems.push(`cluster.kubernetesVersion: expected a minor with pinned kubeadm and CRI-O packages (${Object.keys(kubernetesPatches).join(", ")}), got "${minor}"`);
    }
    const nodeCidr = config.network.nodeCidr;
    const bits = Number(nodeCidr.split("/")[1]);
    if (bits > 26) problems.push(`network.nodeCidr: expected a /26 or larger subnet on substrate "nova" (control-plane addresses, the VIP and DHCP share it), got "${nodeCidr}"`);
    if (nova.controlPlaneEndpoint === "kube-vip") {
        const vip = vipAddressOf(config);
        if (!inside(vip, nodeCidr)) problems.push(`cluster.nova.vipAddress: expected an address inside network.nodeCidr (${nodeCidr}), got "${vip}"`);
        else if (bits <= 26 && cidrRange(`${vip}/32`)!.start - cidrRange(nodeCidr)!.start >= 32) {
            problems.push(`cluster.nova.vipAddress: expected one of the first 31 addresses of network.nodeCidr (the rest are DHCP's), got "${vip}"`);
        }
    } else if (nova.vipAddress) {
        problems.push(`cluster.nova.vipAddress: expected it unset with controlPlaneEndpoint "octavia" (the load balancer picks its address), got "${nova.vipAddress}"`);
    }
    if (config.environment === "prod") {
        nova.sshAllowedCidrs.forEach((c, i) => {
            if (c.endsWith("/0")) problems.push(`cluster.nova.sshAllowedCidrs[${i}]: expected a specific range in prod (no SSH open to the world), got "${c}"`);
        });
    }
    return problems;
}
