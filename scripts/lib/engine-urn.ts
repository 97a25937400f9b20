// The Pulumi engine's URN and alias rules, ported line for line so the offline plan names every resource
// exactly as `pulumi up` will. A URN is the identity of a resource in the state: when it changes without an
// alias covering the old one, the engine deletes the old resource and creates a new one.
// Sources (pulumi/pulumi): sdk/go/common/resource/urn/urn.go (New, QualifiedType, Name),
// sdk/go/common/resource/alias.go (CreateURN), pkg/resource/deploy/deployment.go (generateURN),
// pkg/resource/deploy/step_generator.go (collapseAliasToUrn, inheritedChildAlias, generateAliases),
// pkg/resource/deploy/providers/provider.go (ProviderRequest.DefaultName).

export const rootStackType = "pulumi:pulumi:Stack";
const prefix = "urn:pulumi:";
const nameDelimiter = "::";
const typeDelimiter = "$";

/** urn.New: `urn:pulumi:<stack>::<project>::<parentType$type>::<name>`; the root Stack adds no prefix. */
export function newUrn(stack: string, project: string, parentType: string, type: string, name: string): string {
    const qualified = parentType && parentType !== rootStackType ? parentType + typeDelimiter + type : type;
    return prefix + [stack, project, qualified, name].join(nameDelimiter);
}

/** The `::`-separated parts after the prefix: stack, project, qualified type, then the name (which may hold `::`). */
function component(urn: string, index: number): string {
    if (!urn.startsWith(prefix)) throw new Error(`not a URN: "${urn}"`);
    const parts = urn.slice(prefix.length).split(nameDelimiter);
    return index === 3 ? parts.slice(3).join(nameDelimiter) : (parts[index] ?? "");
}

export const urnStack = (urn: string) => component(urn, 0);
export const urnProject = (urn: string) => component(urn, 1);
/** The resource type with its ancestors' types, e.g. `groundwork:platform:Platform$groundwork:addons:Traefik`. */
export const qualifiedType = (urn: string) => component(urn, 2);
export const urnName = (urn: string) => component(urn, 3);
/** The resource's own type: the last element of the qualified type. */
export const urnType = (urn: string) => qualifiedType(urn).split(typeDelimiter).pop()!;

/** Deployment.generateURN: the URN the engine gives a registration of `type`/`name` under `parent`. */
export function generateUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent && qualifiedType(parent) !== rootStackType ? qualifiedType(parent) : "";
    return newUrn(stack, project, parentType, type, name);
}

/** resource.CreateURN: a URN from a name, type and optional parent URN (whose stack and project it keeps). */
export function createUrn(name: string, type: string, parent: string, project: string, stack: string): string {
    if (!parent) return `${prefix}${stack}${nameDelimiter}${project}${nameDelimiter}${type}${nameDelimiter}${name}`;
    const cut = parent.lastIndexOf(nameDelimiter);
    if (cut < 0) throw new Error(`Expected 'parent' string '${parent}' to contain '::'`);
    return `${parent.slice(0, cut)}${typeDelimiter}${type}${nameDelimiter}${name}`;
}

/** An alias as the SDK sends it to the engine (proto Alias: a URN, or a spec whose empty fields mean "same"). */
export interface AliasSpec {
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    parentUrn?: string;
    noParent?: boolean;
}

/** Where the engine runs: the stack and project of the deployment. */
export interface Deployment {
    stack: string;
    project: string;
}

/**
 * stepGenerator.collapseAliasToUrn. `parentAlias` is the old URN the alias's parent was found under when that
 * parent itself was matched through an alias (the engine's `sg.aliases[parent]`), if it was.
 */
export function collapseAliasToUrn(
    d: Deployment,
    name: string,
    type: string,
    resParent: string,
    alias: AliasSpec,
    parentAlias?: (urn: string) => string | undefined,
): string {
    if (alias.urn) return alias.urn;
    const n = alias.name || name;
    const t = alias.type || type;
    let parent = alias.parentUrn || resParent;
    if (alias.parentUrn) parent = parentAlias?.(alias.parentUrn) ?? parent;
    const parentIsRootStack = parent !== "" && qualifiedType(parent) === rootStackType;
    if (alias.noParent || parentIsRootStack) parent = "";
    return createUrn(n, t, parent, alias.project || d.project, alias.stack || d.stack);
}

