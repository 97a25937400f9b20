import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdBundle } from "../../platform/crds";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts, crdBundles } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { PlatformConfig, SecretReader } from "../../config/types";
import { designateSolver, designateWebhook, route53Solver } from "./dns01";
import { designateCloudsYaml } from "../../platform/dns-zone";
import { defaultIngress } from "../../platform/ingress";
import { ingressIssuerOf } from "../../platform/backups/restore";
import { defineComponent } from "../../platform/addon";
import type { CertManagerSettings } from "./settings";
import { certManager } from "./manifest";
import type { ClusterIssuerNames } from "../../platform/cluster-issuers";

// The cert-manager ComponentResource; its settings and rules are in ./manifest.ts.

const acmeServers = {
    "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
    "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
} as const;

const internalIssuer = "internal-ca";

const internalCaSecret = "groundwork-internal-ca";

export interface CertManagerArgs {
    cluster: ClusterHandle;
    settings: CertManagerSettings;
    tls: PlatformConfig["tls"];
    dns: PlatformConfig["dns"];
    /** Restore mode may switch the default issuer to staging (restore.useStagingCertificates). */
    restore?: PlatformConfig["restore"];
    /** IngressClass for HTTP01: the override setting, else the default ingress addon's class. */
    http01IngressClass?: string;
    secrets: SecretReader;
}

export class CertManager extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly issuers: ClusterIssuerNames;
    /** What a Certificate or other cert-manager resource must wait for: the CRDs and the webhook. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:CertManager", name, {}, opts);
        const { settings, cluster, tls, dns } = args;
        const ns = platformNamespace(this, name, { name: "cert-manager", kubernetesVersion: cluster.kubernetesVersion });
        const crds = crdBundle(this, name, crdBundles.certManager);
        const ha = settings.replicas > 1;
        const dns01Zone = tls.acmeEmail && settings.dns01 && dns.provider !== "none" ? dns.zone : undefined;
        const route53 = dns01Zone && dns.provider === "route53" ? route53Solver(this, name, cluster, dns01Zone, "cert-manager") : undefined;
        const release = helmRelease(this, {
            chart: charts.certManager,
            namespace: ns.metadata.name,
            skipCrds: true,
            dependsOn: [crds, ...(route53?.resources ?? [])],
            values: {
                ...(route53 ? { serviceAccount: { annotations: route53.serviceAccountAnnotations } } : {}),
                crds: { enabled: false, keep: true },
                replicaCount: settings.replicas,
                // Requests so the scheduler reserves room (and the policy pack's requests rule holds); no CPU limits.
                resources: { requests: { cpu: "20m", memory: "64Mi" } },
                webhook: {
                    replicaCount: settings.replicas,
                    podDisruptionBudget: { enabled: ha, minAvailable: 1 },
                    resources: { requests: { cpu: "10m", memory: "32Mi" } },
                },
                cainjector: {
                    replicaCount: settings.replicas,
                    podDisruptionBudget: { enabled: ha, minAvailable: 1 },
                    resources: { requests: { cpu: "10m", memory: "64Mi" } },
                },
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
        // The internal CA: a self-signed root (10 years, in cert-manager's namespace, where ClusterIssuers
        // read their Secrets), then a CA issuer signing with it. Every certificate it issues carries the root
        // in ca.crt, which is how clients in any namespace get the trust anchor.
        new k8s.apiextensions.CustomResource(
            `${name}-internal-ca-root`,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                metadata: { name: internalCaSecret, namespace: ns.metadata.name },
                spec: {
                    isCA: true,
                    commonName: "groundwork internal CA",
                    secretName: internalCaSecret,
                    duration: "87600h",
                    renewBefore: "8760h",
                    privateKey: { algorithm: "ECDSA", size: 256 },
                    issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "selfsigned" },
                },
            },
            { parent: this, dependsOn: this.ready },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-${internalIssuer}`,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name: internalIssuer },
                spec: { ca: { secretName: internalCaSecret } },
            },
            // Not after the root: cert-manager readies the issuer once the root's Secret appears (no extra wave).
            { parent: this, dependsOn: this.ready },
        );
        // DNS01 for the platform's zone (most specific selector wins), HTTP01 for every other name.
        const solvers: Record<string, unknown>[] = [];
        if (dns01Zone && route53) solvers.push({ selector: { dnsZones: [dns01Zone] }, ...route53.solver });
        if (dns01Zone && dns.provider === "designate") {
            designateWebhook(this, name, {
                namespace: ns.metadata.name,
                cloudsYaml: designateCloudsYaml(cluster, dns, args.secrets),
                certManagerReady: this.ready,
            });
            solvers.push({ selector: { dnsZones: [dns01Zone] }, ...designateSolver });
        }
        if (args.http01IngressClass) solvers.push({ http01: { ingress: { ingressClassName: args.http01IngressClass } } });
        const names: { -readonly [K in keyof ClusterIssuerNames]: ClusterIssuerNames[K] } = {
            default: args.restore ? ingressIssuerOf({ tls, restore: args.restore }) : tls.issuer,
            selfSigned: "selfsigned",
            internal: internalIssuer,
        };
        if (tls.acmeEmail) {
            for (const [issuerName, server] of Object.entries(acmeServers)) {
                issuer(issuerName, {
                    acme: {
                        email: tls.acmeEmail,
                        server,
                        privateKeySecretRef: { name: `${issuerName}-account-key` },
                        solvers,
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

export const certManagerComponent = defineComponent(
    certManager,
    (name, ctx): CertManager =>
        new CertManager(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                tls: ctx.config.tls,
                dns: ctx.config.dns,
                restore: ctx.config.restore,
                http01IngressClass: ctx.settings.http01IngressClass ?? defaultIngress(ctx.addons)?.className,
                secrets: ctx.secrets,
            },
            ctx.opts,
        ),
);
