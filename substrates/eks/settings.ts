import { z } from "zod";
import { cidr, dnsLabel, positiveInt } from "../../model/primitives";

// `cluster.eks`: what only EKS has. Settings left unset come from `eksProfiles` (dev: 2 zones, one NAT; prod:
// 3 zones, NAT per zone, flow logs, every control-plane log, deletion protection), resolved by `resolveEks`.

export const eksLogTypes = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export type EksLogType = (typeof eksLogTypes)[number];

/** AMI families of EKS-optimised images (AL2 images stop at Kubernetes 1.32, so they are not offered). */
export const eksAmiTypes = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;

/** m6i.large, t3.medium, c7gd.2xlarge */
export const instanceTypePattern = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

export const region = z
    .string({ error: 'expected an AWS region such as "eu-west-1"' })
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'expected an AWS region such as "eu-west-1"' });

export const iamPrincipalArn = z
    .string({ error: "expected an IAM role or user ARN" })
    .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
        error: "expected an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admins",
    });

export const logRetentionDays = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const eksNodePoolSettings = z
    .strictObject({
        amiType: z
            .enum(eksAmiTypes)
            .default("AL2023_x86_64_STANDARD")
            .describe(
                "AMI family of the pool's EKS-optimised image (AL2023 or Bottlerocket, x86_64 or ARM). Immutable: changing it replaces the node group.",
            ),
        capacityType: z
            .enum(["ON_DEMAND", "SPOT"])
            .default("ON_DEMAND")
            .describe("On-demand or spot instances. Immutable: changing it replaces the node group."),
        extraInstanceTypes: z
            .array(z.string())
            .default([])
            .describe(
                "More instance types after the pool's `size`, so SPOT pools can draw on several capacity pools. Changing them replaces the node group.",
            ),
        maxUnavailable: positiveInt
            .max(100)
            .default(1)
            .describe("Nodes replaced at once during a node group update (AMI or version rollout)."),
    })
    .describe("What only an EKS managed node group has.");

export const eksClusterSettings = z
    .strictObject({
        region: region.describe('AWS region of the cluster, e.g. "eu-west-1". Changing it builds everything anew in the other region.'),
        privateEndpoint: z.boolean().default(true).describe("The API endpoint inside the VPC (nodes use it)."),
        publicEndpoint: z.boolean().optional().describe("The API endpoint on the internet; when unset, on in dev and off in prod."),
        publicAccessCidrs: z
            .array(cidr)
            .default([])
            .describe("Who may reach the public endpoint; empty means 0.0.0.0/0, which prod refuses."),
        admins: z
            .array(iamPrincipalArn)
            .default([])
            .describe("IAM role/user ARNs with cluster-admin (access entries with AmazonEKSClusterAdminPolicy)."),
        viewers: z
            .array(iamPrincipalArn)
            .default([])
            .describe("IAM role/user ARNs with read-only access (AmazonEKSViewPolicy: no Secrets)."),
        creatorAdmin: z
            .boolean()
            .default(true)
            .describe("Keep the deployer's own admin access entry. Set once at creation: changing it replaces the cluster."),
        workloadIdentity: z
            .enum(["pod-identity", "irsa"])
            .default("pod-identity")
            .describe(
                "How addons' service accounts get AWS credentials: EKS Pod Identity associations, or IAM roles for service accounts through the cluster's OIDC provider.",
            ),
        vpcId: z
            .string()
            .regex(/^vpc-[0-9a-f]{8,17}$/, { error: "expected a VPC ID such as vpc-0123456789abcdef0" })
            .optional()
            .describe("Bring your own VPC: its ID (with subnetIds); the program builds one in network.nodeCidr when unset."),
        subnetIds: z
            .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: "expected a subnet ID such as subnet-0123456789abcdef0" }))
            .optional()
            .describe(
                "Bring your own VPC: the private subnets for nodes and the control plane, one per zone. Changing them replaces the node groups.",
            ),
        privateSubnetCidrs: z
            .array(cidr)
            .optional()
            .describe(
                "Private (node) subnet ranges inside network.nodeCidr, one per zone; computed from nodeCidr when unset. Immutable: a change replaces the subnets.",
            ),
        publicSubnetCidrs: z
            .array(cidr)
            .optional()
            .describe(
                "Public (load balancer, NAT) subnet ranges inside network.nodeCidr, one per zone; computed from nodeCidr when unset. Immutable: a change replaces the subnets.",
            ),
        natGateways: z
            .enum(["single", "per-zone"])
            .optional()
            .describe(
                "NAT gateways for the private subnets: one for the VPC, or one per zone (survives a zone outage); when unset, single in dev and per-zone in prod.",
            ),
        flowLogs: z.boolean().optional().describe("VPC flow logs to CloudWatch; when unset, off in dev and on in prod."),
        logTypes: z
            .array(z.enum(eksLogTypes))
            .optional()
            .describe("Control-plane log types sent to CloudWatch; when unset, audit in dev and all of them in prod."),
        logRetentionDays: z
            .number()
            .refine((d) => (logRetentionDays as readonly number[]).includes(d), {
                error: `expected a CloudWatch retention (${logRetentionDays.join(", ")})`,
            })
            .optional()
            .describe(
                "Days CloudWatch keeps control-plane and flow logs (a CloudWatch retention value); when unset, 7 in dev and 90 in prod.",
            ),
        deletionProtection: z
            .boolean()
            .optional()
            .describe("EKS deletion protection of the cluster; when unset, off in dev and on in prod."),
        imdsHopLimit: z
            .number()
            .int()
            .min(1)
            .max(3)
            .default(1)
            .describe(
                "IMDSv2 hop limit of the nodes. 1 keeps instance metadata, and with it the node role's credentials, away from pods: every AWS-calling addon has its own identity and is given its region and VPC explicitly, and the EBS CSI driver falls back to the Kubernetes API for node metadata. 2 lets pods of yours that read instance metadata reach it (and the node role).",
            ),
        hostedZoneId: z
            .string()
            .regex(/^Z[A-Z0-9]{1,31}$/, { error: "expected a Route53 hosted zone ID such as Z0123456789ABCDEFGHIJ" })
            .optional()
            .describe("Route53 hosted zone ID of dns.zone; looked up by name when unset."),
        supportType: z
            .enum(["STANDARD", "EXTENDED"])
            .default("STANDARD")
            .describe("EKS support policy: EXTENDED keeps an old minor running past standard support at $0.60/h instead of $0.10/h."),
        nodePools: z
            .record(dnsLabel, eksNodePoolSettings)
            .default({})
            .describe("EKS-only settings per pool, keyed by the pool's name in cluster.nodePools."),
    })
    .describe(
        "`substrate: eks`: the AWS side. The generic cluster.nodePools say how big each pool is; `cluster.eks.nodePools.<pool name>` adds what only EKS has (AMI family, spot, rolling-update width).",
    );

export type EksClusterSettings = z.infer<typeof eksClusterSettings>;

export type EksNodePoolSettings = z.infer<typeof eksNodePoolSettings>;
