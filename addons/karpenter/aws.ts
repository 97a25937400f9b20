import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import type { AwsClusterInfo } from "../../platform/cluster/handle";
import { awsPartition, servicePrincipal } from "../../model/aws-arn";
import { interruptionEvents, karpenterPolicies } from "./policy";
import { kebab } from "../../model/names";

// The AWS side of Karpenter: the role its nodes run as (joined to the cluster by an EKS access entry), the
// interruption queue fed by EventBridge, and the controller's policies. Karpenter creates the nodes'
// instance profiles itself from the EC2NodeClass `role`, within the scoped IAM permissions below.

export interface KarpenterAwsArgs {
    clusterName: string;
    aws: AwsClusterInfo;
    interruptionHandling: boolean;
}

export interface KarpenterAws {
    readonly nodeRole: aws.iam.Role;
    readonly accessEntry: aws.eks.AccessEntry;
    readonly queue?: aws.sqs.Queue;
    /** The controller's policies, attached to its workload identity role. */
    readonly controllerPolicies: aws.iam.Policy[];
    /** Everything the controller must find in place before it starts. */
    readonly resources: pulumi.Resource[];
}

// Like the managed node groups' role: the VPC CNI has its own workload identity role (EKS substrate), so
// unlike upstream's template the node role carries no AmazonEKS_CNI_Policy (and no SSM access).
const nodeManagedPolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];

export function karpenterAws(scope: pulumi.Resource, name: string, args: KarpenterAwsArgs): KarpenterAws {
    const opts: pulumi.CustomResourceOptions = { parent: scope, provider: args.aws.provider };
    const { region } = args.aws;
    const partition = awsPartition(region);

    const nodeRole = new aws.iam.Role(
        `${name}-node`,
        {
            description: `Nodes Karpenter launches for ${args.clusterName}`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: servicePrincipal("ec2", region) }, Action: "sts:AssumeRole" }],
            }),
            tags: { "karpenter.sh/discovery": args.clusterName },
        },
        opts,
    );
    const attachments = nodeManagedPolicies.map(
        (policy) =>
            new aws.iam.RolePolicyAttachment(
                `${name}-node-${policy}`,
                { role: nodeRole.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` },
                opts,
            ),
    );
    // Lets kubelets on those nodes join the cluster (the access-entry replacement for the aws-auth ConfigMap).
    // The cluster name from the cluster resource, not the config string: the entry must wait for the cluster.
    const accessEntry = new aws.eks.AccessEntry(
        `${name}-node`,
        { clusterName: args.aws.eksClusterName, principalArn: nodeRole.arn, type: "EC2_LINUX" },
        opts,
    );

    let queue: aws.sqs.Queue | undefined;
    const queueResources: pulumi.Resource[] = [];
    if (args.interruptionHandling) {
        queue = new aws.sqs.Queue(
            `${name}-interruption`,
            { name: `${args.clusterName}-karpenter`, messageRetentionSeconds: 300, sqsManagedSseEnabled: true },
            opts,
        );
        const queuePolicy = new aws.sqs.QueuePolicy(
            `${name}-interruption`,
            {
                queueUrl: queue.url,
                policy: queue.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                                Action: "sqs:SendMessage",
                                Resource: arn,
                            },
                            {
                                Sid: "DenyHTTP",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "sqs:*",
                                Resource: arn,
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                        ],
                    }),
                ),
            },
            opts,
        );
        queueResources.push(queue, queuePolicy);
        for (const event of interruptionEvents) {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${event.name}`,
                {
                    description: `Karpenter interruption handling for ${args.clusterName}`,
                    eventPattern: JSON.stringify({ source: [event.source], "detail-type": [event.detailType] }),
                },
                opts,
            );
            queueResources.push(
                rule,
                new aws.cloudwatch.EventTarget(
                    `${name}-${event.name}`,
                    { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" },
                    opts,
                ),
            );
        }
    }

    const documents = pulumi
        .all([args.aws.accountId, nodeRole.arn, queue?.arn])
        .apply(([accountId, nodeRoleArn, queueArn]) =>
            karpenterPolicies({ clusterName: args.clusterName, region, accountId, nodeRoleArn, queueArn }),
        );
    const controllerPolicies = (["nodeLifecycle", "iamIntegration", "discovery"] as const).map(
        (part) =>
            new aws.iam.Policy(
                `${name}-${kebab(part)}`,
                { description: `Karpenter controller (${part}) for ${args.clusterName}`, policy: documents.apply((d) => d[part]) },
                opts,
            ),
    );

    return {
        nodeRole,
        accessEntry,
        queue,
        controllerPolicies,
        resources: [nodeRole, ...attachments, accessEntry, ...queueResources, ...controllerPolicies],
    };
}
