/** ClusterIssuer names; plain strings so a consumer's Helm values do not wait on the issuers (no extra wave). */
export interface ClusterIssuerNames {
    /** The issuer `tls.issuer` selects: what ingresses use unless they say otherwise. */
    readonly default: string;
    readonly selfSigned: string;
    /** The platform's internal CA: certificates for TLS inside the cluster (Vault), trusted through ca.crt. */
    readonly internal: string;
    readonly staging?: string;
    readonly production?: string;
}
