import { configJsonSchema } from "/work/wt-desc/stacks/config";
type S = Record<string, any>;
const missing: string[] = []; const objs: string[] = []; let leaves = 0;
const walk = (s: S, at: string) => {
    const branches = (s.anyOf ?? s.oneOf) as S[] | undefined;
    if (s.type === "object" && s.properties) {
        if (!s.description && at) objs.push(at);
        for (const [k, c] of Object.entries<S>(s.properties)) walk(c, at ? `${at}.${k}` : k);
        return;
    }
    if (s.type === "array" && s.items?.type === "object" && s.items.properties) {
        if (!s.description) objs.push(at);
        walk(s.items, `${at}[]`); return;
    }
    leaves++;
    if (!s.description) missing.push(at);
};
walk(configJsonSchema(), "");
console.log("leaves", leaves, "missing", missing.length, "objects without", objs.length);
if (process.argv.includes("-v")) { console.log(missing.join("\n")); console.log("--objects--"); console.log(objs.join("\n")); }
