import { defineAddon } from "../../config/addon-manifest";
import { newRelicSettings } from "./settings";

// New Relic's Kubernetes integration (the EKS reference platform monitors prod with New Relic): the nri-bundle with the
// infrastructure agent, metadata injection, kube-state-metrics and events. The license key comes from
// secret config into a Secret the chart reads (global.customSecretName), never from values.

export const newRelic = defineAddon({
    key: "newRelic",
    description: "New Relic Kubernetes integration (infrastructure agent, events, optional logs); license key from secret config",
    settings: newRelicSettings,
    defaults: {
        dev: { enabled: false },
        prod: { enabled: false },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    validate: (settings) =>
        settings.licenseKey
            ? []
            : ["addons.newRelic.licenseKey: expected the name of a secret config key holding the license key, got nothing"],
    // The metadata-injection webhook for the API server; the agents read kubelets; the collectors are outside.
    flows: () => [
        {
            namespace: "newrelic",
            ingress: [{ peer: "apiServer", ports: [8443] }],
            egress: [{ peer: "apiServer" }, { peer: "nodes", ports: [10250] }, { peer: "internet", ports: [443] }],
        },
    ],
});
