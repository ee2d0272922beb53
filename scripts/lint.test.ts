import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * `npm run lint` refuses what the house rules forbid: each rule is shown failing once, on a probe
 * file written into the tree (and removed) or a throw-away project, with the project's own config.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

async function failing(cmd: string, args: string[], cwd = root): Promise<string> {
  try {
    await run(bin(cmd), args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}`;
  }
  throw new Error(`${cmd} ${args.join(" ")} passed, but it should have failed`);
}

/** Write probe files into the tree for the duration of `fn`. */
async function withProbes<T>(files: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const written = Object.keys(files).map((f) => path.join(root, f));
  try {
    for (const [f, text] of Object.entries(files)) await fs.writeFile(path.join(root, f), text);
    return await fn();
  } finally {
    for (const f of written) await fs.rm(f, { force: true });
  }
}

describe("npm run lint refuses", () => {
  it("a layer violation: pure rules that reach for the database (dependency-cruiser)", async () => {
    const probe = "server/domain/zz-lint-probe-layer.ts";
    const out = await withProbes({ [probe]: 'import type { Db } from "@/db/client";\nexport type Probe = Db;\n' }, () =>
      failing("depcruise", [probe, "--config", ".dependency-cruiser.cjs", "--output-type", "err"]),
    );
    expect(out).toContain("domain-is-pure");
  }, 60_000);

  it("a client component importing a server module (eslint clearbook/client-boundary)", async () => {
    const eslint = new ESLint({ cwd: root });
    const code =
      '"use client";\nimport { listPlacementPage } from "@/server/services/queries/placement-list";\nexport const x = listPlacementPage;\n';
    const [result] = await eslint.lintText(code, { filePath: path.join(root, "components/zz-probe.tsx") });
    expect(result!.messages.map((m) => m.ruleId)).toContain("clearbook/client-boundary");
    // A type-only import is erased at build time and allowed.
    const [typeOnly] = await eslint.lintText(
      '"use client";\nimport type { PlacementListRow } from "@/server/services/queries/placement-list";\nexport type X = PlacementListRow;\n',
      { filePath: path.join(root, "components/zz-probe.tsx") },
    );
    expect(typeOnly!.messages.map((m) => m.ruleId)).not.toContain("clearbook/client-boundary");
  }, 60_000);

  it("an unused file and an unused export (knip, the project's config)", async () => {
    const out = await withProbes(
      {
        "server/lib/zz-lint-probe-orphan.ts": "export const orphan = 1;\n",
        "server/lib/zz-lint-probe-used.ts": 'import { used } from "./zz-lint-probe-lib";\nexport const probe = used;\n',
        "server/lib/zz-lint-probe-lib.ts": "export const used = 1;\nexport const unusedExport = 2;\n",
      },
      async () => {
        // The "used" probe stands in for an entry point, so its library's exports are checked.
        const config = JSON.parse(await fs.readFile(path.join(root, "knip.json"), "utf8"));
        config.entry.push("server/lib/zz-lint-probe-used.ts");
        const tmp = path.join(os.tmpdir(), `knip-probe-${process.pid}.json`);
        await fs.writeFile(tmp, JSON.stringify(config));
        try {
          return await failing("knip", ["--config", tmp, "--no-progress"]);
        } finally {
          await fs.rm(tmp, { force: true });
        }
      },
    );
    expect(out).toContain("zz-lint-probe-orphan.ts");
    expect(out).toMatch(/unusedExport/);
  }, 120_000);

  it("an unused dependency (knip)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "knip-deps-"));
    try {
      await fs.writeFile(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "probe", private: true, dependencies: { "left-pad": "1.3.0", zod: "4.0.0" } }),
      );
      await fs.writeFile(path.join(dir, "index.ts"), 'import { z } from "zod";\nexport const s = z.string();\n');
      await fs.writeFile(path.join(dir, "knip.json"), JSON.stringify({ entry: ["index.ts"], project: ["**/*.ts"] }));
      expect(await failing("knip", ["--directory", dir, "--no-progress"])).toContain("left-pad");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("unformatted code (prettier --check)", async () => {
    const probe = "server/lib/zz-lint-probe-format.ts";
    const out = await withProbes({ [probe]: "export const   probe = {a:1,\n b:2}\n" }, () =>
      failing("prettier", ["--check", probe]),
    );
    expect(out).toContain(probe);
  }, 60_000);
});
