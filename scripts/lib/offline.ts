import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockNewResource } from "./mock-state";
import { offlineStackOutputs } from "./mocks/common";
import { parseStackFile } from "./stack-file";
import { projectName } from "../../config/namespaces";
import { allAliases, defaultProviderUrn, generateUrn, typePackage, urnName } from "./engine-urn";
import type { AliasSpec, Deployment } from "./engine-urn";

// Runs the real program under Pulumi's mocks and records every resource registration exactly as the
// engine would receive it (type, name, parent, dependencies, provider, options, inputs). This is the
// offline plan that tests, the policy pack, PR diffs and the wave analysis all read.

// Internal runtime modules: the public API has no way to read registrations or wait for them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");
// The SDK captures an Error stack for every promise it tracks, only to report promises still pending at
// exit: about a third of an offline plan's time. An offline run has no engine to leak against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@pulumi/pulumi/runtime/debuggable").debuggablePromise = <T>(p: Promise<T>) => p;

/** What the SDK asks of its callback server when a program registers hooks (see planStack). */
const offlineCallbacks = {
    registerResourceHook: async () => {},
    registerErrorHook: async () => {},
    registerStackTransform: async () => {},
    registerStackInvokeTransform: async () => {},
    awaitStackRegistrations: async () => {},
};

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent: string | null;
    dependsOn: string[];
    provider: string | null;
    options: {
        protect: boolean;
        retainOnDelete: boolean;
        deleteBeforeReplace: boolean;
        ignoreChanges: string[];
        replaceOnChanges?: string[];
    };
    custom: boolean;
    inputs: Record<string, unknown>;
    /**
     * The old URNs the engine would accept as this resource (its `aliases` option and those inherited from its
     * ancestors' aliases), sorted; absent in plans written before aliases were recorded.
     */
    aliases?: string[];
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

/**
 * Reads a Pulumi.<stack>.yaml; secure values, which cannot be decrypted offline, become placeholders. Keys
 * are passed as written (the program refuses one without a namespace, as the Pulumi CLI does).
 */
export function readStackConfigFile(file: string): StackConfigFile {
    const doc = parseStackFile(file);
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (isSecure(value)) {
            values[key] = `offline-placeholder-for-${key}`;
            secretKeys.push(key);
        } else if (containsSecure(value)) {
            const expected = "expected secrets as top-level keys (pulumi config set --secret NAME)";
            throw new pulumi.RunError(`${file}: ${key}: ${expected}, got a secure value nested inside`);
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

/**
 * Replaces secrets with "[secret]" (or, with `revealSecrets`, with their value: only for plans whose secrets
 * are all placeholders, see `withPlaceholderSecrets`), resource references with their URN, and sorts keys.
 */
export function sanitize(value: unknown, revealSecrets = false): unknown {
    if (value === unknownValue) return "[unknown]";
    if (Array.isArray(value)) return value.map((v) => sanitize(v, revealSecrets));
    if (value && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[specialSigKey] === secretSig) return revealSecrets ? sanitize(obj.value, true) : "[secret]";
        if (obj[specialSigKey] === resourceRefSig) return obj.urn;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(obj).sort()) out[key] = sanitize(obj[key], revealSecrets);
        return out;
    }
    return value;
}

/** Options of an offline run. */
export interface OfflineOptions {
    /**
     * Test mode for the conformance checks: every secret config value becomes a deterministic fake URL
     * (`https://secret.example.invalid/<key>`) and the plan keeps secret values instead of "[secret]", so
     * secret-bearing artifacts (alertmanager.yaml, cloud-init user data) can be fed to the tools that read
     * them. No real secret exists offline (secure values are never decrypted), so none can be revealed.
     */
    placeholderSecrets?: boolean;
    /** The Pulumi project the program belongs to (its Pulumi.yaml `name`), part of every URN; default groundwork. */
    project?: string;
}

/** The config with each secret value replaced by a deterministic placeholder that parses as a URL. */
export function withPlaceholderSecrets(config: StackConfigFile): StackConfigFile {
    const values = { ...config.values };
    for (const key of config.secretKeys) values[key] = `https://secret.example.invalid/${key.replace(/^[^:]*:/, "")}`;
    return { values, secretKeys: [...config.secretKeys] };
}

/** "urn:...::id" → "urn:..." */
function providerUrn(ref: string): string | null {
    if (!ref) return null;
    const cut = ref.lastIndexOf("::");
    return cut > 0 ? ref.slice(0, cut) : ref;
}

