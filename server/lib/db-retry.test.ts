import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { describeError, isTransientDbError, sqlState, TransientDbError } from "./db-retry";

const pgError = (code: string, message = "boom") => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: insert …"), { cause });

describe("db-retry", () => {
  it.each([
    ["40001", true],
    ["40P01", true],
    ["55P03", true],
    ["23505", true],
    ["23503", false],
    ["22P02", false],
  ])("SQLSTATE %s is transient: %s", (code, transient) => {
    expect(isTransientDbError(wrapped(pgError(code)))).toBe(transient);
  });

  it("reads the SQLSTATE through wrappers and ignores non-SQL codes", () => {
    expect(sqlState(wrapped(wrapped(pgError("40P01"))))).toBe("40P01");
    expect(sqlState(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBeUndefined();
    expect(isTransientDbError(new TransientDbError("busy"))).toBe(true);
  });

  it("describes errors by their root cause", () => {
    expect(describeError(new AppError("CONFLICT", "reversal exceeds"))).toBe("reversal exceeds");
    expect(describeError(wrapped(pgError("23503", "violates foreign key")))).toBe(
      "violates foreign key (SQLSTATE 23503)",
    );
  });
});
