// Benchmark peer for `npm run bench`: AWS CDK EKS Blueprints synthesizing an EKS platform comparable to
// examples/eks-alb-autoscaling-tenants.yaml (VPC over three zones, managed node groups "general" and a Spot
// "ephemeral" one, 13 add-ons, a platform team and two application teams). Plain JavaScript, no build step;
// offline: account, region and availability zones are given, every core add-on version is pinned and the
// hosted zone is imported, so nothing is looked up at synth time.
//
//   node bench/peer/app.js   → {"resources":N,"stacks":N,"synthMs":N,"peakRssMb":N}
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const started = process.hrtime.bigint();
const cdk = require("aws-cdk-lib");
const ec2 = require("aws-cdk-lib/aws-ec2");
const eks = require("aws-cdk-lib/aws-eks");
const blueprints = require("@aws-quickstart/eks-blueprints");

const account = "123456789012";
const region = "us-east-1";
const zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

async function main() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-peer-"));
    try {
        const app = new cdk.App({
            outdir,
            context: {
                [`availability-zones:account=${account}:region=${region}`]: zones,
                "aws:cdk:version-reporting": false,
            },
        });
        blueprints.HelmAddOn.validateHelmVersions = false;
        blueprints.utils.userLog.settings.minLevel = 3; // no per-add-on DEBUG lines on stdout

        const clusterProvider = new blueprints.GenericClusterProvider({
            version: eks.KubernetesVersion.V1_33,
            endpointAccess: eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom("203.0.113.0/24"),
            managedNodeGroups: [
                {
                    id: "general",
                    instanceTypes: [new ec2.InstanceType("m6i.large")],
                    minSize: 3,
                    maxSize: 12,
                    desiredSize: 3,
                    diskSize: 50,
                },
                {
                    id: "ephemeral",
                    instanceTypes: ["m6i.large", "m5.large", "m7i.large"].map((t) => new ec2.InstanceType(t)),
                    minSize: 0,
                    maxSize: 10,
                    desiredSize: 0,
                    nodeGroupCapacityType: eks.CapacityType.SPOT,
                    labels: { workload: "ephemeral" },
                    taints: [{ key: "workload", value: "ephemeral", effect: eks.TaintEffect.NO_SCHEDULE }],
                },
            ],
        });

        const addOns = [
            new blueprints.addons.VpcCniAddOn({ version: "v1.19.5-eksbuild.1" }),
            new blueprints.addons.CoreDnsAddOn("v1.12.1-eksbuild.2"),
            new blueprints.addons.KubeProxyAddOn("v1.33.0-eksbuild.2"),
            new blueprints.addons.EbsCsiDriverAddOn({ version: "v1.44.0-eksbuild.1" }),
            new blueprints.addons.AwsLoadBalancerControllerAddOn(),
            new blueprints.addons.ClusterAutoScalerAddOn(),
            new blueprints.addons.ExternalDnsAddOn({ hostedZoneResources: ["dns-zone"] }),
            new blueprints.addons.MetricsServerAddOn(),
            new blueprints.addons.CertManagerAddOn(),
            new blueprints.addons.KubeStateMetricsAddOn(),
            new blueprints.addons.PrometheusNodeExporterAddOn(),
            new blueprints.addons.ArgoCDAddOn(),
            new blueprints.addons.VeleroAddOn(),
        ];

        const teams = [
            new blueprints.PlatformTeam({ name: "platform-admins", userRoleArn: `arn:aws:iam::${account}:role/platform-admins` }),
            new blueprints.ApplicationTeam({ name: "storefront" }),
            new blueprints.ApplicationTeam({ name: "catalog" }),
        ];

        await blueprints.EksBlueprint.builder()
            .account(account)
            .region(region)
            .version(eks.KubernetesVersion.V1_33)
            .resourceProvider(blueprints.GlobalResources.Vpc, new blueprints.VpcProvider())
            .resourceProvider("dns-zone", new blueprints.ImportHostedZoneProvider("Z0123456789ABCDEFGHIJ", "example.com"))
            .clusterProvider(clusterProvider)
            .addOns(...addOns)
            .teams(...teams)
            .buildAsync(app, "common-k8s");

        const assembly = app.synth();
        // Every CloudFormation template written: the blueprint stack and the nested stacks of aws-eks
        // (cluster resource provider, kubectl provider).
        let resources = 0;
        for (const file of fs.readdirSync(assembly.directory).filter((f) => f.endsWith(".template.json"))) {
            const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, file), "utf8"));
            resources += Object.keys(template.Resources ?? {}).length;
        }
        const synthMs = Number(process.hrtime.bigint() - started) / 1e6;
        const peakRssMb = process.resourceUsage().maxRSS / 1024;
        console.log(JSON.stringify({ resources, stacks: assembly.stacks.length, addOns: addOns.length, synthMs: Math.round(synthMs), peakRssMb: Math.round(peakRssMb) }));
    } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
});
