import { defineAddon } from "../../config/addon-manifest";
import { valkeySettings } from "./settings";

// Valkey (the Magnum (Jetstream2) reference platform; optional): the Redis-compatible cache, from the official valkey-io chart (Bitnami's
// images are frozen). A primary with read replicas in prod, each on its own volume; the `default` user's
// password is generated and read by the chart from a Secret. The chart has no Sentinel: a lost primary is
// rescheduled, not failed over.

export const valkey = defineAddon({
    key: "valkey",
    description: "Redis-compatible cache (Valkey, official chart) with a generated password",
    settings: valkeySettings,
    defaults: { dev: { enabled: false, replicas: 0, storage: "2Gi" }, prod: { enabled: false, replicas: 2, storage: "10Gi" } },
    substrates: ["eks", "magnum", "nova", "existing"],
    flows: () => [
        {
            namespace: "valkey",
            ingress: [
                { peer: "allNamespaces", ports: [6379] },
                { peer: "monitoring", ports: [9121] },
            ],
            egress: [{ peer: "apiServer" }],
        },
    ],
});
