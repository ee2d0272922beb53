import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./disposition";

describe("attachmentDisposition (RFC 6266)", () => {
  it.each([
    ["statement-2026-11.pdf", `attachment; filename="statement-2026-11.pdf"`],
    ["remittances 2026.csv", `attachment; filename="remittances 2026.csv"`],
    [
      `Relevé "Q4" 100%.csv`,
      `attachment; filename="Releve _Q4_ 100_.csv"; filename*=UTF-8''Relev%C3%A9%20%22Q4%22%20100%25.csv`,
    ],
    [
      "東京 売掛金.csv",
      `attachment; filename="__ ___.csv"; filename*=UTF-8''%E6%9D%B1%E4%BA%AC%20%E5%A3%B2%E6%8E%9B%E9%87%91.csv`,
    ],
    ["back\\slash.csv", `attachment; filename="back_slash.csv"; filename*=UTF-8''back%5Cslash.csv`],
    ["it's (final)*.csv", `attachment; filename="it's (final)*.csv"`],
    [".env", `attachment; filename="_env"; filename*=UTF-8''.env`],
    ["€", `attachment; filename="_"; filename*=UTF-8''%E2%82%AC`],
  ])("%s", (name, header) => {
    expect(attachmentDisposition(name)).toBe(header);
  });

  it("never lets a name break out of the header", () => {
    for (const name of ['a"; filename="evil.exe', "a\r\nSet-Cookie: x=1", "a;b,c.csv"]) {
      const header = attachmentDisposition(name);
      expect(header).not.toMatch(/[\r\n]/);
      expect(header.match(/"/g)).toHaveLength(2);
      expect(() => new Headers({ "Content-Disposition": header })).not.toThrow();
    }
  });
});
