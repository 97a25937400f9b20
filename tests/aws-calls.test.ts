import { expect } from "chai";
import type { Plan } from "../scripts/lib/offline";
import { allows, type Request } from "./iam-policy";
import { configFileWith, planOf, planOfConfig, stackConfigWith } from "./harness";

// What the tools that write backups really ask S3, checked against the policies the program gives them.
// barman-cloud (CloudNativePG's WAL archiving and base backups) calls HeadBucket before every archive, backup and
// restore (barman's cloud_s3 _check_bucket_existence); Velero's AWS plugin calls HeadBucket for the bucket's
// region, then lists and writes under its prefix; the Vault snapshot Job lists, writes and reads its prefix.
// HeadBucket is authorised as s3:ListBucket on the bucket with no s3:prefix in the request.

function rolePolicies(plan: Plan, name: string): string[] {
    const policies = plan.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith(name));
    expect(policies, `a role policy named *${name}`).to.have.length.greaterThan(0);
    return policies.map((r) => String(r.inputs.policy));
}

function toolCalls(bucketArn: string, prefix: string): Request[] {
    return [
        { action: "s3:ListBucket", resource: bucketArn }, // HeadBucket
        { action: "s3:GetBucketLocation", resource: bucketArn },
        { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": `${prefix}/` } },
        { action: "s3:PutObject", resource: `${bucketArn}/${prefix}/base/20261205T000000/data.tar` },
        { action: "s3:GetObject", resource: `${bucketArn}/${prefix}/wals/0000000100000000/000000010000000000000001` },
        { action: "s3:DeleteObject", resource: `${bucketArn}/${prefix}/base/20261101T000000/data.tar` },
    ];
}

/** A config patch moving the cluster, its zones and the backup bucket to `region`. */
const inRegion = (region: string) => ({
    "groundwork:cluster": { eks: { region } },
    "groundwork:network": { zones: ["a", "b", "c"].map((z) => `${region}${z}`) },
    "groundwork:backups": { objectStore: { region } },
});

describe("AWS calls of the backup tools", () => {
    for (const [component, roleSuffix] of [
        ["postgres", "postgres-backup"],
        ["velero", "velero"],
        ["vault", "vault-snapshot"],
    ] as const) {
        it(`${component}: every call its tool makes is allowed, and nothing outside its prefix`, async () => {
            const plan = await planOf("prod");
            const policies = rolePolicies(plan, roleSuffix);
            const bucketArn = "arn:aws:s3:::groundwork-prod-backups";
            const prefix = `groundwork-prod/${component}`;
            for (const call of toolCalls(bucketArn, prefix)) expect(allows(policies, call), JSON.stringify(call)).to.equal(true);
            const foreign = [
                { action: "s3:ListBucket", resource: bucketArn, context: { "s3:prefix": "other-cluster/postgres/" } },
                { action: "s3:GetObject", resource: `${bucketArn}/other-cluster/${component}/x` },
                { action: "s3:PutObject", resource: "arn:aws:s3:::someone-elses-bucket/x" },
            ];
            for (const call of foreign) expect(allows(policies, call), JSON.stringify(call)).to.equal(false);
        });
    }

    it("names the bucket in the region's partition (China and GovCloud ARNs are not arn:aws:)", async () => {
        for (const [region, partition] of [
            ["cn-north-1", "aws-cn"],
            ["us-gov-west-1", "aws-us-gov"],
        ]) {
            const plan = await planOfConfig(stackConfigWith("prod", inRegion(region)), "prod");
            const [policy] = rolePolicies(plan, "postgres-backup");
            expect(policy).to.contain(`arn:${partition}:s3:::groundwork-prod-backups`).and.not.contain("arn:aws:s3");
        }
    });

    it("writes every policy of the China partition with arn:aws-cn: (upstream's aws-partition policies adapted)", async () => {
        const region = "cn-north-1";
        const plan = await planOfConfig(configFileWith("examples/eks-every-addon-benchmark.yaml", inRegion(region)), "prod");
        // Flow logs and Vault's unseal key name a log group's and a KMS key's ARN: the service returns those.
        const written = plan.resources.filter(
            (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && !/(flow-logs|vault-server)$/.test(r.name),
        );
        expect(written.length).to.be.greaterThan(8);
        for (const r of written) expect(String(r.inputs.policy), r.name).to.not.contain("arn:aws:");
    });

    it("lets VPC flow logs assume their role only for this account's flow logs (confused deputy)", async () => {
        const plan = await planOf("prod");
        const role = plan.resources.find((r) => r.type === "aws:iam/role:Role" && r.name.endsWith("flow-logs"))!;
        const trust = [String(role.inputs.assumeRolePolicy)];
        const account = JSON.parse(trust[0]).Statement[0].Condition.StringEquals["aws:SourceAccount"];
        const call = (sourceAccount: string) => ({
            action: "sts:AssumeRole",
            resource: "",
            context: { "aws:SourceAccount": sourceAccount, "aws:SourceArn": `arn:aws:ec2:us-east-1:${sourceAccount}:vpc-flow-log/fl-1` },
        });
        expect(allows(trust, call(account))).to.equal(true);
        expect(allows(trust, call("111122223333"))).to.equal(false);
        expect(allows(trust, { action: "sts:AssumeRole", resource: "" }), "without the source keys").to.equal(false);
    });

    it("lets the EBS CSI driver use a customer KMS key for encrypted volumes, and only that key", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const plan = await planOfConfig(stackConfigWith("prod", { "groundwork:addons": { ebsStorage: { kmsKeyId: key } } }), "prod");
        const policies = rolePolicies(plan, "ebs-csi-driver");
        const grant = { "kms:GrantIsForAWSResource": "true" };
        for (const action of ["kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt", "kms:DescribeKey"]) {
            expect(allows(policies, { action, resource: key, context: grant }), action).to.equal(true);
        }
        expect(allows(policies, { action: "kms:CreateGrant", resource: key }), "a grant not for an AWS resource").to.equal(false);
        expect(allows(policies, { action: "kms:Decrypt", resource: key.replace("1234abcd", "99999999") })).to.equal(false);
    });

    it("tags the subnets of a bring-your-own VPC so the Load Balancer Controller and Karpenter find them", async () => {
        const subnetIds = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60003"];
        const plan = await planOfConfig(
            stackConfigWith("prod", { "groundwork:cluster": { eks: { vpcId: "vpc-0a1b2c3d4e5f60000", subnetIds } } }),
            "prod",
        );
        const tags = plan.resources
            .filter((r) => r.type === "aws:ec2/tag:Tag")
            .map((r) => `${r.inputs.resourceId} ${r.inputs.key}=${r.inputs.value}`);
        for (const id of subnetIds) {
            expect(tags).to.include.members([
                `${id} kubernetes.io/role/internal-elb=1`,
                `${id} karpenter.sh/discovery=groundwork-prod`,
                `${id} kubernetes.io/cluster/groundwork-prod=shared`,
            ]);
        }
        expect(plan.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet")).to.have.length(0);
    });
});
