import { z } from "zod";

// The settings of aws-load-balancer-controller under `addons.awsLoadBalancerController` in the stack config.

export const awsLoadBalancerControllerSettings = z.strictObject({
    enabled: z.boolean().describe("Run the AWS Load Balancer Controller: NLBs for Services and ALBs for Ingresses of its class."),
    replicas: z.number().int().min(1).max(5).describe("Controller replicas (one leader; the others take over)."),
    ingressClass: z
        .strictObject({
            enabled: z.boolean().default(true).describe("Create the IngressClass, so Ingresses can ask for ALBs."),
            name: z.string().min(1).default("alb").describe("Name of the IngressClass."),
            default: z
                .boolean()
                .default(false)
                .describe("Make it the default IngressClass (ALB ingress); exactly one enabled class must be."),
        })
        .default({ enabled: true, name: "alb", default: false })
        .describe("The ALB IngressClass."),
    serviceMutatorWebhook: z
        .boolean()
        .default(false)
        .describe(
            "Let the controller take every new LoadBalancer Service (it injects its loadBalancerClass). Off: only Services annotated `aws-load-balancer-type: external` are its, and other implementations keep theirs.",
        ),
    defaultTargetType: z
        .enum(["ip", "instance"])
        .default("ip")
        .describe('What load balancers register: "ip" pod IPs (VPC CNI, Cilium ENI/chaining), "instance" node ports.'),
});

export type AwsLoadBalancerControllerSettings = z.infer<typeof awsLoadBalancerControllerSettings>;
