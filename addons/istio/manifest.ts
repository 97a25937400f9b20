import { defineAddon } from "../../config/addon-manifest";
import { charts } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";
import { type IstioSettings, istioSettings } from "./settings";

// Istio (the company-cluster and Magnum (Jetstream2) reference platforms; optional): the `base` chart (CRDs, as templates so upgrades apply them) first,
// then istiod. Sidecar injection is opt-in per namespace (label istio-injection=enabled).

/** Authorization policies go into tenant namespaces, which exist before the mesh's policies are applied. */
export function istioProblems(settings: IstioSettings, config: PlatformConfig): string[] {
    const tenants = config.addons.tenants.enabled ? config.addons.tenants.namespaces.map((t) => t.name) : [];
    return settings.authorization.flatMap((entry, i) =>
        tenants.includes(entry.namespace)
            ? []
            : [
                  `addons.istio.authorization[${i}].namespace: expected one of the tenant namespaces (${tenants.join(", ") || "none"}), got "${entry.namespace}"`,
              ],
    );
}

export const istio = defineAddon({
    key: "istio",
    description: "Service mesh (Istio base + istiod), sidecar injection opt-in per namespace",
    settings: istioSettings,
    // Every chart it installs: the upgrade guard checks each against the cluster version.
    pins: [charts.istioBase, charts.istio],
    defaults: { dev: { enabled: false, replicas: 1, mtls: "PERMISSIVE" }, prod: { enabled: false, replicas: 2, mtls: "STRICT" } },
    uses: ["tenants"],
    validate: istioProblems,
    substrates: ["eks", "magnum", "nova", "existing"],
    // istiod: sidecar injection webhook for the API server; xDS and certificates for every meshed pod.
    flows: () => [
        {
            namespace: "istio-system",
            ingress: [
                { peer: "apiServer", ports: [15017] },
                { peer: "allNamespaces", ports: [15010, 15012] },
                { peer: "monitoring", ports: [15014] },
            ],
            egress: [{ peer: "apiServer" }],
        },
    ],
});
