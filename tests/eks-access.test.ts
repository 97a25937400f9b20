import { expect } from "chai";
import { creatorAdminProblem } from "../substrates/eks/creator-admin";
import { offlineAccountId } from "../scripts/lib/mocks/aws";
import type { Plan } from "../scripts/lib/offline";
import { planOf, planOfConfig, resources, stackConfigWith } from "./harness";

// Who reaches the AWS APIs from an EKS node. EKS gives the identity creating a cluster an admin access entry
// when creatorAdmin is on, so an explicit entry for the same principal fails the create (ResourceInUseException);
// and a pod that can reach instance metadata can take the node role's credentials, which no addon needs.

const deployer = `arn:aws:iam::${offlineAccountId}:role/offline-deployer`;
const base = { clusterName: "groundwork-prod", creatorAdmin: true, existingClusters: [] as string[] };

describe("EKS cluster creator and admins", () => {
    it("refuses the deploying identity in admins while the cluster is created with creatorAdmin", () => {
        const problem = creatorAdminProblem({ ...base, admins: ["arn:aws:iam::123456789012:role/other", deployer], deployerArn: deployer });
        expect(problem)
            .to.match(/^cluster\.eks\.admins\[1\]: expected principals other than the identity creating the cluster/)
            .and.contain("creatorAdmin: false");
    });

    it("matches a role with or without its path, and an assumed-role session", () => {
        const admins = ["arn:aws:iam::123456789012:role/teams/platform/deployer"];
        expect(creatorAdminProblem({ ...base, admins, deployerArn: "arn:aws:iam::123456789012:role/deployer" })).to.be.a("string");
        expect(creatorAdminProblem({ ...base, admins, deployerArn: "arn:aws:sts::123456789012:assumed-role/deployer/ci-run" })).to.be.a(
            "string",
        );
        expect(creatorAdminProblem({ ...base, admins, deployerArn: "arn:aws:iam::999999999999:role/deployer" })).to.equal(undefined);
    });

    it("accepts it once the cluster exists (the creator entry belongs to whoever created it), or with creatorAdmin off", () => {
        expect(creatorAdminProblem({ ...base, admins: [deployer], deployerArn: deployer, existingClusters: ["groundwork-prod"] })).to.equal(
            undefined,
        );
        expect(creatorAdminProblem({ ...base, creatorAdmin: false, admins: [deployer], deployerArn: deployer })).to.equal(undefined);
    });

    it("fails the preview of a new cluster whose admins list the deployer", async () => {
        const config = stackConfigWith("prod", { "groundwork:cluster": { eks: { admins: [deployer] } } });
        const error = await planOfConfig(config, "prod").then(
            () => undefined,
            (err: Error) => err,
        );
        expect(error?.message)
            .to.contain(`cluster.eks.admins[0]: expected principals other than the identity creating the cluster`)
            .and.not.contain("    at ");
    });
});

describe("instance metadata on EKS nodes", () => {
    it("keeps pods one hop away from IMDS on every node group and Karpenter node", async () => {
        for (const file of ["prod", "examples/eks-every-addon-benchmark.yaml"]) {
            const plan = await planOf(file);
            for (const template of resources(plan, "aws:ec2/launchTemplate:LaunchTemplate")) {
                expect(
                    (template.inputs.metadataOptions as Record<string, unknown>).httpPutResponseHopLimit,
                    `${file} ${template.name}`,
                ).to.equal(1);
            }
            for (const nodeClass of plan.resources.filter((r) => r.inputs.kind === "EC2NodeClass")) {
                expect(
                    (nodeClass.inputs.spec as { metadataOptions: Record<string, unknown> }).metadataOptions.httpPutResponseHopLimit,
                ).to.equal(1);
            }
        }
    });

    it("gives every AWS-calling addon its region, so none asks instance metadata for it", async () => {
        const plan = await planOf("examples/eks-every-addon-benchmark.yaml");
        const karpenter = await planOf("tests/fixtures/conformance/eks-karpenter-previews.yaml");
        const release = (p: Plan, name: string) => p.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === name);
        expect((release(karpenter, "karpenter")!.inputs.values as Record<string, any>).controller.env).to.deep.include({
            name: "AWS_REGION",
            value: "us-east-1",
        });
        const values = (release: string) => {
            const found = plan.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === release);
            expect(found, release).to.not.equal(undefined);
            return found!.inputs.values as Record<string, any>;
        };
        const region = "us-east-1";
        expect(values("cluster-autoscaler")).to.include({ awsRegion: region });
        expect(values("aws-load-balancer-controller")).to.include({ region }).and.to.have.property("vpcId");
        expect(values("external-dns").env).to.deep.include({ name: "AWS_DEFAULT_REGION", value: region });
        const stores = plan.resources.filter((r) => r.inputs.kind === "ObjectStore");
        expect(stores).to.have.length.greaterThan(0);
        for (const store of stores) {
            expect((store.inputs.spec as Record<string, any>).instanceSidecarConfiguration.env).to.deep.include({
                name: "AWS_DEFAULT_REGION",
                value: region,
            });
        }
    });
});
