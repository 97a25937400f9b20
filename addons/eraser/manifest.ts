import { defineAddon } from "../../config/addon-manifest";
import { eraserSettings } from "./settings";

// Eraser (the Magnum (Jetstream2) reference platform): removes unused container images from every node on a schedule. The Magnum (Jetstream2) reference platform added it after
// two 32 GB images filled every node's root volume and forced a full re-roll.

export const eraser = defineAddon({
    key: "eraser",
    description:
        "Removes unused container images from nodes on a schedule (the Magnum (Jetstream2) reference platform's disk-full incident)",
    settings: eraserSettings,
    defaults: { dev: { enabled: false, interval: "24h" }, prod: { enabled: false, interval: "24h" } },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Removes images through the node's containerd socket; its scanner downloads vulnerability databases.
    flows: () => [
        {
            namespace: "eraser-system",
            ingress: [{ peer: "monitoring" }],
            egress: [{ peer: "apiServer" }, { peer: "internet", ports: [443] }],
        },
    ],
});
