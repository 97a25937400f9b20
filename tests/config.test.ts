import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parseConfig } from "../config/config";
import { ConfigError } from "../config/errors";
import { addonProblems } from "../config/rules";
import { configOfStack, expectProblems, rawConfigOfFile, repoRoot } from "./harness";

// The config is the user interface: these tests pin what is accepted, what each environment defaults
// to, and the exact message for every way a config is refused (one fixture per failure mode).

const invalidDir = path.join(repoRoot, "tests/fixtures/config/invalid");

describe("stack config", () => {
    describe("committed stacks", () => {
        for (const stack of ["dev", "prod"]) {
            it(`Pulumi.${stack}.yaml is valid`, () => {
                expect(configOfStack(stack).environment).to.equal(stack);
            });
        }

        it("dev profile: disposable and small", () => {
            const dev = configOfStack("dev");
            expect(dev.protect).to.equal(false);
            expect(dev.backups.enabled).to.equal(false);
            expect(dev.addons.certManager.replicas).to.equal(1);
            expect(dev.addons.metricsServer.replicas).to.equal(1);
            expect(dev.database.instances).to.equal(1);
        });

        it("prod profile: protected, backed up, highly available", () => {
            const prod = configOfStack("prod");
            expect(prod.protect).to.equal(true);
            expect(prod.backups.enabled).to.equal(true);
            expect(prod.addons.certManager.replicas).to.be.at.least(2);
            expect(prod.addons.metricsServer.replicas).to.be.at.least(2);
            expect(prod.database.instances).to.equal(3);
        });

        it("the parsed config is frozen", () => {
            const dev = configOfStack("dev");
            expect(Object.isFrozen(dev)).to.equal(true);
            expect(Object.isFrozen(dev.addons.certManager)).to.equal(true);
        });
    });

    describe("refused configs (tests/fixtures/config/invalid)", () => {
        const fixtures = fs.readdirSync(invalidDir).filter((f) => f.endsWith(".yaml"));

        it("covers at least 25 failure modes", () => {
            expect(fixtures.length).to.be.at.least(25);
        });

        for (const file of fixtures) {
            it(file.replace(/\.yaml$/, ""), () => {
                const full = path.join(invalidDir, file);
                const expected = fs
                    .readFileSync(full, "utf8")
                    .split("\n")
                    .filter((l) => l.startsWith("# expect: "))
                    .map((l) => l.slice("# expect: ".length));
                expect(expected, "fixture has no `# expect:` line").to.not.be.empty;
                // Every problem, as tools see them (the printed message may collapse repeats of one value).
                let problems: readonly string[] = [];
                expectProblems(() => {
                    try {
                        parseConfig(rawConfigOfFile(full));
                    } catch (err) {
                        problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
                        throw err;
                    }
                });
                for (const line of expected)
                    expect(
                        problems.some((p) => p.startsWith(line)),
                        `${line}\nin:\n${problems.join("\n")}`,
                    ).to.equal(true);
            });
        }
    });

    it("lists every problem at once", () => {
        let error: unknown;
        try {
            parseConfig({
                values: {
                    environment: "dev",
                    substrate: "existing",
                    cluster: {
                        name: "dev",
                        kubernetesVersion: "1.33",
                        existing: { context: "kind" },
                        nodePools: [{ name: "a", size: "x", min: 5, max: 2, desired: 1 }],
                    },
                    network: { podCidr: "nope" },
                    addons: { certManager: { replicas: 0 } },
                },
                secretKeys: [],
            });
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const problems = (error as ConfigError).problems;
        expect(problems).to.have.length(4); // min > max also leaves desired outside [min, max]
        expect(problems.join("\n"))
            .to.contain("network.podCidr")
            .and.contain("addons.certManager.replicas")
            .and.contain("cluster.nodePools[0]");
        expect((error as Error).message).to.match(/^The stack config has 4 problems; nothing was deployed:/);
    });

    it("never prints a value given where a secret key name belongs, and names the mistake once", () => {
        const webhook = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
        const raw = rawConfigOfFile(path.join(repoRoot, "Pulumi.dev.yaml"));
        const values = {
            ...raw.values,
            addons: { monitoring: { enabled: true, alertmanager: { receivers: { slack: { webhookUrl: webhook, channel: "#x" } } } } },
        };
        let error: unknown;
        try {
            parseConfig({ ...raw, values });
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(ConfigError);
        const message = (error as Error).message;
        expect(message).to.not.contain("XXXXSECRET");
        expect(message.match(/receivers\.slack\.webhookUrl/g)).to.have.length(1);
        expect(message).to.contain("not shown: it may be the secret itself");
    });

    it("collapses one value refused by many parts into one line, keeping every problem for tools", () => {
        const error = new ConfigError([
            ...["vpc-cni", "coredns", "kube-proxy", "cert-manager"].map(
                (p) => `cluster.kubernetesVersion: expected a version ${p} supports, got "1.27"`,
            ),
            'network.podCidr: expected a CIDR, got "x"',
        ]);
        expect(error.problems).to.have.length(5);
        expect(error.message.split("\n").slice(1)).to.deep.equal([
            '  - cluster.kubernetesVersion: expected a version vpc-cni supports; expected a version coredns supports; and 2 more of the same kind, got "1.27"',
            '  - network.podCidr: expected a CIDR, got "x"',
        ]);
    });

    it("keeps cross-field rules running when another section is invalid", () => {
        const message = expectProblems(() =>
            parseConfig({
                values: {
                    environment: "dev",
                    substrate: "existing",
                    cluster: { name: "dev", kubernetesVersion: "1.33", existing: { context: "kind" } },
                    network: { podCidr: "10.0.0.0/8" },
                    addons: { certManager: { replicas: "x" } },
                },
                secretKeys: [],
            }),
        );
        expect(message).to.contain("addons.certManager.replicas").and.contain("network.podCidr: expected a range that does not overlap");
    });

    describe("addon rules", () => {
        const dev = () => configOfStack("dev");

        it("refuses an addon on a substrate it does not support, naming the substrates it runs on", () => {
            const problems = addonProblems(dev(), [{ key: "certManager", substrates: ["eks", "magnum"] }]);
            expect(problems).to.deep.equal([
                'addons.certManager.enabled: expected false on substrate "existing" (certManager runs on eks, magnum), got true',
            ]);
        });

        it("refuses an addon whose required addon is disabled", () => {
            const config = { ...dev(), addons: { ...dev().addons, certManager: { ...dev().addons.certManager, enabled: false } } };
            const problems = addonProblems(config, [{ key: "metricsServer", substrates: ["existing"], requires: () => ["certManager"] }]);
            expect(problems).to.deep.equal(["addons.certManager.enabled: expected true because addons.metricsServer needs it, got false"]);
        });

        it("says nothing about disabled addons", () => {
            const config = { ...dev(), addons: { ...dev().addons, certManager: { ...dev().addons.certManager, enabled: false } } };
            expect(addonProblems(config, [{ key: "certManager", substrates: ["eks"] }])).to.deep.equal([]);
        });
    });

    it("accepts a secret reference set as a secret", () => {
        const config = parseConfig({
            values: {
                environment: "dev",
                substrate: "existing",
                cluster: { name: "dev", kubernetesVersion: "1.33", existing: { kubeconfig: "kubeconfig" } },
            },
            secretKeys: ["kubeconfig"],
        });
        expect(config.cluster.existing?.kubeconfig).to.equal("kubeconfig");
    });
});
