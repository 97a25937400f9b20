import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { SecretReader } from "../../config/types";
import { dnsLabel, ipv4Address, secretRef } from "../../model/primitives";

// MetalLB: addresses for Services of type LoadBalancer on bare metal (the bare-metal reference platform), from IP pools announced
// over L2 (ARP) or BGP. The chart installs and upgrades its CRDs (a subchart's templates, not crds/), so the
// pools and advertisements wait for the release, whose validating webhook must be up to admit them.

const ipv4 = String.raw`(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}`;
const poolAddressPattern = new RegExp(`^(${ipv4}/(3[0-2]|[12]?\\d)|${ipv4}-${ipv4})$`);
const poolAddressMessage = "expected a CIDR such as 192.168.10.0/24 or a range such as 192.168.10.10-192.168.10.50";

/** One entry of an IPAddressPool's `addresses`: a CIDR or an inclusive `first-last` range. */
export const poolAddress = z
    .string({ error: poolAddressMessage })
    .regex(poolAddressPattern, { error: poolAddressMessage })
    .refine((value) => !value.includes("-") || ipNumber(value.split("-")[0]) <= ipNumber(value.split("-")[1]), {
        error: "expected a range whose first address is not after its last",
    });

function ipNumber(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

const asn = z.number({ error: "expected an AS number" }).int({ error: "expected an AS number" }).min(1).max(4294967295);

export const metallbSettings = z.strictObject({
    enabled: z.boolean().describe("Run MetalLB: addresses for Services of type LoadBalancer on bare metal."),
    mode: z.enum(["l2", "bgp"]).default("l2").describe("How addresses are announced: L2 (ARP, one node answers per address) or BGP to the routers."),
    pools: z
        .array(
            z
                .strictObject({
                    name: dnsLabel.describe("Name of the IPAddressPool (Services pick a pool by it)."),
                    addresses: z.array(poolAddress).min(1).describe("The pool's addresses: CIDRs or inclusive first-last ranges."),
                    autoAssign: z
                        .boolean()
                        .default(true)
                        .describe("False keeps the pool for Services that ask for it by the metallb.io/address-pool annotation."),
                })
                .describe("An IPAddressPool."),
        )
        .default([])
        .describe("Address pools LoadBalancer Services get addresses from."),
    bgp: z
        .strictObject({
            myASN: asn.describe("The cluster's own AS number."),
            peers: z
                .array(
                    z
                        .strictObject({
                            name: dnsLabel.describe("Name of the BGPPeer."),
                            peerAddress: ipv4Address.describe("The router's address."),
                            peerASN: asn.describe("The router's AS number."),
                            password: secretRef.optional().describe("Secret config key with the BGP session's MD5 password."),
                        })
                        .describe("A router MetalLB peers with."),
                )
                .min(1)
                .describe("The routers to announce to."),
        })
        .optional()
        .describe("BGP sessions (mode bgp)."),
});
export type MetallbSettings = z.infer<typeof metallbSettings>;

export interface MetallbArgs {
    cluster: ClusterHandle;
    settings: MetallbSettings;
    secrets: SecretReader;
}

const namespace = "metallb-system";

export class Metallb extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Pool names, in config order; the first is where ingress controllers take their address from. */
    readonly pools: string[];
    readonly release: pulumi.Resource;

    constructor(name: string, args: MetallbArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Metallb", name, {}, opts);
        const { settings, cluster } = args;
        // Privileged: the speaker runs on the host network with NET_RAW to answer ARP and speak BGP.
        const ns = platformNamespace(this, name, { name: namespace, podSecurity: "privileged", kubernetesVersion: cluster.kubernetesVersion });
        const release = helmRelease(this, {
            chart: charts.metallb,
            namespace: ns.metadata.name,
            values: {
                crds: { enabled: true },
                // 0.16 made the FRR-K8s backend the default; the native speaker covers L2 and plain BGP.
                frrk8s: { enabled: false },
                speaker: { frr: { enabled: false } },
            },
        });
        this.release = release;

        const custom = (kind: string, apiVersion: string, crName: string, spec: Record<string, unknown>, deps: pulumi.Resource[] = []) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${kind.toLowerCase()}-${crName}`,
                { apiVersion, kind, metadata: { name: crName, namespace }, spec },
                { parent: this, dependsOn: [release, ...deps] },
            );

        const poolNames = settings.pools.map((pool) => {
            custom("IPAddressPool", "metallb.io/v1beta1", pool.name, { addresses: [...pool.addresses], autoAssign: pool.autoAssign });
            return pool.name;
        });

        if (settings.mode === "l2") {
            custom("L2Advertisement", "metallb.io/v1beta1", "l2", { ipAddressPools: poolNames });
        } else if (settings.bgp) {
            const bgp = settings.bgp;
            for (const peer of bgp.peers) {
                let passwordSecret: k8s.core.v1.Secret | undefined;
                if (peer.password) {
                    // MetalLB reads the password from a basic-auth Secret in its own namespace.
                    passwordSecret = new k8s.core.v1.Secret(
                        `${name}-bgp-${peer.name}`,
                        {
                            metadata: { name: `bgp-${peer.name}`, namespace: ns.metadata.name },
                            type: "kubernetes.io/basic-auth",
                            stringData: { password: args.secrets(peer.password) },
                        },
                        { parent: this },
                    );
                }
                custom(
                    "BGPPeer",
                    "metallb.io/v1beta2",
                    peer.name,
                    {
                        myASN: bgp.myASN,
                        peerASN: peer.peerASN,
                        peerAddress: peer.peerAddress,
                        ...(peer.password ? { passwordSecret: { name: `bgp-${peer.name}`, namespace } } : {}),
                    },
                    passwordSecret ? [passwordSecret] : [],
                );
            }
            custom("BGPAdvertisement", "metallb.io/v1beta1", "bgp", { ipAddressPools: poolNames });
        }

        this.namespace = ns.metadata.name;
        this.pools = poolNames;
        this.registerOutputs({ namespace: this.namespace, pools: this.pools });
    }
}

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
            problems.push(`cluster.existing.loadBalancer: expected "metallb" because addons.metallb is enabled, got ${JSON.stringify(lb ?? "none")}`);
        }
        if (settings.pools.length === 0) problems.push("addons.metallb.pools: expected at least one IP address pool, got an empty list");
        const seen = new Set<string>();
        settings.pools.forEach((pool, i) => {
            if (seen.has(pool.name)) problems.push(`addons.metallb.pools[${i}].name: expected a name no other pool has, got "${pool.name}" twice`);
            seen.add(pool.name);
        });
        if (settings.mode === "bgp" && !settings.bgp) problems.push('addons.metallb.bgp: expected myASN and peers (addons.metallb.mode is "bgp"), got nothing');
        if (settings.mode === "l2" && settings.bgp) problems.push('addons.metallb.mode: expected "bgp" because addons.metallb.bgp is set, got "l2"');
        return problems;
    },
    // The speakers run on the host network (outside NetworkPolicy); the controller serves a webhook.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "apiServer", ports: [9443] }, { peer: "monitoring", ports: [7472] }],
            egress: [{ peer: "apiServer" }],
        },
    ],
    create: (name, ctx) => new Metallb(name, { cluster: ctx.cluster, settings: ctx.settings, secrets: ctx.secrets }, ctx.opts),
});
