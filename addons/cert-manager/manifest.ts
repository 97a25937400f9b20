import { defineAddon } from "../../config/addon-manifest";
import { charts } from "../../model/versions";
import { dnsZoneProblems } from "../../config/dns-zone";
import { ingressClassesOf } from "../../config/ingress";
import { certManagerSettings } from "./settings";

// cert-manager and the platform's ClusterIssuers. Every addon that exposes an ingress reads the issuer
// names from this addon's outputs, never from a string of its own. The Let's Encrypt issuers solve
// challenges for `dns.zone` with DNS01 (Route53 or Designate, by dns.provider) and everything else with
// HTTP01 through the platform's default IngressClass (the ingress addon's output).

export const certManager = defineAddon({
    key: "certManager",
    description: "TLS certificates from Let's Encrypt (ACME HTTP01/DNS01) and a self-signed issuer",
    settings: certManagerSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: (_settings, config) =>
        config.dns.provider === "designate" ? [charts.certManager, charts.designateCertmanagerWebhook] : [charts.certManager],
    defaults: {
        dev: { enabled: true, replicas: 1 },
        prod: { enabled: true, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // The ingress addons, for the default IngressClass that answers HTTP01 (a plain string: no dependency).
    uses: ["traefik", "cilium", "awsLoadBalancerController"],
    validate: (settings, config) => {
        const { tls, dns } = config;
        if (tls.issuer !== "selfsigned" && !tls.acmeEmail) {
            return [`tls.acmeEmail: expected an email address for the Let's Encrypt account (tls.issuer is "${tls.issuer}"), got nothing`];
        }
        if (!tls.acmeEmail) return [];
        const dns01 = settings.dns01 && dns.provider !== "none";
        const problems = dns01 ? dnsZoneProblems(config, "addons.certManager.dns01") : [];
        const http01 = settings.http01IngressClass ?? ingressClassesOf(config).find((c) => c.isDefault)?.className;
        if (!http01 && !dns01) {
            problems.push(
                'addons.certManager.http01IngressClass: expected an IngressClass for ACME HTTP01 challenges (no ingress addon is enabled and dns.provider is "none"), got nothing',
            );
        }
        return problems;
    },
    // The webhook (and the Designate DNS01 webhook's aggregated API) for the API server; ACME and the DNS
    // provider outside; DNS01 self-checks ask the zone's authoritative servers directly.
    flows: () => [
        {
            namespace: "cert-manager",
            ingress: [
                { peer: "apiServer", ports: [10250, 443] },
                { peer: "monitoring", ports: [9402] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }, { peer: "internet", ports: [443, 80, 53], udpPorts: [53] }],
        },
    ],
});
