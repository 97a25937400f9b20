import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { mockCall, mockNewResource } from "./mock-state";
import { projectName } from "../../stacks/config";

// Runs the real program under Pulumi's mocks and records every resource registration exactly as the
// engine would receive it (type, name, parent, dependencies, provider, options, inputs). This is the
// offline plan that tests, the policy pack, PR diffs and the wave analysis all read.

// Internal runtime modules: the public API has no way to read registrations or wait for them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    dependsOn: string[];
    provider: string | null;
    options: { protect: boolean; retainOnDelete: boolean; deleteBeforeReplace: boolean; ignoreChanges: string[] };
    custom: boolean;
    inputs: Record<string, unknown>;
}

export interface Plan {
    project: string;
    stack: string;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
}

/** Stack config as the Pulumi runtime would hold it, from a Pulumi.<stack>.yaml file. */
export interface StackConfigFile {
    values: Record<string, string>;
    secretKeys: string[];
}

/** Reads a Pulumi.<stack>.yaml; secure values, which cannot be decrypted offline, become placeholders. */
export function readStackConfigFile(file: string): StackConfigFile {
    const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, value] of Object.entries(doc.config ?? {})) {
        const key = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
        if (isSecure(value)) {
            values[key] = `offline-placeholder-for-${key}`;
            secretKeys.push(key);
        } else if (containsSecure(value)) {
            throw new Error(`${file}: ${key}: expected secrets as top-level keys (pulumi config set --secret NAME), got a secure value nested inside`);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { values, secretKeys };
}

const isSecure = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;
const containsSecure = (v: unknown): boolean =>
    typeof v === "object" && v !== null && (isSecure(v) || Object.values(v as object).some(containsSecure));

export function stackConfigPath(stack: string, root = path.resolve(__dirname, "../..")): string {
    return path.join(root, `Pulumi.${stack}.yaml`);
}

const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const specialSigKey = "4dabf18193072939515e22adb298388d";
const resourceRefSig = "5cf8f73096256a8f31e491e813e4eb8e";
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Replaces secrets with "[secret]", resource references with their URN, and sorts keys. */
export function sanitize(value: unknown): unknown {
    if (value === unknownValue) return "[unknown]";
    if (Array.isArray(value)) return value.map(sanitize);
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[specialSigKey] === secretSig) return "[secret]";
        if (obj[specialSigKey] === resourceRefSig) return obj.urn;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(obj).sort()) out[key] = sanitize(obj[key]);
        return out;
    }
    return value;
}

/** "urn:...::id" → "urn:..." */
function providerUrn(ref: string): string | null {
    if (!ref) return null;
    const cut = ref.lastIndexOf("::");
    return cut > 0 ? ref.slice(0, cut) : ref;
}

/**
 * Runs `program` as stack `stack` with `config` under mocks and returns the plan. Throws what the program
 * throws (a config error among them) before any resource is recorded.
 */
export async function runOffline(stack: string, config: StackConfigFile, program: () => Promise<unknown>): Promise<Plan> {
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    await pulumi.runtime.setMocks({ newResource: mockNewResource, call: mockCall }, projectName, stack, false);
    const monitor = settings.getMonitor();
    const recorded = new Map<string, PlanResource>();
    let stackOutputs: Record<string, unknown> = {};
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        register(req, (err: unknown, resp: any) => {
            if (!err) {
                const urn: string = resp.getUrn();
                recorded.set(urn, {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || null,
                    dependsOn: [...new Set<string>(req.getDependenciesList())].sort(),
                    provider: providerUrn(req.getProvider()),
                    options: {
                        protect: !!req.getProtect(),
                        retainOnDelete: !!req.getRetainondelete(),
                        deleteBeforeReplace: !!req.getDeletebeforereplace(),
                        ignoreChanges: [...req.getIgnorechangesList()].sort(),
                    },
                    custom: !!req.getCustom(),
                    inputs: sanitize(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                });
            }
            callback(err, resp);
        });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
        if (recorded.get(req.getUrn())?.type === "pulumi:pulumi:Stack") {
            stackOutputs = sanitize(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        return registerOutputs(req, callback);
    };

    await pulumi.runtime.runInPulumiStack(program);
    await settings.waitForRPCs();

    const resources = [...recorded.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { project: projectName, stack, resources, outputs: stackOutputs };
}

/** The plan as JSON text: keys sorted everywhere, so two runs of one config are byte-identical. */
export function planToJson(plan: Plan): string {
    return JSON.stringify(sanitize(plan), null, 2) + "\n";
}
