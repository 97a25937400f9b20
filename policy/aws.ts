import { definePolicy, type PlatformPolicy } from "./types";
import { at, exposedAdminPorts, isMap, isTrue, isUnknown, list, show, strings, worldCidrs } from "./values";

// AWS: EKS hardening, encrypted disks, no world-open admin ports, KMS rotation, private buckets, no
// wildcard IAM. Input names are the @pulumi/aws 7.x ones (node_modules/@pulumi/aws/**/*.d.ts).

const eksCluster = "aws:eks/cluster:Cluster";
const nodeGroup = "aws:eks/nodeGroup:NodeGroup";
const launchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";

/** Control-plane log types prod must keep: who called the API, and what it did. */
export const requiredEksLogTypes = ["api", "audit", "authenticator"] as const;

export const awsPolicies: readonly PlatformPolicy[] = [
    definePolicy({
        name: "eks-secrets-encryption",
        description: "EKS encrypts Kubernetes Secrets with a KMS key (envelope encryption)",
        resourceTypes: [eksCluster],
        check: (r) => {
            const configs = list(r.inputs.encryptionConfig);
            const ok = configs.some((c) => strings(at(c, "resources")).includes("secrets") && at(c, "provider.keyArn") !== undefined);
            return ok
                ? []
                : [`encryptionConfig: expected { provider: { keyArn }, resources: ["secrets"] }, got ${show(r.inputs.encryptionConfig)}`];
        },
    }),
    definePolicy({
        name: "eks-control-plane-logs",
        description: `EKS in prod ships the ${requiredEksLogTypes.join(", ")} control-plane logs`,
        resourceTypes: [eksCluster],
        prodOnly: true,
        check: (r) => {
            const enabled = strings(r.inputs.enabledClusterLogTypes);
            const missing = requiredEksLogTypes.filter((t) => !enabled.includes(t));
            return missing.length
                ? [
                      `enabledClusterLogTypes: expected ${requiredEksLogTypes.join(", ")}, got ${show(enabled)} (missing ${missing.join(", ")})`,
                  ]
                : [];
        },
    }),
    definePolicy({
        name: "eks-endpoint-not-world-open",
        description: "The EKS API endpoint is private, or public only to listed networks (never 0.0.0.0/0)",
        resourceTypes: [eksCluster],
        check: (r) => {
            const vpc = r.inputs.vpcConfig;
            if (at(vpc, "endpointPublicAccess") === false) return [];
            const cidrs = at(vpc, "publicAccessCidrs");
            if (isUnknown(cidrs)) return [];
            const allowed = strings(cidrs);
            if (allowed.length === 0)
                return [
                    "vpcConfig.publicAccessCidrs: expected the admin networks allowed to reach the public endpoint, got nothing (EKS then allows 0.0.0.0/0)",
                ];
            const open = allowed.filter((c) => worldCidrs.has(c));
            return open.length ? [`vpcConfig.publicAccessCidrs: expected specific networks, got ${show(open)}`] : [];
        },
    }),
    definePolicy({
        name: "eks-deletion-protection",
        description: "A prod EKS cluster has deletion protection on",
        resourceTypes: [eksCluster],
        prodOnly: true,
        check: (r) =>
            r.inputs.deletionProtection === true
                ? []
                : [`deletionProtection: expected true in prod, got ${show(r.inputs.deletionProtection)}`],
    }),
    definePolicy({
        name: "eks-authentication-mode",
        description: "EKS access is managed with access entries (API), not only the aws-auth ConfigMap",
        resourceTypes: [eksCluster],
        check: (r) => {
            const mode = at(r.inputs.accessConfig, "authenticationMode");
            return mode === "API" || mode === "API_AND_CONFIG_MAP" || isUnknown(mode)
                ? []
                : [`accessConfig.authenticationMode: expected "API", got ${show(mode)}`];
        },
    }),
    definePolicy({
        name: "eks-nodegroup-no-remote-ssh",
        description: "Managed node groups open no SSH access (use SSM or kubectl debug)",
        resourceTypes: [nodeGroup],
        check: (r) =>
            r.inputs.remoteAccess === undefined
                ? []
                : [`remoteAccess: expected nothing (no SSH to nodes), got ${show(r.inputs.remoteAccess)}`],
    }),
    definePolicy({
        name: "eks-nodegroup-launch-template",
        description: "Prod node groups use a launch template, so IMDSv2 and disk encryption are enforced",
        resourceTypes: [nodeGroup],
        prodOnly: true,
        check: (r) =>
            r.inputs.launchTemplate !== undefined
                ? []
                : ["launchTemplate: expected a launch template (IMDSv2, encrypted volumes), got nothing"],
    }),
    definePolicy({
        name: "launch-template-imdsv2",
        description: "Launch templates require IMDSv2 session tokens",
        resourceTypes: [launchTemplate],
        check: (r) => {
            const tokens = at(r.inputs.metadataOptions, "httpTokens");
            return tokens === "required" ? [] : [`metadataOptions.httpTokens: expected "required" (IMDSv2), got ${show(tokens)}`];
        },
    }),
    definePolicy({
        name: "launch-template-ebs-encrypted",
        description: "Launch templates map only encrypted EBS volumes",
        resourceTypes: [launchTemplate],
        check: (r) => {
            const mappings = list(r.inputs.blockDeviceMappings).filter((m) => at(m, "ebs") !== undefined);
            if (mappings.length === 0)
                return [
                    "blockDeviceMappings: expected an encrypted EBS root volume, got none (the AMI default follows the account setting)",
                ];
            return mappings.flatMap((m, i) =>
                isTrue(at(m, "ebs.encrypted"))
                    ? []
                    : [`blockDeviceMappings[${i}].ebs.encrypted: expected "true", got ${show(at(m, "ebs.encrypted"))}`],
            );
        },
    }),
    definePolicy({
        name: "ebs-volume-encrypted",
        description: "EBS volumes are encrypted",
        resourceTypes: ["aws:ebs/volume:Volume"],
        check: (r) => (isTrue(r.inputs.encrypted) ? [] : [`encrypted: expected true, got ${show(r.inputs.encrypted)}`]),
    }),
    definePolicy({
        name: "aws-security-group-no-world-admin-ports",
        description: "No security group opens SSH, the Kubernetes API, etcd or the kubelet to the internet",
        resourceTypes: [
            "aws:ec2/securityGroupRule:SecurityGroupRule",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:ec2/securityGroup:SecurityGroup",
        ],
        check: (r) => {
            const rules: { at: string; cidrs: string[]; from: unknown; to: unknown; protocol: unknown }[] = [];
            if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
                if (r.inputs.type !== "ingress") return [];
                rules.push({
                    at: "cidrBlocks",
                    cidrs: [...strings(r.inputs.cidrBlocks), ...strings(r.inputs.ipv6CidrBlocks)],
                    from: r.inputs.fromPort,
                    to: r.inputs.toPort,
                    protocol: r.inputs.protocol,
                });
            } else if (r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
                rules.push({
                    at: "cidrIpv4",
                    cidrs: [...strings(r.inputs.cidrIpv4), ...strings(r.inputs.cidrIpv6)],
                    from: r.inputs.fromPort,
                    to: r.inputs.toPort,
                    protocol: r.inputs.ipProtocol,
                });
            } else {
                list(r.inputs.ingress).forEach((rule, i) =>
                    rules.push({
                        at: `ingress[${i}]`,
                        cidrs: [...strings(at(rule, "cidrBlocks")), ...strings(at(rule, "ipv6CidrBlocks"))],
                        from: at(rule, "fromPort"),
                        to: at(rule, "toPort"),
                        protocol: at(rule, "protocol"),
                    }),
                );
            }
            return rules.flatMap((rule) => {
                const world = rule.cidrs.filter((c) => worldCidrs.has(c));
                const ports = exposedAdminPorts(rule.from, rule.to, rule.protocol);
                return world.length && ports.length
                    ? [`${rule.at}: expected no internet access to ports ${ports.join(", ")}, got ${show(world)}`]
                    : [];
            });
        },
    }),
    definePolicy({
        name: "kms-key-rotation",
        description: "Symmetric KMS keys rotate yearly",
        resourceTypes: ["aws:kms/key:Key"],
        check: (r) => {
            const spec = r.inputs.customerMasterKeySpec ?? r.inputs.keySpec;
            if (spec !== undefined && spec !== "SYMMETRIC_DEFAULT") return [];
            return r.inputs.enableKeyRotation === true ? [] : [`enableKeyRotation: expected true, got ${show(r.inputs.enableKeyRotation)}`];
        },
    }),
    definePolicy({
        name: "s3-block-public-access",
        description: "S3 public access blocks turn on all four switches",
        resourceTypes: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
        check: (r) =>
            ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]
                .filter((k) => r.inputs[k] !== true)
                .map((k) => `${k}: expected true, got ${show(r.inputs[k])}`),
    }),
    definePolicy({
        name: "s3-no-public-acl",
        description: "No S3 bucket or bucket ACL grants public read or write",
        resourceTypes: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
        check: (r) => {
            const acl = r.inputs.acl;
            return typeof acl === "string" && acl.startsWith("public-") ? [`acl: expected "private", got ${show(acl)}`] : [];
        },
    }),
    definePolicy({
        name: "iam-no-wildcard-admin",
        description: "No IAM policy allows every action on every resource",
        resourceTypes: ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/role:Role"],
        check: (r) => {
            const docs: [string, unknown][] =
                r.type === "aws:iam/role:Role"
                    ? list(r.inputs.inlinePolicies).map((p, i) => [`inlinePolicies[${i}].policy`, at(p, "policy")])
                    : [["policy", r.inputs.policy]];
            return docs.flatMap(([path, doc]) =>
                wildcardAdmin(doc)
                    ? [`${path}: expected actions and resources scoped to the addon, got "Action": "*" on "Resource": "*"`]
                    : [],
            );
        },
    }),
];

function wildcardAdmin(doc: unknown): boolean {
    let parsed = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch {
            return false;
        }
    }
    if (!isMap(parsed)) return false;
    return list(parsed.Statement).some(
        (s) => at(s, "Effect") === "Allow" && strings(at(s, "Action")).includes("*") && strings(at(s, "Resource")).includes("*"),
    );
}
