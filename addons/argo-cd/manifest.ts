import { defineAddon } from "../../config/addon-manifest";
import { ingressAddons } from "../../config/ingress";
import { ingressTeardownAddons } from "../../config/ingress";
import { argoCdSettings } from "./settings";

// Argo CD (the company-cluster, Magnum (Jetstream2) and bare-metal reference platforms): HA in prod, a UI behind TLS, read-only repository credentials from secret
// config (the Magnum (Jetstream2) reference platform gives Argo a scoped, read-only GitHub token to avoid rate limits), a generated admin
// password, and optionally the root Application that hands the rest of the cluster to the config repository.

export const namespace = "argocd";

export const argoCd = defineAddon({
    key: "argoCd",
    description: "GitOps: Argo CD (HA in prod) with read-only repository credentials and an optional root Application",
    settings: argoCdSettings,
    defaults: {
        dev: { enabled: false, ha: false },
        prod: { enabled: false, ha: true },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: (settings) => (settings.ingress ? ["certManager"] : []),
    uses: ["certManager", ...ingressAddons, ...ingressTeardownAddons, "velero"],
    // The UI and API behind the ingress; Git and Helm repositories outside; deploys through the API server.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "ingress", ports: [8080] },
                { peer: "monitoring", ports: [8082, 8083, 8084] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443, 22] }],
        },
    ],
});
