import type * as pulumi from "@pulumi/pulumi";
import type { AddonContext } from "./addon";
import type { ClusterIssuerNames } from "./cluster-issuers";
import { defaultIngress } from "./ingress";
import { ingressControllerReleases } from "./teardown";
import type { IngressSettings } from "../model/ingress-settings";
import { fallbackIngressClass } from "../config/ingress";

export interface TlsIngress {
    readonly host: string;
    readonly className: string;
    readonly annotations: Record<string, string>;
    /** The Secret cert-manager writes the certificate into. */
    readonly secretName: string;
    readonly url: string;
}

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
