import { defineAddon } from "../../config/addon-manifest";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import type { PlatformConfig } from "../../config/types";
import { openstackCloudControllerManagerSettings } from "./settings";

// The OpenStack cloud-controller-manager: initialises nodes that kubelets started with
// --cloud-provider=external (addresses, zones, the uninitialized taint) and gives Services of type
// LoadBalancer an Octavia load balancer. On nova by default; on Magnum never (Magnum deploys its own).

/** Magnum deploys the CCM and Cinder CSI itself; the addons refuse to run beside them. */
export function magnumManagedProblem(key: string, config: PlatformConfig): string[] {
    return config.substrate === "magnum"
        ? [
              `addons.${key}.enabled: expected false on substrate "magnum" (Magnum already deploys the OpenStack cloud-controller-manager and Cinder CSI in its clusters), got true`,
          ]
        : [];
}

/** The chart pin of the cluster's minor (cloud-provider-openstack releases follow Kubernetes minors). */
export function chartPinProblem(key: string, pins: Readonly<Record<string, unknown>>, config: PlatformConfig): string[] {
    return pins[config.cluster.kubernetesVersion]
        ? []
        : [
              `cluster.kubernetesVersion: expected a minor with a pinned cloud-provider-openstack chart for addons.${key} (${Object.keys(pins).join(", ")}), got "${config.cluster.kubernetesVersion}"`,
          ];
}

export const openstackCloudControllerManager = defineAddon({
    key: "openstackCloudControllerManager",
    description: "OpenStack cloud-controller-manager: node initialisation and Octavia load balancers (nova; existing on OpenStack)",
    settings: openstackCloudControllerManagerSettings,
    // One chart release per Kubernetes minor (cloud-provider-openstack follows Kubernetes).
    pins: (_settings, config) =>
        [cloudProviderOpenstackCharts.cloudControllerManager[config.cluster.kubernetesVersion]].filter((p) => p !== undefined),
    defaults: { dev: { enabled: false }, prod: { enabled: false } },
    substrateDefaults: { nova: { enabled: true } },
    substrates: ["nova", "existing", "magnum"],
    validate: (settings, config) => {
        const problems = [...magnumManagedProblem("openstackCloudControllerManager", config)];
        if (config.substrate === "magnum") return problems;
        if (config.substrate === "existing" && !settings.existing) {
            problems.push(
                'addons.openstackCloudControllerManager.existing: expected the cloud, subnetId (and floatingNetworkId) on substrate "existing", got nothing',
            );
        }
        return [
            ...problems,
            ...chartPinProblem("openstackCloudControllerManager", cloudProviderOpenstackCharts.cloudControllerManager, config),
        ];
    },
    // Nova, Octavia and Neutron APIs (any port: the OpenStack catalog decides).
    flows: () => [{ namespace: "openstack-ccm", egress: [{ peer: "apiServer" }, { peer: "cloudApi" }] }],
});
