import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { parse } from "yaml";
import type { z } from "zod";
import { readStackConfigFile } from "../scripts/lib/offline";
import { otherNamespaces, projectName, splitKey, unknownNamespaceProblems } from "../config/namespaces";
import { platformSchema } from "../config/schema";
import { planOfConfig, repoRoot, runCommand, stackConfigWith } from "./harness";

// The stack file as its consumers read it: the Pulumi CLI (YAML, namespace:key), strict JSON Schema
// validators (editors, CI linters) and the program, which refuses keys nothing reads.

const invalidDir = path.join(repoRoot, "tests/fixtures/config/invalid");
const yamlFiles = (dir: string) =>
    fs
        .readdirSync(path.join(repoRoot, dir))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(dir, f));
/** Every groundwork stack file in the repository (examples/app is another project's). */
const committedStackFiles = [...yamlFiles(".").filter((f) => /^Pulumi\.[\w.-]+\.yaml$/.test(f)), ...yamlFiles("examples")];
const readYaml = (file: string) => parse(fs.readFileSync(path.resolve(repoRoot, file), "utf8"));

const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema/stack-config.schema.json"), "utf8"));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const schemaErrors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const isSecure = (v: unknown) => typeof v === "object" && v !== null && "secure" in v;
/** zod issue codes that JSON Schema states too (type, keys, enums, patterns, bounds); `custom` is a rule. */
const structuralCodes = new Set(["invalid_type", "unrecognized_keys", "invalid_value", "invalid_format", "too_small", "too_big"]);

/**
 * The problems of a `config:` map that are about its shape rather than a rule across settings: what the
 * JSON Schema must refuse. Sections are parsed as written, without the profile defaults (the schema does
 * not require what defaults fill, so a missing setting is not structural).
 */
function structuralProblems(config: Record<string, unknown>): string[] {
    const sections = platformSchema.shape as Record<string, z.ZodType>;
    const problems: string[] = [];
    for (const [fullKey, value] of Object.entries(config)) {
        const [namespace, name] = splitKey(fullKey);
        if (namespace !== projectName) {
            problems.push(...unknownNamespaceProblems([fullKey]));
        } else if (!(name in sections)) {
            if (!isSecure(value)) problems.push(`${fullKey}: a plain value that is no setting`);
        } else {
            for (const issue of sections[name].safeParse(value, { reportInput: true }).error?.issues ?? []) {
                const missing = issue.input === undefined;
                if (!structuralCodes.has(issue.code) || missing) continue;
                problems.push(`${fullKey}.${issue.path.join(".")}: ${issue.code}`);
            }
        }
    }
    return problems;
}

