import { awsPartition } from "../../model/aws-arn";

// The Karpenter controller's IAM policies, from the v1.14 getting-started CloudFormation template
// (website/content/en/v1.14/getting-started/getting-started-with-karpenter/cloudformation.yaml). Every
// write is scoped to resources tagged for this cluster (kubernetes.io/cluster/<name> = owned) and a
// NodePool or EC2NodeClass; only reads are unscoped. Split like upstream because a managed policy holds
// at most 6,144 characters. Bump with the karpenter chart pin.

export interface KarpenterPolicyArgs {
    clusterName: string;
    region: string;
    accountId: string;
    nodeRoleArn: string;
    /** Interruption queue ARN; undefined when interruption handling is off. */
    queueArn?: string;
}

type Statement = Record<string, unknown>;
const doc = (statements: Statement[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

export function karpenterPolicies(args: KarpenterPolicyArgs): { nodeLifecycle: string; iamIntegration: string; discovery: string } {
    const p = awsPartition(args.region);
    const ec2 = (kind: string) => `arn:${p}:ec2:${args.region}:*:${kind}/*`;
    const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${args.clusterName}`]: "owned" };
    const requestOwned = {
        [`aws:RequestTag/kubernetes.io/cluster/${args.clusterName}`]: "owned",
        "aws:RequestTag/eks:eks-cluster-name": args.clusterName,
    };
    const launched = ["fleet", "instance", "volume", "network-interface", "launch-template", "spot-instances-request"].map(ec2);
    const instanceProfiles = `arn:${p}:iam::${args.accountId}:instance-profile/*`;
    const clusterArn = `arn:${p}:eks:${args.region}:${args.accountId}:cluster/${args.clusterName}`;

    const nodeLifecycle: Statement[] = [
        {
            Sid: "AllowScopedEC2InstanceAccessActions",
            Effect: "Allow",
            Resource: [
                `arn:${p}:ec2:${args.region}::image/*`,
                `arn:${p}:ec2:${args.region}::snapshot/*`,
                ...["security-group", "subnet", "capacity-reservation", "placement-group"].map(ec2),
            ],
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
        },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Resource: ec2("launch-template"),
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Resource: launched,
            Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            Condition: { StringEquals: requestOwned, StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Resource: launched,
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: { ...requestOwned, "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"] },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Resource: ec2("instance"),
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: owned,
                StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": args.clusterName },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Resource: [ec2("instance"), ec2("launch-template")],
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Condition: { StringEquals: owned, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
    ];

    const regionTag = { "aws:RequestTag/topology.kubernetes.io/region": args.region };
    const iamIntegration: Statement[] = [
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Resource: args.nodeRoleArn,
            Action: "iam:PassRole",
            Condition: { StringEquals: { "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"] } },
        },
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:CreateInstanceProfile"],
            Condition: {
                StringEquals: { ...requestOwned, ...regionTag },
                StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:TagInstanceProfile"],
            Condition: {
                StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": args.region, ...requestOwned, ...regionTag },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            Condition: {
                StringEquals: { ...owned, "aws:ResourceTag/topology.kubernetes.io/region": args.region },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
    ];

    const discovery: Statement[] = [
        { Sid: "AllowAPIServerEndpointDiscovery", Effect: "Allow", Resource: clusterArn, Action: "eks:DescribeCluster" },
        ...(args.queueArn
            ? [
                  {
                      Sid: "AllowInterruptionQueueActions",
                      Effect: "Allow",
                      Resource: args.queueArn,
                      Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
                  },
              ]
            : []),
        {
            Sid: "AllowRegionalReadActions",
            Effect: "Allow",
            Resource: "*",
            Action: [
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribePlacementGroups",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
            ],
            Condition: { StringEquals: { "aws:RequestedRegion": args.region } },
        },
        {
            Sid: "AllowSSMReadActions",
            Effect: "Allow",
            Resource: `arn:${p}:ssm:${args.region}::parameter/aws/service/*`,
            Action: "ssm:GetParameter",
        },
        { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
        { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
        { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: "iam:GetInstanceProfile" },
    ];

    return { nodeLifecycle: doc(nodeLifecycle), iamIntegration: doc(iamIntegration), discovery: doc(discovery) };
}

/** EventBridge events Karpenter handles from its queue: Spot interruptions, rebalances, health events, state changes. */
export const interruptionEvents: readonly { name: string; source: string; detailType: string }[] = [
    { name: "scheduled-change", source: "aws.health", detailType: "AWS Health Event" },
    { name: "spot-interruption", source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    { name: "rebalance", source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    { name: "instance-state-change", source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
    { name: "capacity-reservation-interruption", source: "aws.ec2", detailType: "EC2 Capacity Reservation Instance Interruption Warning" },
];
