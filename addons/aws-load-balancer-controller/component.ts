import * as pulumi from "@pulumi/pulumi";
import { helmRelease } from "../../platform/helm";
import { platformNamespace } from "../../platform/namespace";
import { charts } from "../../model/versions";
import type { ClusterHandle } from "../../platform/cluster/handle";
import type { IngressInfo } from "../../platform/ingress";
import iamPolicy from "./iam-policy.json";
import { awsPartition } from "../../model/aws-arn";
import { defineComponent } from "../../platform/addon";
import type { AwsLoadBalancerControllerSettings } from "./settings";
import { awsLoadBalancerController, namespace } from "./manifest";

// The aws-load-balancer-controller ComponentResource; its settings and rules are in ./manifest.ts.

export interface AwsLoadBalancerControllerArgs {
    cluster: ClusterHandle;
    settings: AwsLoadBalancerControllerSettings;
}

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
        this.ingress = settings.ingressClass.enabled
            ? { className: settings.ingressClass.name, isDefault: settings.ingressClass.default }
            : undefined;
        this.registerOutputs({ namespace: this.namespace, ingress: this.ingress, roleArn: this.roleArn });
    }
}

export const awsLoadBalancerControllerComponent = defineComponent(
    awsLoadBalancerController,
    (name, ctx) => new AwsLoadBalancerController(name, { cluster: ctx.cluster, settings: ctx.settings }, ctx.opts),
);
