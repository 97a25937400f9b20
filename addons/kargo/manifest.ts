import { defineAddon } from "../../config/addon-manifest";
import { ingressAddons } from "../../config/ingress";
import { ingressTeardownAddons } from "../../config/ingress";
import { kargoSettings } from "./settings";

// Kargo (the Magnum (Jetstream2) reference platform): promotes new images through stages by updating Argo CD Applications. It needs Argo CD
// (it drives its Applications) and cert-manager (its API and webhooks get certificates from it). The admin
// account's bcrypt hash and the token signing key are generated here and handed over as one Secret.

export const kargo = defineAddon({
    key: "kargo",
    description: "Kargo: image promotion through stages on top of Argo CD",
    settings: kargoSettings,
    defaults: { dev: { enabled: false }, prod: { enabled: false } },
    substrates: ["eks", "magnum", "nova", "existing"],
    requires: () => ["argoCd", "certManager"],
    uses: [...ingressAddons, ...ingressTeardownAddons],
    // The UI and API behind the ingress; webhooks for the API server; Git and registries outside.
    flows: () => [
        {
            namespace: "kargo",
            ingress: [{ peer: "ingress", ports: [8080] }, { peer: "apiServer", ports: [9443] }, { peer: "monitoring" }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443, 22] }],
        },
    ],
});
