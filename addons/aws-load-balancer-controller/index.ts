import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { defineAddon } from "../../platform/addon";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import { ingressProblems, type IngressInfo } from "../../platform/ingress";
import iamPolicy from "./iam-policy.json";
import { awsPartition } from "../../platform/aws-arn";

// AWS Load Balancer Controller (EKS): NLBs for Services (the ingress controller's among them) and, as an
// ingress option, ALBs for Ingresses of its class (the EKS reference platform). Its IAM role comes from the cluster's
// workload identity with the upstream policy of the pinned release (policies/aws-load-balancer-controller.json).

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

export interface AwsLoadBalancerControllerArgs {
    cluster: ClusterHandle;
    settings: AwsLoadBalancerControllerSettings;
}

const namespace = "aws-load-balancer-controller";
const serviceAccount = "aws-load-balancer-controller";

export class AwsLoadBalancerController extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** Set when the ALB IngressClass is created. */
    readonly ingress: IngressInfo | undefined;
    /** What owns cloud load balancers: releases whose Services it serves depend on it (teardown order). */
    readonly release: pulumi.Resource;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: AwsLoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("groundwork:addons:AwsLoadBalancerController", name, {}, opts);
        const { settings, cluster } = args;
        const aws = cluster.aws;
        const binder = cluster.workloadIdentity;
        if (!aws || !binder) throw new Error(`internal: ${name} needs the EKS cluster's AWS info and workload identity`);
        // Restricted: the controller is a plain API client (the values below add what the chart leaves out).
        const ns = platformNamespace(this, name, { name: namespace, kubernetesVersion: cluster.kubernetesVersion });
        // Upstream ships the policy for the aws partition (and copies per partition): the same with the region's.
        const policy = JSON.stringify(iamPolicy).replaceAll("arn:aws:", `arn:${awsPartition(aws.region)}:`);
        const identity = binder.bind(this, { name, namespace, serviceAccount, policy });
        const ha = settings.replicas > 1;
        this.release = helmRelease(this, {
            chart: charts.awsLoadBalancerController,
            namespace: ns.metadata.name,
            dependsOn: [...identity.resources],
            values: {
                clusterName: cluster.name,
                region: aws.region,
                // Given explicitly: IMDS is often unreachable from pods (IMDSv2 hop limit 1).
                vpcId: aws.vpcId,
                replicaCount: settings.replicas,
                podDisruptionBudget: ha ? { maxUnavailable: 1 } : {},
                serviceAccount: { create: true, name: serviceAccount, annotations: identity.serviceAccountAnnotations },
                enableServiceMutatorWebhook: settings.serviceMutatorWebhook,
                defaultTargetType: settings.defaultTargetType,
                createIngressClassResource: settings.ingressClass.enabled,
                ingressClass: settings.ingressClass.name,
                ingressClassConfig: { default: settings.ingressClass.default },
                securityContext: {
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                },
            },
        });
        this.namespace = ns.metadata.name;
        this.roleArn = identity.roleArn;
        this.ingress = settings.ingressClass.enabled ? { className: settings.ingressClass.name, isDefault: settings.ingressClass.default } : undefined;
        this.registerOutputs({ namespace: this.namespace, ingress: this.ingress, roleArn: this.roleArn });
    }
}

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
            ingress: [{ peer: "apiServer", ports: [9443] }, { peer: "monitoring", ports: [8080] }],
            egress: [{ peer: "apiServer" }, { peer: "cloudApi" }],
        },
    ],
    create: (name, ctx) => new AwsLoadBalancerController(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
});
