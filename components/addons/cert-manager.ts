import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { defineAddon } from "../addon";
import { crdBundle } from "../crds";
import { helmRelease } from "../helm";
import { platformNamespace } from "../namespace";
import { charts, crdBundles } from "../versions";
import type { ClusterHandle } from "../cluster/handle";
import type { PlatformConfig } from "../../stacks/types";

// cert-manager and the platform's ClusterIssuers. Every addon that exposes an ingress reads the issuer
// names from this addon's outputs, never from a string of its own.

export const certManagerSettings = z.strictObject({
    enabled: z.boolean(),
    replicas: z.number().int().min(1).max(5),
    /** IngressClass that answers ACME HTTP01 challenges. */
    http01IngressClass: z.string().min(1).default("traefik"),
});
export type CertManagerSettings = z.infer<typeof certManagerSettings>;

const acmeServers = {
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
    "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
} as const;

/** ClusterIssuer names; plain strings so a consumer's Helm values do not wait on the issuers (no extra wave). */
export interface ClusterIssuerNames {
    /** The issuer `tls.issuer` selects: what ingresses use unless they say otherwise. */
    readonly default: string;
    readonly selfSigned: string;
    readonly staging?: string;
    readonly production?: string;
}

export interface CertManagerArgs {
    cluster: ClusterHandle;
    settings: CertManagerSettings;
    tls: PlatformConfig["tls"];
}

export class CertManager extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly issuers: ClusterIssuerNames;
    /** What a Certificate or other cert-manager resource must wait for: the CRDs and the webhook. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:CertManager", name, {}, opts);
        const { settings, cluster, tls } = args;
        const ns = platformNamespace(this, name, { name: "cert-manager", kubernetesVersion: cluster.kubernetesVersion });
        const crds = crdBundle(this, name, crdBundles.certManager);
        const ha = settings.replicas > 1;
        const release = helmRelease(this, {
            chart: charts.certManager,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds],
            values: {
                crds: { enabled: false, keep: true },
                replicaCount: settings.replicas,
                webhook: { replicaCount: settings.replicas, podDisruptionBudget: { enabled: ha, minAvailable: 1 } },
                cainjector: { replicaCount: settings.replicas, podDisruptionBudget: { enabled: ha, minAvailable: 1 } },
                podDisruptionBudget: { enabled: ha, minAvailable: 1 },
                // Leader election in its own namespace, so cert-manager needs no rights in kube-system.
                global: { leaderElection: { namespace: "cert-manager" } },
                prometheus: { enabled: true },
            },
        });
        this.ready = [crds, release];

        const issuer = (issuerName: string, spec: Record<string, unknown>) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${issuerName}`,
                { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: issuerName }, spec },
                { parent: this, dependsOn: this.ready },
            );

        issuer("selfsigned", { selfSigned: {} });
        const names: { -readonly [K in keyof ClusterIssuerNames]: ClusterIssuerNames[K] } = { default: tls.issuer, selfSigned: "selfsigned" };
        if (tls.acmeEmail) {
            for (const [issuerName, server] of Object.entries(acmeServers)) {
                issuer(issuerName, {
                    acme: {
                        email: tls.acmeEmail,
                        server,
                        privateKeySecretRef: { name: `${issuerName}-account-key` },
                        solvers: [{ http01: { ingress: { ingressClassName: settings.http01IngressClass } } }],
                    },
                });
            }
            names.staging = "letsencrypt-staging";
            names.production = "letsencrypt-production";
        }
        this.issuers = names;
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace, issuers: this.issuers });
    }
}

export const certManager = defineAddon({
    key: "certManager",
    description: "TLS certificates from Let's Encrypt (ACME HTTP01/DNS01) and a self-signed issuer",
    settings: certManagerSettings,
    defaults: {
        dev: { enabled: true, replicas: 1 },
        prod: { enabled: true, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: (_settings, config) =>
        config.tls.issuer !== "selfsigned" && !config.tls.acmeEmail
            ? [`tls.acmeEmail: expected an email address for the Let's Encrypt account (tls.issuer is "${config.tls.issuer}"), got nothing`]
            : [],
    create: (name, ctx) => new CertManager(name, { cluster: ctx.cluster, settings: ctx.settings, tls: ctx.config.tls }, ctx.opts),
});
