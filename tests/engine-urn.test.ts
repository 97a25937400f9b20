import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { createUrn, defaultProviderName, defaultProviderUrn, generateAliases, generateUrn } from "../scripts/lib/engine-urn";
import type { AliasSpec } from "../scripts/lib/engine-urn";
import { runOffline } from "../scripts/lib/offline";
import { baselineTargets } from "../scripts/lib/urn-baseline";
import { planOfTarget, repoRoot } from "./harness";

// The offline plan must name every resource as the Pulumi engine will: a URN is a resource's identity in
// the state, and the PR diff, the URN baseline and the policy pack all key on it. Checked against URNs the
// real engine produced (fixtures cite their source), then on every shipped plan.

interface EngineRegistration {
    type: string;
    name: string;
    parent: string;
    urn: string;
}
const eks = JSON.parse(fs.readFileSync(path.join(repoRoot, "tests/fixtures/engine-urns/aws-ts-eks.json"), "utf8")) as {
    stack: string;
    project: string;
    resources: EngineRegistration[];
};

describe("engine URNs", () => {
    it("gives nested components, their children and explicit providers the engine's URNs (real aws-ts-eks up)", () => {
        expect(eks.resources.length).to.be.greaterThan(50);
        const depth = (urn: string) => urn.split("::")[2].split("$").length;
        expect(
            eks.resources.some((r) => depth(r.urn) === 3),
            "three-level nesting",
        ).to.equal(true);
        for (const r of eks.resources) {
            expect(generateUrn(eks.stack, eks.project, r.parent, r.type, r.name), r.urn).to.equal(r.urn);
        }
    });

    it("names default providers as the engine does (pkg/resource/deploy/providers/provider_test.go)", () => {
        expect(defaultProviderName("")).to.equal("default");
        expect(defaultProviderName("0.18.1")).to.equal("default_0_18_1");
        const dev = "0.17.7-dev.1555435978+gb7030aa4.dirty";
        expect(defaultProviderName(dev)).to.equal("default_0_17_7_dev_1555435978_gb7030aa4_dirty");
        expect(defaultProviderName("0.18.1", "pulumi.com/pkg")).to.equal("default_0_18_1_pulumi.com/pkg");
        expect(defaultProviderName(dev, "company.com/artifact-storage/pkg")).to.equal(
            "default_0_17_7_dev_1555435978_gb7030aa4_dirty_company.com/artifact-storage/pkg",
        );
        expect(defaultProviderName("", "company.com/")).to.equal("default_company.com");
        // pkg/backend/display/testdata/not-truncated/up.json: a real `pulumi up` with @pulumi/aws 4.36.0.
        expect(defaultProviderUrn({ stack: "dev", project: "eks" }, "aws", "4.36.0")).to.equal(
            "urn:pulumi:dev::eks::pulumi:providers:aws::default_4_36_0",
        );
        // pkg/engine/lifecycletest/testdata/output/TestStackReference: a StackReference is read through the
        // `pulumi` package's default provider, which has no version.
        expect(defaultProviderUrn({ stack: "test", project: "test" }, "pulumi", "")).to.equal(
            "urn:pulumi:test::test::pulumi:providers:pulumi::default",
        );
    });

    // pkg/resource/deploy/step_generator_test.go TestGenerateAliases: parent "myres" (test:resource:type),
    // child "myres-child" (test:resource:child), with or without an alias the parent was matched under.
    describe("aliases (engine's TestGenerateAliases)", () => {
        const d = { stack: "stack", project: "project" };
        const parent = createUrn("myres", "test:resource:type", "", "project", "stack");
        const parentTypeAlias = createUrn("myres", "test:resource:type2", "", "project", "stack");
        const parentNameAlias = createUrn("myres2", "test:resource:type", "", "project", "stack");
        const originalParent = createUrn("originalparent", "test:resource:original", "", "project", "stack");
        const cases: [string, AliasSpec[], string | undefined, string[]][] = [
            ["no aliases", [], undefined, []],
            [
                "child alias (type)",
                [{ type: "test:resource:child2" }],
                undefined,
                ["urn:pulumi:stack::project::test:resource:type$test:resource:child2::myres-child"],
            ],
            [
                "child alias (name)",
                [{ name: "child2" }],
                undefined,
                ["urn:pulumi:stack::project::test:resource:type$test:resource:child::child2"],
            ],
            [
                "child alias (type, noParent)",
                [{ type: "test:resource:child2", noParent: true }],
                undefined,
                ["urn:pulumi:stack::project::test:resource:child2::myres-child"],
            ],
            [
                "child alias (type, parent)",
                [{ type: "test:resource:child2", parentUrn: originalParent }],
                undefined,
                ["urn:pulumi:stack::project::test:resource:original$test:resource:child2::myres-child"],
            ],
            [
                "child alias (name), parent alias (type)",
                [{ name: "myres-child2" }],
                parentTypeAlias,
                [
                    "urn:pulumi:stack::project::test:resource:type$test:resource:child::myres-child2",
                    "urn:pulumi:stack::project::test:resource:type2$test:resource:child::myres-child",
                    "urn:pulumi:stack::project::test:resource:type2$test:resource:child::myres-child2",
                ],
            ],
            [
                "child alias (name), parent alias (name)",
                [{ name: "myres-child2" }],
                parentNameAlias,
                [
                    "urn:pulumi:stack::project::test:resource:type$test:resource:child::myres-child2",
                    "urn:pulumi:stack::project::test:resource:type$test:resource:child::myres2-child",
                    "urn:pulumi:stack::project::test:resource:type$test:resource:child::myres2-child2",
                ],
            ],
            // As the Node SDK sends an alias: with the resource's parent filled in; the engine then puts the
            // parent's matched old URN in its place (collapseAliasToUrn).
            [
                "child alias (name, parent filled in by the SDK), parent alias (type)",
                [{ name: "myres-child2", parentUrn: parent }],
                parentTypeAlias,
                [
                    "urn:pulumi:stack::project::test:resource:type2$test:resource:child::myres-child2",
                    "urn:pulumi:stack::project::test:resource:type2$test:resource:child::myres-child",
                ],
            ],
        ];
        for (const [name, aliases, parentAlias, expected] of cases) {
            it(name, () => {
                const actual = generateAliases(d, "myres-child", "test:resource:child", parent, aliases, parentAlias);
                expect(actual).to.deep.equal(expected);
            });
        }
    });

    it("records the engine's URNs, default providers and inherited aliases from a real SDK run", async () => {
        const plan = await runOffline("test", { values: {}, secretKeys: [] }, async () => {
            const aliases = [{ type: "groundwork:platform:Platform" }];
            const platform = new pulumi.ComponentResource("groundwork:platform:Platform2", "platform", {}, { aliases });
            const addon = new pulumi.ComponentResource("groundwork:addons:Traefik", "traefik", {}, { parent: platform });
            const provider = new k8s.Provider("platform-k8s", { kubeconfig: "{}" }, { parent: platform });
            new k8s.core.v1.Namespace("traefik-ns", {}, { parent: addon, provider });
            new random.RandomPassword("traefik-admin", { length: 16 }, { parent: addon });
        });
        const urns = plan.resources.map((r) => r.urn);
        const prefix = "urn:pulumi:test::groundwork::";
        expect(urns).to.include.members([
            `${prefix}pulumi:pulumi:Stack::groundwork-test`,
            `${prefix}groundwork:platform:Platform2::platform`,
            `${prefix}groundwork:platform:Platform2$groundwork:addons:Traefik::traefik`,
            `${prefix}groundwork:platform:Platform2$pulumi:providers:kubernetes::platform-k8s`,
            `${prefix}groundwork:platform:Platform2$groundwork:addons:Traefik$kubernetes:core/v1:Namespace::traefik-ns`,
            `${prefix}groundwork:platform:Platform2$groundwork:addons:Traefik$random:index/randomPassword:RandomPassword::traefik-admin`,
            `${prefix}pulumi:providers:random::${defaultProviderName(require("@pulumi/random/package.json").version)}`,
        ]);
        const byName = new Map(plan.resources.map((r) => [r.name, r]));
        const explicitProvider = `${prefix}groundwork:platform:Platform2$pulumi:providers:kubernetes::platform-k8s`;
        expect(byName.get("traefik-ns")!.provider).to.equal(explicitProvider);
        expect(byName.get("traefik-admin")!.provider).to.match(/::pulumi:providers:random::default_\d+_\d+_\d+$/);
        expect(byName.get("platform")!.aliases).to.deep.equal([`${prefix}groundwork:platform:Platform::platform`]);
        expect(byName.get("traefik-ns")!.aliases).to.deep.equal([
            `${prefix}groundwork:platform:Platform$groundwork:addons:Traefik$kubernetes:core/v1:Namespace::traefik-ns`,
        ]);
    });

    for (const target of baselineTargets(repoRoot)) {
        it(`${target.id}: every URN, parent and provider reference is the engine's`, async () => {
            const plan = await planOfTarget(target);
            const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
            for (const r of plan.resources) {
                expect(r.urn, r.name).to.equal(generateUrn(plan.stack, plan.project, r.parent ?? "", r.type, r.name));
                if (r.parent) expect(byUrn.has(r.parent), `${r.urn}: parent`).to.equal(true);
                for (const d of r.dependsOn) expect(byUrn.has(d), `${r.urn}: dependsOn ${d}`).to.equal(true);
                // Every custom resource has a provider in the plan (its own or the package's default one).
                if (r.custom && !r.type.startsWith("pulumi:providers:")) {
                    expect(byUrn.get(r.provider ?? "")?.type, `${r.urn}: provider`).to.match(/^pulumi:providers:/);
                }
            }
        });
    }
});
