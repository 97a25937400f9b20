import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { expect } from "chai";
import { loadExampleApp } from "../scripts/lib/example-app";
import { outputsForReference, readStackConfigFile, runOffline } from "../scripts/lib/offline";
import { offlineStackOutputs } from "../scripts/lib/mocks/common";
import { outputsVersion, stackOutputKeys } from "../program/outputs";
import { checkOutputsVersion } from "../program/reference";
import { planOf, repoRoot, resource } from "./harness";

// Typed outputs across stacks: the exported shape is exactly StackOutputs, and a downstream project
// (examples/app) reads it through the StackReference helper with secrets kept secret.

const appConfig = () => readStackConfigFile(path.join(repoRoot, "examples/app/Pulumi.dev.yaml"));
// The app is its own Pulumi project: its name is part of every URN the engine gives it.
const appProject = (parse(fs.readFileSync(path.join(repoRoot, "examples/app/Pulumi.yaml"), "utf8")) as { name: string }).name;
const runApp = () => runOffline("dev", appConfig(), loadExampleApp(), { project: appProject });
const platformStack = "organization/groundwork/prod";

describe("stack outputs", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: exports only StackOutputs keys, and every required one`, async () => {
            const exported = Object.keys((await planOf(stack)).outputs).sort();
            expect(exported).to.include.members([
                "outputsVersion",
                "clusterName",
                "kubeconfig",
                "endpoint",
                "capabilities",
                "identity",
                "urls",
                "addons",
            ]);
            for (const key of exported) expect(Object.keys(stackOutputKeys), `exported ${key} is not in StackOutputs`).to.include(key);
        });
    }

    it("marks the kubeconfig secret and carries the outputs version", async () => {
        const { outputs } = await planOf("prod");
        expect(outputs.kubeconfig).to.equal("[secret]");
        expect(outputs.outputsVersion).to.equal(outputsVersion);
    });
});

describe("StackReference helper", () => {
    it("refuses a stack older than the helper, naming what to do", () => {
        expect(() => checkOutputsVersion("acme/groundwork/prod", 0, 1)).to.throw(
            "expected outputsVersion 1, got 0 — the stack is older than this helper; run `pulumi up` on acme/groundwork/prod",
        );
    });

    it("refuses a stack newer than the helper", () => {
        expect(() => checkOutputsVersion("acme/groundwork/prod", 2, 1)).to.throw(
            "the stack is newer than this helper; update groundwork in this project",
        );
    });

    it("refuses a stack that is not a groundwork stack", () => {
        expect(() => checkOutputsVersion("acme/other/prod", undefined, 1)).to.throw(
            "expected a groundwork stack exporting outputsVersion 1, got none",
        );
    });

    describe("examples/app on the prod platform", () => {
        before(async () => {
            offlineStackOutputs.set(platformStack, outputsForReference(await planOf("prod")));
        });
        after(() => offlineStackOutputs.delete(platformStack));

        it("deploys a Deployment, a Service and a TLS Ingress wired from the platform's outputs", async () => {
            const prod = (await planOf("prod")).outputs as any;
            const plan = await runApp();
            expect(plan.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn).to.equal(
                "urn:pulumi:dev::groundwork-example-app::pulumi:pulumi:Stack::groundwork-example-app-dev",
            );
            const ingress = resource(plan, "kubernetes:networking.k8s.io/v1:Ingress", "shop");
            const spec = ingress.inputs.spec as any;
            expect(spec.ingressClassName).to.equal(prod.ingress.className);
            expect((ingress.inputs.metadata as any).annotations["cert-manager.io/cluster-issuer"]).to.equal(prod.clusterIssuers.default);
            expect(spec.tls[0]).to.deep.equal({ hosts: ["shop.example.com"], secretName: "shop-tls" });
            const deployment = resource(plan, "kubernetes:apps/v1:Deployment", "shop");
            const env = (deployment.inputs.spec as any).template.spec.containers[0].env;
            expect(env[0].valueFrom.secretKeyRef).to.deep.equal({ key: "uri", name: prod.databases.shop.secretName });
        });

        it("keeps the platform's kubeconfig secret in the application's provider", async () => {
            const plan = await runApp();
            const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
            expect(provider.inputs.kubeconfig).to.equal("[secret]");
        });

        it("fails with the version message when the platform stack is older", async () => {
            const current = outputsForReference(await planOf("prod"));
            offlineStackOutputs.set(platformStack, { ...current, outputs: { ...current.outputs, outputsVersion: 0 } });
            try {
                let error: Error | undefined;
                await runApp().catch((err: Error) => (error = err));
                expect(error?.message).to.contain("expected outputsVersion 1, got 0");
            } finally {
                offlineStackOutputs.set(platformStack, current);
            }
        });
    });
});
