import { z } from "zod";
import { dnsLabel, ipv4Address, secretRef } from "../../model/primitives";

// The settings of metallb under `addons.metallb` in the stack config.

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
    mode: z
        .enum(["l2", "bgp"])
        .default("l2")
        .describe("How addresses are announced: L2 (ARP, one node answers per address) or BGP to the routers."),
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
