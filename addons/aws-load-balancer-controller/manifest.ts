import { defineAddon } from "../../config/addon-manifest";
import { ingressProblems } from "../../config/ingress";
import { awsLoadBalancerControllerSettings } from "./settings";

// AWS Load Balancer Controller (EKS): NLBs for Services (the ingress controller's among them) and, as an
// ingress option, ALBs for Ingresses of its class (the EKS reference platform). Its IAM role comes from the cluster's
// workload identity with the upstream policy of the pinned release (policies/aws-load-balancer-controller.json).

export const namespace = "aws-load-balancer-controller";

export const awsLoadBalancerController = defineAddon({
    key: "awsLoadBalancerController",
    description: "NLBs for LoadBalancer Services and ALBs for Ingresses on EKS",
    settings: awsLoadBalancerControllerSettings,
    defaults: {
        dev: { enabled: false, replicas: 1 },
        prod: { enabled: false, replicas: 2 },
    },
    // On EKS the ingress controller's NLB needs it.
    substrateDefaults: { eks: { enabled: true } },
    substrates: ["eks"],
    validate: (_settings, config) => ingressProblems(config),
    // Webhooks for Services, Ingresses and TargetGroupBindings; the ELB and EC2 APIs.
    flows: () => [
        {
            namespace,
            ingress: [
                { peer: "apiServer", ports: [9443] },
                { peer: "monitoring", ports: [8080] },
            ],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
});