/**
 * stepGenerator.inheritedChildAlias: the child's URN under its parent's old URN. A child named after its
 * parent (`<parent>-suffix`, the usual convention) follows a parent rename.
 */
export function inheritedChildAlias(d: Deployment, childType: string, childName: string, parentName: string, parentAlias: string): string {
    const renamedPrefix = urnName(parentAlias) + childName.slice(parentName.length);
    const aliasName = childName.startsWith(parentName) ? renamedPrefix : childName;
    return newUrn(d.stack, d.project, qualifiedType(parentAlias), childType, aliasName);
}

/**
 * stepGenerator.generateAliases: the old URNs a registration may be found under, in the engine's order.
 * `parentAlias` is the old URN its parent was matched under, if the parent was matched through an alias.
 */
export function generateAliases(
    d: Deployment,
    name: string,
    type: string,
    parent: string,
    aliases: readonly AliasSpec[],
    parentAlias?: string,
): string[] {
    const result: string[] = [];
    const add = (urn: string) => {
        if (!result.includes(urn)) result.push(urn);
    };
    const aliasOf = (urn: string) => (urn === parent ? parentAlias : undefined);
    for (const alias of aliases) add(collapseAliasToUrn(d, name, type, parent, alias, aliasOf));
    if (parent && parentAlias) {
        add(inheritedChildAlias(d, type, name, urnName(parent), parentAlias));
        for (const alias of aliases) {
            const childAlias = collapseAliasToUrn(d, name, type, parent, alias, aliasOf);
            add(inheritedChildAlias(d, urnType(childAlias), urnName(childAlias), urnName(parent), parentAlias));
        }
    }
    return result;
}

/**
 * Every old URN a registration could be found under, whichever of its parent's old URNs the engine matches
 * the parent under (an offline plan has no old state to pick one): the union of generateAliases over the
 * parent's own aliases, which already include the grandparent's, and so on up the tree.
 */
export function allAliases(
    d: Deployment,
    name: string,
    type: string,
    parent: string,
    aliases: readonly AliasSpec[],
    parentAliases: readonly string[],
): string[] {
    const out = new Set(generateAliases(d, name, type, parent, aliases));
    for (const parentAlias of parentAliases) {
        for (const urn of generateAliases(d, name, type, parent, aliases, parentAlias)) out.add(urn);
    }
    return [...out].sort();
}

/**
 * ProviderRequest.DefaultName: `default_4_34_2` for version 4.34.2 (dots are not allowed in names), plus the
 * plugin download URL when one is set; just `default` without a version.
 */
export function defaultProviderName(version: string, pluginDownloadUrl = ""): string {
    let name = "default";
    if (version) {
        const match = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(version);
        if (!match) throw new Error(`default provider: expected a semantic version, got "${version}"`);
        const [, major, minor, patch, pre, build] = match;
        name += `_${Number(major)}_${Number(minor)}_${Number(patch)}`;
        for (const part of pre ? pre.split(".") : []) name += `_${part}`;
        for (const part of build ? build.split(".") : []) name += `_${part}`;
    }
    if (pluginDownloadUrl) name += `_${intoQName(pluginDownloadUrl)}`;
    return name;
}

/** tokens.IntoQName: `/`-separated segments, empty ones dropped, other characters than [A-Za-z0-9_.-] → `_`. */
function intoQName(s: string): string {
    const segments = s
        .split("/")
        .filter(Boolean)
        .map((seg) => seg.replace(/[^A-Za-z0-9_.-]/g, "_"));
    return segments.join("/") || "_";
}

/** The package of a type token: `kubernetes:core/v1:Namespace` → `kubernetes`. */
export const typePackage = (type: string) => type.split(":")[0];

/** The URN of the provider the engine creates for resources of `pkg` that name none (a default provider). */
export function defaultProviderUrn(d: Deployment, pkg: string, version: string, pluginDownloadUrl = ""): string {
    return newUrn(d.stack, d.project, "", `pulumi:providers:${pkg}`, defaultProviderName(version, pluginDownloadUrl));
}
