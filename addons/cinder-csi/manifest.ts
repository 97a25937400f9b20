import { defineAddon } from "../../config/addon-manifest";
import { cloudProviderOpenstackCharts } from "../../model/versions";
import { chartPinProblem, magnumManagedProblem } from "../openstack-cloud-controller-manager/manifest";
import { cinderCsiSettings } from "./settings";

// Cinder CSI: PersistentVolumes as Cinder volumes. The chart's built-in classes carry no volume type and
// bind immediately, so groundwork creates its own StorageClasses (WaitForFirstConsumer, expandable; data
// classes Retain in prod so deleting a claim never deletes the data). On nova by default; never on Magnum.

export const cinderCsi = defineAddon({
    key: "cinderCsi",
    description: "Cinder CSI: PersistentVolumes on OpenStack block storage, with StorageClasses (nova; existing on OpenStack)",
    settings: cinderCsiSettings,
    // One chart release per Kubernetes minor (cloud-provider-openstack follows Kubernetes).
    pins: (_settings, config) => [cloudProviderOpenstackCharts.cinderCsi[config.cluster.kubernetesVersion]].filter((p) => p !== undefined),
    defaults: {
        dev: { enabled: false, defaultClass: { name: "cinder", reclaimPolicy: "Delete" } },
        prod: { enabled: false, defaultClass: { name: "cinder", reclaimPolicy: "Retain" } },
    },
    substrateDefaults: { nova: { enabled: true } },
    substrates: ["nova", "existing", "magnum"],
    validate: (settings, config) => {
        const problems = [...magnumManagedProblem("cinderCsi", config)];
        if (config.substrate === "magnum") return problems;
        if (config.substrate === "existing" && !settings.existing) {
            problems.push('addons.cinderCsi.existing: expected the cloud settings on substrate "existing", got nothing');
        }
        const names = [settings.defaultClass.name, ...settings.extraClasses.map((c) => c.name)];
        names.forEach((n, i) => {
            if (names.indexOf(n) !== i)
                problems.push(`addons.cinderCsi.extraClasses: expected StorageClass names no other class has, got "${n}" twice`);
        });
        return [...problems, ...chartPinProblem("cinderCsi", cloudProviderOpenstackCharts.cinderCsi, config)];
    },
    // Cinder and Nova APIs (any port: the OpenStack catalog decides) and the metadata service.
    flows: () => [{ namespace: "cinder-csi", egress: [{ peer: "apiServer" }, { peer: "cloudApi" }] }],
});
