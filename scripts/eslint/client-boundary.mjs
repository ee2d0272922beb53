import path from "node:path";

/**
 * `clearbook/client-boundary`: a client component ("use client" first in the file) never imports
 * server code, since the bundler would ship it to the browser (and with it secrets, the database
 * driver or Node built-ins). Type-only imports are erased and allowed. Allowed at run time: the
 * browser's tRPC client (server/trpc/react, query-client), pure rules (server/domain) and the role
 * names (server/auth/roles).
 */
const ALLOWED = [/^server\/trpc\/(react|query-client)(\.tsx?)?$/, /^server\/domain\//, /^server\/auth\/roles(\.ts)?$/];
const SERVER = /^(server|db|inngest)\//;

function resolve(fromFile, spec, root) {
  if (spec.startsWith("@/")) return spec.slice(2);
  if (spec.startsWith(".")) return path.relative(root, path.resolve(path.dirname(fromFile), spec));
  return null;
}

export const clientBoundary = {
  meta: {
    type: "problem",
    docs: { description: "client components import no server modules (type-only imports excepted)" },
    messages: {
      server: '"use client" file imports server module "{{spec}}": pass the data down as props or call it through tRPC',
    },
    schema: [],
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const first = body[0];
    const isClient = first?.type === "ExpressionStatement" && first.directive === "use client";
    if (!isClient) return {};
    const root = context.cwd;
    const check = (node, spec, typeOnly) => {
      if (typeOnly || typeof spec !== "string") return;
      const target = resolve(context.filename, spec, root);
      if (target && SERVER.test(target) && !ALLOWED.some((r) => r.test(target)))
        context.report({ node, messageId: "server", data: { spec } });
    };
    return {
      ImportDeclaration(node) {
        const allTypes =
          node.importKind === "type" ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"));
        check(node, node.source.value, allTypes);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === "type");
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === "type");
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value, false);
      },
    };
  },
};

export default { rules: { "client-boundary": clientBoundary } };
