import * as pulumi from "@pulumi/pulumi";
import * as aws from "../../platform/aws-sdk";
import { subnetPlan, type ResolvedEks } from "./manifest";

// The VPC the cluster lives in: per zone a public subnet (load balancers, NAT) and a private one (nodes
// and pods), NAT for egress (one per zone in prod so losing a zone does not cut the others off, one in
// dev to save ~$33/month each), and flow logs in prod. Or the user's own VPC and subnets.

export interface EksNetworkArgs {
    clusterName: string;
    nodeCidr: string;
    eks: ResolvedEks;
    /** For the flow-log role's trust: only flow logs of this account and region may assume it. */
    accountId: pulumi.Input<string>;
    partition: pulumi.Input<string>;
    /** Parent and the region's AWS provider, for every resource here. */
    opts: pulumi.CustomResourceOptions;
}

export interface EksNetwork {
    readonly vpcId: pulumi.Output<string>;
    /** Nodes and the control plane's network interfaces go here. */
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];
    /** The private subnets' default routes: nodes cannot join without egress, so node groups wait for these. */
    readonly egress: pulumi.Resource[];
    readonly natGateways: aws.ec2.NatGateway[];
}

export function eksNetwork(name: string, args: EksNetworkArgs): EksNetwork {
    const { eks, opts } = args;
    if (eks.vpcId && eks.subnetIds) {
        const vpcId = pulumi.output(eks.vpcId);
        if (eks.flowLogs) flowLogs(name, { ...args, vpcId });
        // The discovery tags the subnets the program builds carry, added one by one to the user's subnets
        // (aws.ec2.Tag leaves their other tags alone and removes only its own on destroy): without them the
        // Load Balancer Controller finds no subnet for internal load balancers and Karpenter none for nodes.
        eks.subnetIds.forEach((subnetId, i) => {
            for (const [key, value] of Object.entries(privateSubnetTags(args.clusterName))) {
                new aws.ec2.Tag(`${name}-subnet-${i + 1}-${key.replace(/[^a-z0-9]+/gi, "-")}`, { resourceId: subnetId, key, value }, opts);
            }
        });
        return { vpcId, privateSubnetIds: eks.subnetIds.map((id) => pulumi.output(id)), publicSubnetIds: [], egress: [], natGateways: [] };
    }

    const cluster = args.clusterName;
    const plan = subnetPlan(args.nodeCidr, eks);
    const zoneNames = eks.zones.length
        ? pulumi.output([...eks.zones])
        : aws.getAvailabilityZonesOutput({ state: "available", region: eks.region }, { parent: opts.parent, provider: opts.provider })
              .names;
    const zone = (i: number) => zoneNames.apply((names) => names[i]);
    // Shared rather than owned: another cluster may be added to the VPC later; the LB controller accepts both.
    const clusterTag = { [`kubernetes.io/cluster/${cluster}`]: "shared" };

    const vpc = new aws.ec2.Vpc(
        `${name}-vpc`,
        { cidrBlock: args.nodeCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: cluster } },
        opts,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: { Name: cluster } }, opts);
    const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: { Name: `${cluster}-public` } }, opts);
    new aws.ec2.Route(
        `${name}-public-default`,
        { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
        opts,
    );

    const publicSubnets = plan.public.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-public-${i + 1}`,
            {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZone: zone(i),
                mapPublicIpOnLaunch: false, // only load balancers and NAT gateways live here, with their own addresses
                tags: { Name: `${cluster}-public-${i + 1}`, "kubernetes.io/role/elb": "1", ...clusterTag },
            },
            opts,
        );
        new aws.ec2.RouteTableAssociation(`${name}-public-${i + 1}`, { routeTableId: publicRoutes.id, subnetId: subnet.id }, opts);
        return subnet;
    });

    const natCount = eks.natGateways === "per-zone" ? plan.public.length : 1;
    const natGateways = publicSubnets.slice(0, natCount).map((subnet, i) => {
        const eip = new aws.ec2.Eip(`${name}-nat-${i + 1}`, { domain: "vpc", tags: { Name: `${cluster}-nat-${i + 1}` } }, opts);
        return new aws.ec2.NatGateway(
            `${name}-nat-${i + 1}`,
            { allocationId: eip.id, subnetId: subnet.id, connectivityType: "public", tags: { Name: `${cluster}-nat-${i + 1}` } },
            { ...opts, dependsOn: [igw] },
        );
    });

    const egress: pulumi.Resource[] = [];
    const privateSubnets = plan.private.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `${name}-private-${i + 1}`,
            {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZone: zone(i),
                tags: { Name: `${cluster}-private-${i + 1}`, ...privateSubnetTags(cluster) },
            },
            opts,
        );
        const routes = new aws.ec2.RouteTable(
            `${name}-private-${i + 1}`,
            { vpcId: vpc.id, tags: { Name: `${cluster}-private-${i + 1}` } },
            opts,
        );
        const nat = natGateways[eks.natGateways === "per-zone" ? i : 0];
        egress.push(
            new aws.ec2.Route(
                `${name}-private-${i + 1}-default`,
                { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
                opts,
            ),
            new aws.ec2.RouteTableAssociation(`${name}-private-${i + 1}`, { routeTableId: routes.id, subnetId: subnet.id }, opts),
        );
        return subnet;
    });

    if (eks.flowLogs) flowLogs(name, { ...args, vpcId: vpc.id });
    return {
        vpcId: vpc.id,
        privateSubnetIds: privateSubnets.map((s) => s.id),
        publicSubnetIds: publicSubnets.map((s) => s.id),
        egress,
        natGateways,
    };
}

/** Tags by which the Load Balancer Controller (internal LBs) and Karpenter (nodes) find the private subnets. */
function privateSubnetTags(cluster: string): Record<string, string> {
    return {
        "kubernetes.io/role/internal-elb": "1",
        // Karpenter finds its subnets by this tag; Cluster Autoscaler uses the node groups' ASG tags.
        "karpenter.sh/discovery": cluster,
        // Shared rather than owned: another cluster may be added to the VPC later; the LB controller accepts both.
        [`kubernetes.io/cluster/${cluster}`]: "shared",
    };
}

/** Every accepted and rejected flow of the VPC into CloudWatch Logs, for incident review. */
function flowLogs(name: string, args: EksNetworkArgs & { vpcId: pulumi.Input<string> }): aws.ec2.FlowLog {
    const { opts, eks } = args;
    const group = new aws.cloudwatch.LogGroup(
        `${name}-flow-logs`,
        { name: `/aws/vpc/${args.clusterName}/flow-logs`, retentionInDays: eks.logRetentionDays },
        opts,
    );
    const role = new aws.iam.Role(
        `${name}-flow-logs`,
        {
            description: `VPC flow logs of ${args.clusterName} into CloudWatch Logs`,
            // The confused-deputy guard AWS documents for vpc-flow-logs: the service assumes the role only for
            // flow logs of this account and region, not on another account's behalf.
            assumeRolePolicy: pulumi.all([args.accountId, args.partition]).apply(([account, partition]) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": account },
                                ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${eks.region}:${account}:vpc-flow-log/*` },
                            },
                        },
                    ],
                }),
            ),
        },
        opts,
    );
    new aws.iam.RolePolicy(
        `${name}-flow-logs`,
        {
            role: role.id,
            policy: group.arn.apply((arn) =>
                JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            Resource: [arn, `${arn}:*`],
                        },
                        { Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: "*" },
                    ],
                }),
            ),
        },
        opts,
    );
    return new aws.ec2.FlowLog(
        `${name}-flow-logs`,
        {
            vpcId: args.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: group.arn,
            iamRoleArn: role.arn,
            tags: { Name: args.clusterName },
        },
        opts,
    );
}
