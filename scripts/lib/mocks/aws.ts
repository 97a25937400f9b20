import type { CallAnswer, OutputFaker, State } from "./common";

// Offline answers for @pulumi/aws resources and functions the program reads outputs of. Every value is
// derived from the logical name and inputs only, so two plans of one config are byte-identical. The
// account is AWS's documentation account; resources without a `region` input are placed in us-east-1.

export const offlineAccountId = "123456789012";
const defaultRegion = "us-east-1";
const regionOf = (inputs: State) => (typeof inputs.region === "string" ? inputs.region : defaultRegion);

/** A stable hex string from a name (FNV-1a), for IDs that AWS would generate. */
export function offlineHex(name: string, length = 32): string {
    let out = "";
    for (let round = 0; out.length < length; round++) {
        let h = 0x811c9dc5 ^ round;
        for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
        out += h.toString(16).padStart(8, "0");
    }
    return out.slice(0, length);
}

const arn = (service: string, resource: string, region = "", account = offlineAccountId) =>
    `arn:aws:${service}:${region}:${account}:${resource}`;
const nameOr = (inputs: State, key: string, fallback: string) => (typeof inputs[key] === "string" ? (inputs[key] as string) : fallback);

export const awsOutputs: Record<string, OutputFaker> = {
    "aws:eks/cluster:Cluster": (name, inputs) => {
        const cluster = nameOr(inputs, "name", name);
        const region = regionOf(inputs);
        const id = offlineHex(cluster).toUpperCase();
        return {
            name: cluster,
            arn: arn("eks", `cluster/${cluster}`, region),
            endpoint: `https://${id}.gr7.${region}.eks.amazonaws.com`,
            certificateAuthority: { data: Buffer.from(`offline certificate authority of ${cluster}`).toString("base64") },
            identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id}` }] }],
            platformVersion: "eks.1",
            status: "ACTIVE",
            vpcConfig: {
                ...((inputs.vpcConfig as State) ?? {}),
                clusterSecurityGroupId: `sg-${offlineHex(`${cluster}-cluster-sg`, 17)}`,
                vpcId: "vpc-offline",
            },
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (name, inputs) => ({
        arn: arn("eks", `nodegroup/${inputs.clusterName}/${name}/${offlineHex(name, 8)}`, regionOf(inputs)),
        status: "ACTIVE",
    }),
    "aws:eks/addon:Addon": (name, inputs) => ({
        arn: arn("eks", `addon/${inputs.clusterName}/${inputs.addonName}/${offlineHex(name, 8)}`, regionOf(inputs)),
    }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs) => ({
        associationId: `a-${offlineHex(name, 17)}`,
        associationArn: arn("eks", `podidentityassociation/${inputs.clusterName}/a-${offlineHex(name, 17)}`, regionOf(inputs)),
    }),
    "aws:eks/accessEntry:AccessEntry": (name, inputs) => ({
        accessEntryArn: arn("eks", `access-entry/${inputs.clusterName}/${offlineHex(name, 8)}`, regionOf(inputs)),
    }),
    "aws:iam/role:Role": (name) => ({ name, arn: arn("iam", `role/${name}`), uniqueId: `AROA${offlineHex(name, 17).toUpperCase()}` }),
    "aws:iam/policy:Policy": (name) => ({ name, arn: arn("iam", `policy/${name}`), policyId: `ANPA${offlineHex(name, 17).toUpperCase()}` }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name, inputs) => ({
        arn: arn("iam", `oidc-provider/${String(inputs.url ?? name).replace(/^https:\/\//, "")}`),
    }),
    "aws:kms/key:Key": (name, inputs) => {
        const keyId = [8, 4, 4, 4, 12].map((n, i) => offlineHex(`${name}-${i}`, n)).join("-");
        return { keyId, arn: arn("kms", `key/${keyId}`, regionOf(inputs)) };
    },
    "aws:ec2/vpc:Vpc": (name, inputs) => ({
        arn: arn("ec2", `vpc/vpc-${offlineHex(name, 17)}`, regionOf(inputs)),
        defaultSecurityGroupId: `sg-${offlineHex(`${name}-default`, 17)}`,
    }),
    "aws:ec2/subnet:Subnet": (name, inputs) => ({ arn: arn("ec2", `subnet/subnet-${offlineHex(name, 17)}`, regionOf(inputs)) }),
    "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs) => ({
        arn: arn("ec2", `launch-template/lt-${offlineHex(name, 17)}`, regionOf(inputs)),
        latestVersion: 1,
        defaultVersion: 1,
    }),
    "aws:ec2/eip:Eip": (name) => ({ allocationId: `eipalloc-${offlineHex(name, 17)}`, publicIp: "198.51.100.10" }),
    "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => ({
        arn: arn("logs", `log-group:${nameOr(inputs, "name", name)}`, regionOf(inputs)),
    }),
    "aws:cloudwatch/eventRule:EventRule": (name, inputs) => ({
        arn: arn("events", `rule/${nameOr(inputs, "name", name)}`, regionOf(inputs)),
    }),
    "aws:sqs/queue:Queue": (name, inputs) => {
        const queue = nameOr(inputs, "name", name);
        return {
            arn: arn("sqs", queue, regionOf(inputs)),
            url: `https://sqs.${regionOf(inputs)}.amazonaws.com/${offlineAccountId}/${queue}`,
        };
    },
    "aws:s3/bucket:Bucket": (name, inputs) => {
        const bucket = nameOr(inputs, "bucket", name);
        return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${regionOf(inputs)}.amazonaws.com` };
    },
};

export const awsCalls: Record<string, CallAnswer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: offlineAccountId,
        arn: `arn:aws:sts::${offlineAccountId}:assumed-role/offline-deployer/offline`,
        userId: "AROAOFFLINEDEPLOYER:offline",
        id: offlineAccountId,
    }),
    // The session issuer of the offline caller above; offline, no cluster exists yet.
    "aws:iam/getSessionContext:getSessionContext": (inputs) => {
        const caller = String(inputs.arn ?? "");
        const role = /assumed-role\/([^/]+)\//.exec(caller)?.[1];
        return {
            arn: caller,
            id: caller,
            issuerArn: role ? `arn:aws:iam::${offlineAccountId}:role/${role}` : caller,
            issuerId: "AROAOFFLINEDEPLOYER",
            issuerName: role ?? "",
            sessionName: "offline",
        };
    },
    "aws:eks/getClusters:getClusters": () => ({ id: "clusters", names: [] }),
    "aws:index/getPartition:getPartition": () => ({
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
        id: "aws",
    }),
    "aws:index/getRegion:getRegion": (inputs) => {
        const region = regionOf(inputs);
        return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
        const region = regionOf(inputs);
        const letters = ["a", "b", "c", "d"];
        return {
            names: letters.map((l) => `${region}${l}`),
            zoneIds: letters.map((_, i) => `use1-az${i + 1}`),
            id: region,
            groupNames: [region],
        };
    },
    "aws:route53/getZone:getZone": (inputs) => {
        const zone = String(inputs.name ?? "example.com").replace(/\.$/, "");
        const zoneId = `Z${offlineHex(zone, 20).toUpperCase()}`;
        return { zoneId, id: zoneId, name: zone, arn: `arn:aws:route53:::hostedzone/${zoneId}`, privateZone: false, nameServers: [] };
    },
};
