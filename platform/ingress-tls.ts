import type * as pulumi from "@pulumi/pulumi";
import type { AddonContext } from "./addon";
import type { ClusterIssuerNames } from "../addons/cert-manager/component";
import { defaultIngress } from "./ingress";
import { ingressControllerReleases } from "./teardown";
import { IngressSettings } from "../model/ingress-settings";

export interface TlsIngress {
    readonly host: string;
    readonly className: string;
    readonly annotations: Record<string, string>;
    /** The Secret cert-manager writes the certificate into. */
    readonly secretName: string;
    readonly url: string;
}

/** Used when no ingress addon is enabled and the setting names no class. */
export const fallbackIngressClass = "traefik";

/** The pieces every chart's ingress block needs, with cert-manager's ingress-shim annotation. */
export function tlsIngress(settings: IngressSettings, issuer: string, secretName: string, defaultClass: string | undefined): TlsIngress {
    return {
        host: settings.host,
        className: settings.className ?? defaultClass ?? fallbackIngressClass,
        annotations: { "cert-manager.io/cluster-issuer": issuer },
        secretName,
        url: `https://${settings.host}`,
    };
}

/**
 * The addons that can provide the default IngressClass: an addon with a UI lists them in `uses`, so it is
 * created after them and reads the class from `defaultIngress(ctx.addons)`.
 */
export const ingressAddons = ["traefik", "cilium", "awsLoadBalancerController"] as const;

/** What an addon with a web UI takes from the platform to expose it: issuer names, the default class, and the controllers its Ingress must be deleted before. */
export interface UiExposure {
    issuers: ClusterIssuerNames | undefined;
    ingressClass: string | undefined;
    ingressControllers: pulumi.Resource[];
}

export function uiExposure(ctx: AddonContext<unknown>): UiExposure {
    return {
        issuers: ctx.addons.certManager?.issuers,
        ingressClass: defaultIngress(ctx.addons)?.className,
        ingressControllers: ingressControllerReleases(ctx.addons, ctx.config),
    };
}
