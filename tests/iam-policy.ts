// A small evaluator of the IAM policy language subset the program writes (Allow/Deny, Action and Resource with
// `*` wildcards, StringEquals/StringLike/ArnLike and their IfExists forms; a trust policy has no Resource), so tests can ask what AWS would answer to
// the calls a tool really makes, instead of restating the policy JSON. An absent condition key fails a plain
// operator and passes an IfExists one, as in IAM.

export interface Request {
    action: string;
    resource: string;
    /** Condition keys present in the request, e.g. { "s3:prefix": "cluster/postgres/" }. */
    context?: Record<string, string>;
}

interface Statement {
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const glob = (pattern: string, value: string) =>
    new RegExp(
        `^${pattern
            .split("*")
            .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
            .join(".*")}$`,
    ).test(value);

function conditionHolds(operator: string, key: string, expected: string[], context: Record<string, string>): boolean {
    const ifExists = operator.endsWith("IfExists");
    const base = operator.replace(/IfExists$/, "");
    const actual = context[key];
    if (actual === undefined) return ifExists;
    if (base === "StringEquals" || base === "Bool") return expected.includes(actual);
    if (base === "StringLike" || base === "ArnLike") return expected.some((e) => glob(e, actual));
    throw new Error(`iam-policy: operator ${operator} is not modelled`);
}

function matches(statement: Statement, request: Request): boolean {
    if (!list(statement.Action).some((a) => glob(a, request.action))) return false;
    if (statement.Resource !== undefined && !list(statement.Resource).some((r) => glob(r, request.resource))) return false;
    return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, list(values), request.context ?? {})),
    );
}

/** True when the policy documents allow the request: some Allow matches and no Deny does. */
export function allows(policies: readonly string[], request: Request): boolean {
    const statements = policies.flatMap((p) => list((JSON.parse(p) as { Statement: Statement | Statement[] }).Statement));
    if (statements.some((s) => s.Effect === "Deny" && matches(s, request))) return false;
    return statements.some((s) => s.Effect === "Allow" && matches(s, request));
}
