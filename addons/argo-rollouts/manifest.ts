import { defineAddon } from "../../config/addon-manifest";
import { argoRolloutsSettings } from "./settings";

// Progressive delivery (the EKS reference platform: blue-green deployments and rollbacks): the Argo Rollouts controller, HA
// in prod, wired to the platform's ingress so canaries can shift traffic by weight:
// - Traefik: Rollouts' native TraefikService integration, pointed at Traefik v3's API group (traefik.io;
//   the controller defaults to Traefik v2's traefik.containo.us).
// - Cilium: the Gateway API traffic-router plugin (Cilium implements Gateway API HTTPRoutes).
// - AWS Load Balancer Controller: Rollouts' native ALB integration (weighted target groups), nothing to add.
// Blue-green needs no traffic router at all: it switches the active Service's selector.

export const namespace = "argo-rollouts";

export const argoRollouts = defineAddon({
    key: "argoRollouts",
    description: "Argo Rollouts: blue-green and canary deployments with traffic shifting through the platform's ingress",
    settings: argoRolloutsSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    substrates: ["eks", "magnum", "nova", "existing"],
    // Created after the ingress addons so "auto" can see which one is the default.
    uses: ["traefik", "cilium", "awsLoadBalancerController", "monitoring"],
    // Analysis runs query Prometheus; the dashboard (port-forward only) needs nothing more.
    flows: () => [
        {
            namespace,
            ingress: [{ peer: "monitoring", ports: [8090] }],
            egress: [{ peer: "apiServer" }, { peer: { addon: "monitoring" }, ports: [9090] }],
        },
    ],
});
