import * as pulumi from "@pulumi/pulumi";
import type * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { defineComponent, requireAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { tlsIngress } from "../../platform/ingress-tls";
import { platformNamespace } from "../../platform/namespace";
import { namespacedSecret } from "../../platform/secrets";
import { charts } from "../../model/versions";
import { defaultIngress } from "../../platform/ingress";
import { ingressControllerReleases } from "../../platform/teardown";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { CertManager } from "../cert-manager/component";
import type { KargoSettings } from "./settings";
import { kargo } from "./manifest";

// The kargo ComponentResource; its settings and rules are in ./manifest.ts.

export interface KargoArgs {
    cluster: ClusterHandle;
    settings: KargoSettings;
    certManager: CertManager;
    ingressClass?: string;
    /** ExternalDNS and the ingress controller: destroyed after the API's Ingress (platform/teardown.ts). */
    ingressControllers?: pulumi.Resource[];
}

const apiSecret = "kargo-api";

export class Kargo extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: KargoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:Kargo", name, {}, opts);
        const { settings, cluster, certManager } = args;
        // "restricted" (the default), with global.securityContext below: the chart sets none itself.
        const ns = platformNamespace(this, name, { name: "kargo", kubernetesVersion: cluster.kubernetesVersion });
        const admin = new random.RandomPassword(`${name}-admin`, { length: 32, special: false }, { parent: this });
        const signingKey = new random.RandomPassword(`${name}-token-signing-key`, { length: 32, special: false }, { parent: this });
        const secret = namespacedSecret(this, `${name}-api`, {
            secretName: apiSecret,
            namespace: ns.metadata.name,
            stringData: { ADMIN_ACCOUNT_PASSWORD_HASH: admin.bcryptHash, ADMIN_ACCOUNT_TOKEN_SIGNING_KEY: signingKey.result },
        });
        const initialAdmin = namespacedSecret(this, `${name}-admin-password`, {
            secretName: "kargo-admin-password",
            namespace: ns.metadata.name,
            stringData: { password: admin.result },
        });
        const ingress = settings.ingress
            ? tlsIngress(settings.ingress, certManager.issuers.default, "kargo-api-ingress-cert", args.ingressClass)
            : undefined;
        this.release = helmRelease(this, {
            chart: charts.kargo,
            namespace: ns.metadata.name,
            // The chart creates cert-manager Certificates for its API and webhooks.
            dependsOn: [secret, initialAdmin, ...certManager.ready, ...(ingress ? (args.ingressControllers ?? []) : [])],
            values: {
                crds: { install: true, keep: true },
                // Every Kargo container's securityContext (the image runs as uid 65532): "restricted"-compliant.
                global: {
                    securityContext: {
                        runAsNonRoot: true,
                        allowPrivilegeEscalation: false,
                        capabilities: { drop: ["ALL"] },
                        seccompProfile: { type: "RuntimeDefault" },
                    },
                },
                api: {
                    host: settings.ingress?.host ?? "localhost",
                    // The password hash and signing key come from the Secret above, not from values.
                    secret: { name: apiSecret },
                    adminAccount: { enabled: true },
                    ingress: ingress
                        ? {
                              enabled: true,
                              ingressClassName: ingress.className,
                              annotations: ingress.annotations,
                              tls: { enabled: true, selfSignedCert: false, secretName: ingress.secretName },
                          }
                        : { enabled: false },
                },
            },
        });
        this.namespace = ns.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}

export const kargoComponent = defineComponent(
    kargo,
    (name, ctx): Kargo =>
        new Kargo(
            name,
            {
                cluster: ctx.cluster,
                settings: ctx.settings,
                certManager: requireAddon(ctx, "certManager"),
                ingressClass: defaultIngress(ctx.addons)?.className,
                ingressControllers: ingressControllerReleases(ctx.addons, ctx.config),
            },
            ctx.opts,
        ),
);
