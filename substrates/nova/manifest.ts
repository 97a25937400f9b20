import { crioVersions, kubernetesPatches } from "../../model/versions";
import { cidrRange } from "../../model/primitives";
import type { PlatformConfig } from "../../config/types";
import { controlPlaneCountProblems, poolFlavorProblems, poolPresenceProblems } from "../openstack/manifest";

export function controlPlaneCountOf(config: PlatformConfig): number {
    return config.cluster.nova?.controlPlane.count ?? (config.environment === "prod" ? 3 : 1);
}

/** Every node's name within the cluster: cp-0…, then <pool>-0… (the server name without the cluster prefix). */
export function nodeNamesOf(config: PlatformConfig): string[] {
    const cps = Array.from({ length: controlPlaneCountOf(config) }, (_, i) => `cp-${i}`);
    return [...cps, ...config.cluster.nodePools.flatMap((p) => Array.from({ length: p.desired }, (_, i) => `${p.name}-${i}`))];
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
        problems.push(
            `cluster.kubernetesVersion: expected a minor with pinned kubeadm and CRI-O packages (${Object.keys(kubernetesPatches).join(", ")}), got "${minor}"`,
        );
    }
    if (nova.imageId && nova.image) {
        problems.push(
            `cluster.nova.image: expected either cluster.nova.imageId or cluster.nova.image, got both (imageId "${nova.imageId}", image "${nova.image}")`,
        );
    } else if (config.environment === "prod" && !nova.imageId) {
        const got = nova.image ? `the image name "${nova.image}"` : "nothing";
        problems.push(
            `cluster.nova.imageId: expected a Glance image ID in prod (a name follows re-uploads; get the ID with \`openstack image show -f value -c id <name>\`), got ${got}`,
        );
    } else if (!nova.imageId && !nova.image) {
        problems.push("cluster.nova.imageId: expected a Glance image ID (or, in dev, cluster.nova.image with an image name), got nothing");
    }
    const nodes = new Set(nodeNamesOf(config));
    for (const node of Object.keys(nova.rebuilds)) {
        if (!nodes.has(node))
            problems.push(
                `cluster.nova.rebuilds.${node}: expected the name of a node of this cluster (${[...nodes].join(", ")}), got "${node}"`,
            );
    }
    const nodeCidr = config.network.nodeCidr;
    const bits = Number(nodeCidr.split("/")[1]);
    if (bits > 26)
        problems.push(
            `network.nodeCidr: expected a /26 or larger subnet on substrate "nova" (control-plane addresses, the VIP and DHCP share it), got "${nodeCidr}"`,
        );
    if (nova.controlPlaneEndpoint === "kube-vip") {
        const vip = vipAddressOf(config);
        if (!inside(vip, nodeCidr))
            problems.push(`cluster.nova.vipAddress: expected an address inside network.nodeCidr (${nodeCidr}), got "${vip}"`);
        else if (bits <= 26 && cidrRange(`${vip}/32`)!.start - cidrRange(nodeCidr)!.start >= 32) {
            problems.push(
                `cluster.nova.vipAddress: expected one of the first 31 addresses of network.nodeCidr (the rest are DHCP's), got "${vip}"`,
            );
        }
    } else if (nova.vipAddress) {
        problems.push(
            `cluster.nova.vipAddress: expected it unset with controlPlaneEndpoint "octavia" (the load balancer picks its address), got "${nova.vipAddress}"`,
        );
    }
    if (config.environment === "prod") {
        nova.sshAllowedCidrs.forEach((c, i) => {
            if (c.endsWith("/0"))
                problems.push(
                    `cluster.nova.sshAllowedCidrs[${i}]: expected a specific range in prod (no SSH open to the world), got "${c}"`,
                );
        });
    }
    return problems;
}