describe("stack file", () => {
    describe("JSON Schema (schema/stack-config.schema.json) under a strict 2020-12 validator", () => {
        it("covers the committed stacks and examples", () => {
            const expected = ["Pulumi.dev.yaml", "Pulumi.prod.yaml", "examples/eks-every-addon-benchmark.yaml"];
            expect(committedStackFiles).to.include.members(expected);
        });

        for (const file of committedStackFiles) {
            it(`accepts ${file}`, () => {
                expect(schemaErrors(readYaml(file))).to.deep.equal([]);
            });
        }

        it("describes the file: Pulumi's fields, groundwork:<setting> keys, secrets, provider keys", () => {
            const ok = {
                secretsprovider: "passphrase",
                encryptionsalt: "v1:abc",
                environment: ["acme/prod"],
                config: {
                    "groundwork:environment": "prod",
                    "groundwork:substrate": "eks",
                    "groundwork:argoRepoToken": { secure: "v1:xyz" },
                    "aws:region": "eu-west-1",
                    "kubernetes:enableServerSideApply": true,
                    "pulumi:disable-default-providers": ["*"],
                },
            };
            expect(schemaErrors(ok)).to.deep.equal([]);
            const refused = (patch: Record<string, unknown>) => schemaErrors({ ...ok, config: { ...ok.config, ...patch } });
            expect(refused({ "groundwrok:addons": {} }), "misspelt namespace").to.not.be.empty;
            expect(refused({ "gcp:project": "acme" }), "namespace nothing reads").to.not.be.empty;
            const secret = { secure: "v1:xyz" };
            expect(refused({ "gcp:credentials": secret }), "secret of a namespace nothing reads").to.not.be.empty;
            expect(refused({ "groundwrok:argoRepoToken": secret }), "secret of a misspelt namespace").to.not.be.empty;
            expect(refused({ addons: {} }), "key without namespace").to.not.be.empty;
            expect(refused({ "groundwork:adons": {} }), "unknown setting").to.not.be.empty;
            expect(refused({ "groundwork:argoRepoToken": "plain" }), "secret in plain text").to.not.be.empty;
            expect(schemaErrors({ ...ok, encryptedKey: "x" }), "unknown top-level field").to.not.be.empty;
        });

        describe("refuses every invalid fixture whose problem is the file's shape, and only those", () => {
            const fixtures = fs
                .readdirSync(invalidDir)
                .filter((f) => f.endsWith(".yaml"))
                .map((file) => ({ file, doc: parse(fs.readFileSync(path.join(invalidDir, file), "utf8")) }))
                .map((f) => ({ ...f, structural: structuralProblems(f.doc.config) }));

            it("has fixtures of both kinds", () => {
                expect(fixtures.filter((f) => f.structural.length > 0)).to.have.length.at.least(20);
                expect(fixtures.filter((f) => f.structural.length === 0)).to.have.length.at.least(20);
            });
            for (const { file, doc, structural } of fixtures) {
                it(file.replace(/\.yaml$/, ""), () => {
                    const errors = schemaErrors(doc);
                    if (structural.length > 0) expect(errors, `schema accepts ${structural.join("; ")}`).to.not.be.empty;
                    else expect(errors, "a rule across settings, which the schema cannot state").to.deep.equal([]);
                });
            }
        });
    });

    describe("namespaces", () => {
        it("allows exactly the engine's and the namespaces of package.json providers that take config", () => {
            const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
            const providers = Object.keys(manifest.dependencies)
                .filter((d) => d.startsWith("@pulumi/") && d !== "@pulumi/pulumi")
                .map((d) => d.slice("@pulumi/".length));
            const withConfig = providers.filter((p) => {
                const typingsFile = path.join(repoRoot, "node_modules/@pulumi", p, "provider.d.ts");
                const typings = fs.readFileSync(typingsFile, "utf8");
                const args = /export interface ProviderArgs \{([\s\S]*?)\n\}/.exec(typings)?.[1] ?? "";
                return /\?:/.test(args);
            });
            expect(providers).to.include("random"); // a provider without config: its namespace is refused
            expect([...otherNamespaces].sort()).to.deep.equal(["pulumi", ...withConfig].sort());
        });

        it("refuses a misspelt project namespace in the program itself, before any resource", async () => {
            const dev = stackConfigWith("dev", {});
            const misspelt = Object.fromEntries(
                Object.entries(dev).map(([k, v]) => [k === "groundwork:addons" ? "groundwrok:addons" : k, v]),
            );
            let message = "";
            await planOfConfig(misspelt, "dev").then(
                (plan) => expect.fail(`planned ${plan.resources.length} resources`),
                (err: Error) => (message = err.message),
            );
            expect(message)
                .to.contain("groundwrok:addons: expected a namespace the program reads")
                .and.contain('did you mean "groundwork:addons"?');
        });

        it("keeps keys of the namespaces the program reads", async () => {
            const keys = { "kubernetes:enableServerSideApply": "true", "pulumi:tags": { team: "platform" } };
            const plan = await planOfConfig(stackConfigWith("dev", keys), "dev");
            expect(plan.resources.length).to.be.greaterThan(0);
        });
    });

    describe("reading the file offline: YAML syntax and shape errors", () => {
        // Line 4 is where the flow map opened on line 3 should have been closed.
        const broken = "config:\n  groundwork:environment: dev\n" + "  groundwork:cluster: {name: dev\n  groundwork:substrate: x\n";
        const flowMapError = "4:3: Flow map in block collection must be sufficiently indented and end with a }";
        const writeBroken = (text = broken) => {
            const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "groundwork-yaml-")), "Pulumi.dev.yaml");
            fs.writeFileSync(file, text);
            return file;
        };

        it("are one line with file, line and column", () => {
            const file = writeBroken();
            let message = "";
            try {
                readStackConfigFile(file);
            } catch (err) {
                message = (err as Error).message;
            }
            expect(message).to.equal(`${file}:${flowMapError}`);
        });

        it("a config that is not a map is refused in one line, without echoing it", () => {
            const file = writeBroken("config:\n  - groundwork:environment=dev\n");
            const expected = `${file}: config: expected a map of namespace:key settings, got a list`;
            expect(() => readStackConfigFile(file)).to.throw(expected);
        });

        it("reach the user of npm run plan without a stack trace", () => {
            const file = writeBroken();
            const run = runCommand("plan", ["--stack", "dev", "--config-file", file]);
            expect(run.status).to.equal(1);
            expect(run.stderr.trim().split("\n")).to.deep.equal([`${file}:${flowMapError}`]);
        });
    });
});
