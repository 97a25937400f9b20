import type * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

// Vault on TLS inside the cluster. cert-manager's internal CA (the `internal-ca` ClusterIssuer) signs the
// server certificate; every client trusts that CA: Vault's own CLI in its pods, the audit, snapshot and
// restore Jobs (ca.crt only, never the server key), ESO's ClusterSecretStore and VSO's VaultConnection.
// Rotation: cert-manager renews the certificate 30 days before it expires and rewrites the Secret; the
// kubelet updates the mounted files; a sidecar sees the new certificate and sends Vault SIGHUP, on which
// Vault reloads its listener's certificate without a restart (no re-unseal).

/** The Secret cert-manager writes (tls.crt, tls.key, ca.crt). */
export const vaultTlsSecret = "vault-server-tls";
/** Where the server's pods mount it. */
export const vaultTlsDir = "/vault/tls";
/** Where clients (Jobs) mount the CA alone. */
const clientCaDir = "/vault-ca";

/** Every name a client may use: the Services, each raft peer behind the headless Service, and localhost. */
export function vaultServerNames(namespace: string, replicas: number): string[] {
    const services = ["vault", "vault-active", "vault-standby", "vault-internal"].flatMap((s) => [
        s,
        `${s}.${namespace}`,
        `${s}.${namespace}.svc`,
        `${s}.${namespace}.svc.cluster.local`,
    ]);
    const peers = Array.from({ length: replicas }, (_, i) => `vault-${i}.vault-internal`);
    return [...services, ...peers, `*.vault-internal.${namespace}.svc.cluster.local`, "localhost"];
}

export interface VaultCertificateArgs {
    namespace: string;
    replicas: number;
    /** The internal CA ClusterIssuer (cert-manager). */
    issuer: string;
    dependsOn: pulumi.Resource[];
}

/** The server certificate: 90 days, renewed at 60, a new key each time. */
export function vaultCertificate(scope: pulumi.Resource, name: string, args: VaultCertificateArgs): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        name,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name: vaultTlsSecret, namespace: args.namespace },
            spec: {
                secretName: vaultTlsSecret,
                duration: "2160h",
                renewBefore: "720h",
                privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
                usages: ["server auth", "client auth"],
                dnsNames: vaultServerNames(args.namespace, args.replicas),
                ipAddresses: ["127.0.0.1"],
                issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: args.issuer },
            },
        },
        { parent: scope, dependsOn: args.dependsOn },
    );
}

/** The chart values that turn the listener to TLS and reload the certificate when cert-manager renews it. */
export function vaultServerTlsValues(vaultImage: string): Record<string, unknown> {
    // Same user as Vault (uid 100) in a shared process namespace: allowed to signal it, nothing more.
    const reload = [
        "set -eu",
        `last="$(cat ${vaultTlsDir}/tls.crt | md5sum)"`,
        "while sleep 60; do",
        `  now="$(cat ${vaultTlsDir}/tls.crt | md5sum)"`,
        '  if [ "$now" != "$last" ]; then',
        '    pid="$(pidof vault || true)"; [ -n "$pid" ] && kill -HUP $pid && echo reloaded; last="$now"',
        "  fi",
        "done",
    ].join("\n");
    return {
        shareProcessNamespace: true,
        volumes: [{ name: "tls", secret: { secretName: vaultTlsSecret } }],
        volumeMounts: [{ name: "tls", mountPath: vaultTlsDir, readOnly: true }],
        extraEnvironmentVars: { VAULT_CACERT: `${vaultTlsDir}/ca.crt` },
        extraContainers: [
            {
                name: "tls-reloader",
                image: vaultImage,
                command: ["/bin/sh", "-c", reload],
                securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    runAsNonRoot: true,
                    runAsUser: 100,
                },
                volumeMounts: [{ name: "tls", mountPath: vaultTlsDir, readOnly: true }],
                resources: { requests: { cpu: "5m", memory: "16Mi" }, limits: { memory: "32Mi" } },
            },
        ],
    };
}

/** What a Vault CLI container needs to trust the server: VAULT_CACERT and the CA (only ca.crt) mounted. */
export interface VaultClientTrust {
    env: k8s.types.input.core.v1.EnvVar[];
    volumeMounts: k8s.types.input.core.v1.VolumeMount[];
    volumes: k8s.types.input.core.v1.Volume[];
}

export function vaultClientTrust(tls: boolean): VaultClientTrust {
    if (!tls) return { env: [], volumeMounts: [], volumes: [] };
    return {
        env: [{ name: "VAULT_CACERT", value: `${clientCaDir}/ca.crt` }],
        volumeMounts: [{ name: "vault-ca", mountPath: clientCaDir, readOnly: true }],
        volumes: [{ name: "vault-ca", secret: { secretName: vaultTlsSecret, items: [{ key: "ca.crt", path: "ca.crt" }] } }],
    };
}
