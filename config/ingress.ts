import type { PlatformConfig } from "./types";

// Clean teardown (`pulumi destroy` leaves nothing behind in the cloud): an object whose cloud side a
// controller owns — an Ingress (DNS record by ExternalDNS, load balancer by the ingress controller or the AWS
// Load Balancer Controller), a LoadBalancer Service (load balancer by the AWS Load Balancer Controller or
// the OpenStack cloud-controller-manager) — must be deleted while that controller still runs. Pulumi deletes
// in reverse dependency order, so the release that renders the object depends on the controllers' releases.

/** What an addon with a web UI lists in `uses`, so those releases exist when it is created. */
export const ingressTeardownAddons = ["externalDns", "cilium", "awsLoadBalancerController"] as const;

/** Used when no ingress addon is enabled and the setting names no class. */
export const fallbackIngressClass = "traefik";

/**
 * The addons that can provide the default IngressClass: an addon with a UI lists them in `uses`, so it is
 * created after them and reads the class from `defaultIngress(ctx.addons)`.
 */
export const ingressAddons = ["traefik", "cilium", "awsLoadBalancerController"] as const;

/** An enabled ingress class as the config declares it, with the setting that makes it the default. */
export interface IngressClassChoice {
    readonly className: string;
    readonly isDefault: boolean;
    /** The config path of its "default" switch, for messages. */
    readonly defaultPath: string;
}

/** The ingress classes an (already parsed) config enables. */
export function ingressClassesOf(config: PlatformConfig): IngressClassChoice[] {
    const { traefik, cilium, awsLoadBalancerController: lbc } = config.addons;
    const classes: IngressClassChoice[] = [];
    if (traefik.enabled) classes.push({ className: traefikClassName, isDefault: traefik.default, defaultPath: "addons.traefik.default" });
    if (cilium.enabled && cilium.ingressController.enabled) {
        classes.push({
            className: ciliumClassName,
            isDefault: cilium.ingressController.default,
            defaultPath: "addons.cilium.ingressController.default",
        });
    }
    if (lbc.enabled && lbc.ingressClass.enabled) {
        classes.push({
            className: lbc.ingressClass.name,
            isDefault: lbc.ingressClass.default,
            defaultPath: "addons.awsLoadBalancerController.ingressClass.default",
        });
    }
    return classes;
}

export const traefikClassName = "traefik";

/** The cilium chart names its IngressClass "cilium" (not configurable). */
export const ciliumClassName = "cilium";

/** The rule every ingress addon's `validate` runs: when any ingress is enabled, exactly one class is the default. */
export function ingressProblems(config: PlatformConfig): string[] {
    const classes = ingressClassesOf(config);
    const defaults = classes.filter((c) => c.isDefault);
    if (classes.length === 0 || defaults.length === 1) return [];
    if (defaults.length === 0) {
        const switches = classes.map((c) => c.defaultPath).join(" or ");
        return [`${classes[0].defaultPath}: expected exactly one default IngressClass (set ${switches} to true), got none`];
    }
    const which = defaults.map((c) => `${c.className} by ${c.defaultPath}`).join(", ");
    return [`${defaults[1].defaultPath}: expected exactly one default IngressClass, got ${defaults.length} (${which})`];
}
