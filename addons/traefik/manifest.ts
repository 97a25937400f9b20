import { defineAddon } from "../../config/addon-manifest";
import { ingressProblems } from "../../config/ingress";
import { traefikSettings } from "./settings";

// Traefik: the platform's default ingress controller (the Magnum (Jetstream2) reference platform). One IngressClass, HTTP redirected to
// HTTPS at the entrypoint, and a Service whose load balancer is annotated for the substrate.

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
    validate: (_settings, config) => ingressProblems(config),
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
