import { defineAddon } from "../../config/addon-manifest";
import { metallbSettings } from "./settings";

// MetalLB: addresses for Services of type LoadBalancer on bare metal (the bare-metal reference platform), from IP pools announced
// over L2 (ARP) or BGP. The chart installs and upgrades its CRDs (a subchart's templates, not crds/), so the
// pools and advertisements wait for the release, whose validating webhook must be up to admit them.

export const namespace = "metallb-system";

export const metallb = defineAddon({
    key: "metallb",
    description: "LoadBalancer Service addresses on bare metal from IP pools announced over L2 or BGP",
    settings: metallbSettings,
    defaults: {
        dev: { enabled: false },
        prod: { enabled: false },
    },
    substrates: ["existing"],
    validate: (settings, config) => {
        const problems: string[] = [];
        const lb = config.cluster.existing?.loadBalancer;
        if (config.substrate === "existing" && lb !== "metallb") {
            problems.push(
                `cluster.existing.loadBalancer: expected "metallb" because addons.metallb is enabled, got ${JSON.stringify(lb ?? "none")}`,
            );
        }
        if (settings.pools.length === 0) problems.push("addons.metallb.pools: expected at least one IP address pool, got an empty list");
        const seen = new Set<string>();
        settings.pools.forEach((pool, i) => {
            if (seen.has(pool.name))
                problems.push(`addons.metallb.pools[${i}].name: expected a name no other pool has, got "${pool.name}" twice`);
            seen.add(pool.name);
        });
        if (settings.mode === "bgp" && !settings.bgp)
            problems.push('addons.metallb.bgp: expected myASN and peers (addons.metallb.mode is "bgp"), got nothing');
        if (settings.mode === "l2" && settings.bgp)
            problems.push('addons.metallb.mode: expected "bgp" because addons.metallb.bgp is set, got "l2"');
        return problems;
    },
    // The speakers run on the host network (outside NetworkPolicy); the controller serves a webhook.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "apiServer", ports: [9443] },
                { peer: "monitoring", ports: [7472] },
            ],
            egress: [{ peer: "apiServer" }],
        },
    ],
});
