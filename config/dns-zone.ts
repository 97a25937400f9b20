import type { PlatformConfig } from "./types";

/** The problems of a config whose addon at `path` writes into the DNS zone (ExternalDNS, DNS01). */
export function dnsZoneProblems(config: PlatformConfig, path: string): string[] {
    const { provider, zone, cloudsYaml } = config.dns;
    if (provider === "none") return [`dns.provider: expected "route53" or "designate" because ${path} writes DNS records, got "none"`];
    const problems: string[] = [];
    if (!zone) problems.push(`dns.zone: expected the zone ${path} writes records into, got nothing`);
    // Route53 credentials come from EKS workload identity only: no static keys in the cluster.
    if (provider === "route53" && config.substrate !== "eks") {
        problems.push(
            `dns.provider: expected "designate" or "none" on substrate "${config.substrate}" (Route53 needs EKS workload identity), got "route53"`,
        );
    }
    // On Magnum and Nova the cluster's own application credential is the default.
    if (provider === "designate" && !cloudsYaml && config.substrate !== "magnum" && config.substrate !== "nova") {
        problems.push(
            `dns.cloudsYaml: expected the secret config key holding a clouds.yaml for Designate (${path} on substrate "${config.substrate}"), got nothing`,
        );
    }
    return problems;
}
