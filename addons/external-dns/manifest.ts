import { defineAddon } from "../../config/addon-manifest";
import { dnsZoneProblems } from "../../config/dns-zone";
import { externalDnsSettings } from "./settings";

// ExternalDNS: DNS records in `dns.zone` for Ingresses and LoadBalancer Services — Route53 on EKS (a role
// that may change that one zone), OpenStack Designate through the inovex webhook provider (the in-tree
// Designate provider was removed). TXT ownership records carry the cluster's name, so two clusters can
// share a zone without deleting each other's records.

export const namespace = "external-dns";

export const externalDns = defineAddon({
    key: "externalDns",
    description: "DNS records for Ingresses and Services in dns.zone (Route53 or OpenStack Designate)",
    settings: externalDnsSettings,
    defaults: {
        dev: { enabled: false, policy: "sync" },
        // Never delete records in prod: a bad deploy must not take a name offline.
        prod: { enabled: false, policy: "upsert-only" },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: (_settings, config) => dnsZoneProblems(config, "addons.externalDns"),
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "monitoring", ports: [7979] }],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
});
