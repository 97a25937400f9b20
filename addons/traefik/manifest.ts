import { defineAddon } from "../../config/addon-manifest";
import { capabilitiesOf } from "../../config/capabilities";
import { ingressProblems } from "../../config/ingress";
import type { PlatformConfig } from "../../config/types";
import { type TraefikSettings, traefikSettings } from "./settings";

// Traefik: the platform's default ingress controller (the Magnum (Jetstream2) reference platform). One IngressClass, HTTP redirected to
// HTTPS at the entrypoint, and a Service whose load balancer is annotated for the substrate.

/** Fixed node ports only where the Service is a NodePort, and two different ones. */
export function nodePortProblems(settings: TraefikSettings, config: PlatformConfig): string[] {
    const ports = settings.nodePorts;
    if (!ports) return [];
    if (config.substrate === "existing" && !config.cluster.existing) return []; // reported by the substrate's rule
    const loadBalancer = capabilitiesOf(config).loadBalancer;
    if (loadBalancer !== "none") {
        return [
            `addons.traefik.nodePorts: expected nothing where the Service is a LoadBalancer (the substrate's load balancer is "${loadBalancer}"; node ports are for clusters without one, such as kind), got {http: ${ports.http}, https: ${ports.https}}`,
        ];
    }
    return ports.http === ports.https
        ? [`addons.traefik.nodePorts.https: expected a port other than nodePorts.http, got ${ports.https} for both`]
        : [];
}

export const traefikResources = { requests: { cpu: "100m", memory: "128Mi" } };

export const traefik = defineAddon({
    key: "traefik",
    description: "Ingress controller (default IngressClass, HTTP to HTTPS redirect) behind the substrate's load balancer",
    settings: traefikSettings,
    defaults: {
        dev: { enabled: true, replicas: 1 },
        prod: { enabled: true, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // On EKS the Service's NLB comes from the AWS Load Balancer Controller.
    requires: (_settings, config) => (config.substrate === "eks" ? ["awsLoadBalancerController"] : []),
    uses: ["metallb", "awsLoadBalancerController", "openstackCloudControllerManager"],
    validate: (settings, config) => [...ingressProblems(config), ...nodePortProblems(settings, config)],
    // Spread over nodes, but ScheduleAnyway: two replicas may share a node.
    pods: (settings) => [
        {
            what: "Traefik",
            setting: "addons.traefik.replicas",
            replicas: settings.replicas,
            requests: traefikResources.requests,
            onePerNode: false,
        },
    ],
    // The platform's entrance: clients from anywhere on the web ports, then any backend in the cluster
    // (each backend namespace admits it on its own ports).
    flows: () => [
        {
            namespace: "traefik",
            ingress: [
                { peer: "loadBalancer", ports: [8000, 8443] },
                { peer: "monitoring", ports: [9100] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "allNamespaces" }],
        },
    ],
});