/** An alias as the SDK sent it (proto pulumirpc.Alias): an old URN, or a spec of what changed. */
function aliasSpec(alias: any): AliasSpec {
    if (!alias.hasSpec()) return { urn: alias.getUrn() };
    const spec = alias.getSpec();
    return {
        name: spec.getName(),
        type: spec.getType(),
        stack: spec.getStack(),
        project: spec.getProject(),
        parentUrn: spec.getParenturn(),
        noParent: spec.getNoparent(),
    };
}

/** The stack config of one package (`aws:region` → region), as the engine gives a default provider. */
function packageConfig(config: StackConfigFile, pkg: string): Record<string, unknown> {
    const secret = new Set(config.secretKeys);
    const entries = Object.entries(config.values).filter(([key]) => key.startsWith(`${pkg}:`));
    const shown = (key: string, value: string) => (secret.has(key) ? "[secret]" : value);
    return Object.fromEntries(entries.map(([key, value]) => [key.slice(pkg.length + 1), shown(key, value)]));
}

/**
 * Runs `program` as stack `stack` with `config` under mocks and returns the plan. Throws what the program
 * throws (a config error among them) before any resource is recorded.
 */
export async function runOffline(
    stack: string,
    config: StackConfigFile,
    program: () => Promise<unknown>,
    options: OfflineOptions = {},
): Promise<Plan> {
    const project = options.project ?? projectName;
    const reveal = !!options.placeholderSecrets;
    if (reveal) config = withPlaceholderSecrets(config);
    pulumi.runtime.setAllConfig(config.values, config.secretKeys);
    await pulumi.runtime.setMocks({ newResource: mockNewResource, call: mockCall }, project, stack, false);
    // Resource and error hooks run in the engine during a real `up`; offline there is no engine to call them
    // back, and the SDK's callback server would wait for it forever. Their registration is recorded as done.
    const store = (require("@pulumi/pulumi/runtime/state") as { getStore: () => Record<string, unknown> }).getStore();
    Object.assign(store, { callbacks: offlineCallbacks, supportsResourceHooks: true, supportsErrorHooks: true });
    const monitor = settings.getMonitor();
    const deployment: Deployment = { stack, project };
    // The mock monitor keeps only the parent's last type in a URN; the engine keeps the whole ancestor chain.
    // Every reference (parent, dependsOn, provider, resource inputs) is a URN the monitor returned, so
    // replacing its URN function makes all of them the engine's.
    monitor.newUrn = (parent: string, type: string, name: string) => generateUrn(stack, project, parent ?? "", type, name);
    const recorded = new Map<string, PlanResource>();
    let stackOutputs: Record<string, unknown> = {};
    let rawOutputs: StackOutputsForReference = { outputs: {}, secretOutputNames: [] };
    const noOptions = { protect: false, retainOnDelete: false, deleteBeforeReplace: false, ignoreChanges: [] };
    // A custom resource (or remote component) that names no provider gets the engine's default provider for
    // its package and version, which the engine registers as a resource of its own (inputs: the package's
    // stack config).
    const providerOf = (req: any, type: string, custom: boolean): string | null => {
        const explicit = providerUrn(req.getProvider());
        if (explicit || !(custom || req.getRemote?.()) || type.startsWith("pulumi:providers:")) return explicit;
        const pkg = typePackage(type);
        const version: string = req.getVersion?.() ?? "";
        const urn = defaultProviderUrn(deployment, pkg, version, req.getPlugindownloadurl?.() ?? "");
        if (!recorded.has(urn)) {
            const inputs = { ...packageConfig(config, pkg), ...(version ? { version } : {}) };
            const base = { urn, type: `pulumi:providers:${pkg}`, name: urnName(urn), parent: null, dependsOn: [] };
            recorded.set(urn, { ...base, provider: null, options: noOptions, custom: true, inputs, aliases: [] });
        }
        return urn;
    };
    // Registrations (and reads, such as StackReferences) are recorded as the engine would receive them.
    const record = (req: any, urn: string, custom: boolean, inputs: any) => {
        const parent: string = req.getParent() || "";
        const specs = (req.getAliasesList?.() ?? []).map(aliasSpec);
        const parentAliases = recorded.get(parent)?.aliases ?? [];
        recorded.set(urn, {
            urn,
            type: req.getType(),
            name: req.getName(),
            parent: parent || null,
            dependsOn: [...new Set<string>(req.getDependenciesList())].sort(),
            provider: providerOf(req, req.getType(), custom),
            options: {
                protect: !!req.getProtect?.(),
                retainOnDelete: !!req.getRetainondelete?.(),
                deleteBeforeReplace: !!req.getDeletebeforereplace?.(),
                ignoreChanges: [...(req.getIgnorechangesList?.() ?? [])].sort(),
                ...(req.getReplaceonchangesList?.()?.length ? { replaceOnChanges: [...req.getReplaceonchangesList()].sort() } : {}),
            },
            custom,
            inputs: sanitize(inputs?.toJavaScript() ?? {}, reveal) as Record<string, unknown>,
            aliases: allAliases(deployment, req.getName(), req.getType(), parent, specs, parentAliases),
        });
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        register(req, (err: unknown, resp: any) => {
            if (!err) record(req, resp.getUrn(), !!req.getCustom(), req.getObject());
            callback(err, resp);
        });
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        read(req, (err: unknown, resp: any) => {
            if (!err) record(req, resp.getUrn(), true, req.getProperties());
            callback(err, resp);
        });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
        if (recorded.get(req.getUrn())?.type === "pulumi:pulumi:Stack") {
            const raw = (req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
            stackOutputs = sanitize(raw, reveal) as Record<string, unknown>;
            rawOutputs = unwrapSecrets(raw);
        }
        return registerOutputs(req, callback);
    };

    // A value that fails inside an apply (a version check, a missing output) fails the registration that
    // needed it; Pulumi reports it as an unhandled rejection and `pulumi up` fails. Offline, the run does.
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    // The SDK records `new Error().stack` for every internal promise (leak diagnostics); with source maps
    // on that costs most of an offline run. Our errors carry their meaning in the message.
    const sourceMaps = process.sourceMapsEnabled;
    const stackTraceLimit = Error.stackTraceLimit;
    process.setSourceMapsEnabled(false);
    Error.stackTraceLimit = 2;
    try {
        await pulumi.runtime.runInPulumiStack(program);
        await settings.waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
    } finally {
        process.off("unhandledRejection", onRejection);
        process.setSourceMapsEnabled(sourceMaps);
        Error.stackTraceLimit = stackTraceLimit;
    }
    if (failures.length > 0) throw failures[0];

    const resources = [...recorded.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const plan = { project, stack, resources, outputs: stackOutputs };
    referenceOutputs.set(plan, rawOutputs);
    return plan;
}

/** A stack's outputs as a StackReference to it would see them: values in clear, secret ones named. */
export interface StackOutputsForReference {
    outputs: Record<string, unknown>;
    secretOutputNames: string[];
}

const referenceOutputs = new WeakMap<Plan, StackOutputsForReference>();

/** The outputs of an offline run, for feeding an offline StackReference (never written to a plan file). */
export function outputsForReference(plan: Plan): StackOutputsForReference {
    return referenceOutputs.get(plan) ?? { outputs: {}, secretOutputNames: [] };
}

function unwrapSecrets(raw: Record<string, unknown>): StackOutputsForReference {
    const reveal = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(reveal);
        if (v && typeof v === "object") {
            const obj = v as Record<string, unknown>;
            if (obj[specialSigKey] === secretSig) return reveal(obj.value);
            return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, reveal(x)]));
        }
        return v;
    };
    const isSecret = (v: unknown): boolean =>
        !!v &&
        typeof v === "object" &&
        ((v as Record<string, unknown>)[specialSigKey] === secretSig || Object.values(v as object).some(isSecret));
    return {
        outputs: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, reveal(v)])),
        secretOutputNames: Object.entries(raw)
            .filter(([, v]) => isSecret(v))
            .map(([k]) => k)
            .sort(),
    };
}

/** The plan as JSON text: keys sorted everywhere, so two runs of one config are byte-identical. */
export function planToJson(plan: Plan): string {
    return `${JSON.stringify(sanitize(plan), null, 2)}\n`;
}

/**
 * Plans a stack config the way `pulumi up` would run it. The platform half of a split deployment
 * (`stackRole: platform`) reads its cluster stack; offline, that stack is the same config planned as
 * `stackRole: cluster` first, and its outputs answer the StackReference.
 */
export async function planStack(
    stack: string,
    config: StackConfigFile,
    program: () => Promise<unknown>,
    options: OfflineOptions = {},
): Promise<Plan> {
    const key = (name: string) => `${projectName}:${name}`;
    const clusterStack = config.values[key("clusterStack")];
    if (config.values[key("stackRole")] === "platform" && clusterStack && !offlineStackOutputs.has(clusterStack)) {
        const values = { ...config.values, [key("stackRole")]: "cluster" };
        delete values[key("clusterStack")];
        const clusterPlan = await runOffline(`${stack}-cluster`, { ...config, values }, program, options);
        offlineStackOutputs.set(clusterStack, outputsForReference(clusterPlan));
    }
    return runOffline(stack, config, program, options);
}
